import Foundation
import Testing
import ZIPFoundation

/// `thidua export … --format docx|xlsx|pdf` (issue 12): the formats each kind takes, LibreOffice
/// missing or failing, and what a real LibreOffice makes of the certificates and decisions.
@Suite struct FormatsCLITests {
    let cli = CLITests()

    /// DVK-2024 scored with its award configuration, in a new database; the options that export it.
    func documentsDatabase() throws -> (dir: URL, args: [String]) {
        let (dir, db) = try DocumentsCLITests().scoredDatabase()
        let config = CLITests.packageRoot.appendingPathComponent("Examples/khen-thuong-DVK-2024.yaml").path
        #expect(try cli.run(["import", "decisions", config, "--db", db]).status == 0)
        return (dir, ["--campaign", "DVK-2024", "--seed", "2024", "--db", db])
    }

    /// A folder holding only a `soffice` that runs `script`, for `PATH`.
    func fakeOffice(_ script: String, in dir: URL) throws -> String {
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let soffice = bin.appendingPathComponent("soffice")
        try "#!/bin/sh\n\(script)\n".write(to: soffice, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: soffice.path)
        return bin.path
    }

    /// The real LibreOffice, or nil (a failure in CI, where every check runs).
    func realOffice() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        if let found = path.split(separator: ":").map({ "\($0)/soffice" }).first(where: FileManager.default.isExecutableFile) {
            return found
        }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("LibreOffice (soffice) is not in PATH; in CI every check runs (bash ../shared/tools/install-odf-tools)")
        } else {
            print("SKIP: no soffice in PATH")
        }
        return nil
    }

    @Test func aFormatThatDoesNotFitTheKindIsRefusedWithTheOnesThatDo() throws {
        let cases: [([String], String)] = [
            (["decision", "--format", "xlsx"], "--format xlsx không dùng được cho decision; decision xuất được: odt, docx, pdf."),
            (["certificates", "--format", "ods"], "--format ods không dùng được cho certificates; certificates xuất được: odt, docx, pdf."),
            (["list", "--format", "docx"], "--format docx không dùng được cho list; list xuất được: ods, xlsx, pdf."),
            (["sheets", "--format", "odt"], "--format odt không dùng được cho sheets; sheets xuất được: ods, xlsx, pdf."),
            (["xml", "--format", "pdf"], "--format pdf không dùng được cho xml; xml xuất được: xml."),
        ]
        for (arguments, message) in cases {
            let result = try cli.run(["export"] + arguments + ["--campaign", "DVK-2024", "--out", "/nonexistent", "--db", "/nonexistent.sqlite"])
            #expect(result.status == 2, "\(arguments)")
            #expect(result.err.hasPrefix("Error: \(message)\n"), "\(result.err)")
        }
        let unknown = try cli.run(["export", "decision", "--format", "doc", "--campaign", "DVK-2024", "--out", "/x"])
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("'doc'"))
    }

    @Test func withoutLibreOfficeTheErrorNamesThePackageAndNothingIsWritten() throws {
        let (dir, args) = try documentsDatabase()
        let empty = dir.appendingPathComponent("empty-bin")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("out")
        for (kind, format, package) in [("decision", "docx", "libreoffice-writer"), ("certificates", "pdf", "libreoffice-writer"),
            ("list", "xlsx", "libreoffice-calc"), ("sheets", "pdf", "libreoffice-calc")]
        {
            let result = try cli.run(["export", kind, "--format", format, "--out", out.path] + args,
                in: CLITests.packageRoot, environment: ["PATH": empty.path])
            #expect(result.status == 1, "\(kind)")
            #expect(result.err == "Cần LibreOffice để xuất \(format.uppercased()) nhưng không tìm thấy lệnh soffice trong PATH (\(empty.path)). "
                + "Cài gói \(package): sudo apt-get install \(package) (máy chủ không có giao diện: \(package)-nogui); "
                + "hoặc xuất tệp ODF (bỏ --format).\n")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func aConversionThatFailsIsAnErrorNamingTheFile() throws {
        let (dir, args) = try documentsDatabase()
        let out = dir.appendingPathComponent("out")
        // soffice exits 0 but writes nothing, as it does when it cannot load a file.
        let silent = try fakeOffice("echo 'Error: source file could not be loaded' >&2; exit 0", in: dir.appendingPathComponent("silent"))
        let quiet = try cli.run(["export", "decision", "--format", "docx", "--out", out.path] + args,
            in: CLITests.packageRoot, environment: ["PATH": silent])
        #expect(quiet.status == 1)
        #expect(quiet.err == "LibreOffice không tạo được tệp DOCX từ \(out.path)/quyet-dinh-DVK-2024-bang_khen.odt "
            + "(soffice kết thúc bình thường nhưng không có tệp quyet-dinh-DVK-2024-bang_khen.docx; soffice: Error: source file could not be loaded). "
            + "Kiểm tra tệp mở được trong LibreOffice và gói libreoffice-writer đã được cài.\n")
        // The ODT itself was written: the user can open it and see why.
        #expect(FileManager.default.fileExists(atPath: "\(out.path)/quyet-dinh-DVK-2024-bang_khen.odt"))

        let crashing = try fakeOffice("echo 'segfault' >&2; exit 3", in: dir.appendingPathComponent("crashing"))
        let crashed = try cli.run(["export", "list", "--format", "xlsx", "--out", out.path] + args,
            in: CLITests.packageRoot, environment: ["PATH": crashing])
        #expect(crashed.status == 1)
        #expect(crashed.err == "LibreOffice (\(crashing)/soffice) dừng với mã thoát 3 khi chuyển list-DVK-2024.ods sang XLSX: segfault\n")
    }

    // MARK: With a real LibreOffice

    /// The pages of a PDF, as `pdfinfo` (poppler-utils) counts them.
    func pages(_ pdf: URL) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdfinfo", pdf.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("Pages:") }, "pdfinfo \(pdf.path): \(text)")
        return try #require(Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)))
    }

    /// Converts files with LibreOffice as a user would open them (a DOCX back to PDF).
    func convert(_ soffice: String, _ files: [URL], to format: String, in dir: URL) throws -> URL {
        let out = dir.appendingPathComponent("back-\(format)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        process.arguments = ["-env:UserInstallation=" + dir.appendingPathComponent("profile").absoluteString, "--headless",
            "--convert-to", format, "--outdir", out.path] + files.map(\.path)
        process.environment = ProcessInfo.processInfo.environment.merging(["HOME": dir.path]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return out
    }

    func part(_ file: URL, _ path: String) throws -> String {
        let archive = try Archive(url: file, accessMode: .read)
        var data = Data()
        _ = try archive.extract(try #require(archive[path]), consumer: { data.append($0) })
        return String(decoding: data, as: UTF8.self)
    }

    @Test func certificatesThroughDOCXKeepOnePagePerAwardee() throws {
        guard let soffice = realOffice() else { return }
        let (dir, args) = try documentsDatabase()
        let out = dir.appendingPathComponent("out")
        for overprint in [true, false] {
            let result = try cli.run(["export", "certificates", "--format", "docx", "--out", out.path] + (overprint ? ["--overprint"] : []) + args,
                in: CLITests.packageRoot)
            #expect(result.status == 0, "\(result.err)")
        }
        #expect(try cli.run(["export", "certificates", "--format", "pdf", "--overprint", "--out", out.path] + args,
            in: CLITests.packageRoot).status == 0)
        let stems = ["giay-khen-DVK-2024-bang_khen": 3, "giay-khen-DVK-2024-giay_khen": 6,
            "giay-khen-in-phoi-DVK-2024-bang_khen": 3, "giay-khen-in-phoi-DVK-2024-giay_khen": 6]
        let back = try convert(soffice, stems.keys.sorted().map { out.appendingPathComponent("\($0).docx") }, to: "pdf", in: dir)
        for (stem, awardees) in stems {
            // The overprint through DOCX was 11 pages for 6 awardees: a blank before each but the first.
            #expect(try pages(back.appendingPathComponent("\(stem).pdf")) == awardees, "\(stem).docx")
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(stem).odt").path))
            let document = try part(out.appendingPathComponent("\(stem).docx"), "word/document.xml")
            #expect(!document.contains("<w:br w:type=\"page\"/>"), "\(stem).docx: a page break beside the section break")
        }
        // --format pdf keeps the ODT beside the PDF.
        #expect(try pages(out.appendingPathComponent("giay-khen-in-phoi-DVK-2024-giay_khen.pdf")) == 6)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("giay-khen-in-phoi-DVK-2024-giay_khen.odt").path))
    }

    @Test func theDecisionAsDOCXRepeatsTheListsHeaderRowAndKeepsRowsWhole() throws {
        guard let soffice = realOffice() else { return }
        let (dir, args) = try documentsDatabase()
        let out = dir.appendingPathComponent("out")
        let result = try cli.run(["export", "decision", "--format", "docx", "--out", out.path] + args, in: CLITests.packageRoot)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "Đã ghi \(out.path)/quyet-dinh-DVK-2024-bang_khen.odt, \(out.path)/quyet-dinh-DVK-2024-giay_khen.odt\n"
            + "Đã chuyển sang DOCX (LibreOffice): \(out.path)/quyet-dinh-DVK-2024-bang_khen.docx, \(out.path)/quyet-dinh-DVK-2024-giay_khen.docx\n")
        let docx = out.appendingPathComponent("quyet-dinh-DVK-2024-giay_khen.docx")
        let document = try part(docx, "word/document.xml")
        #expect(document.contains("<w:tblHeader"))
        #expect(document.contains("<w:cantSplit"))
        #expect(try part(docx, "word/fontTable.xml").contains("<w:font w:name=\"Times New Roman\">"))
        let odt = try convert(soffice, [out.appendingPathComponent("quyet-dinh-DVK-2024-giay_khen.odt")], to: "pdf", in: dir)
        let back = try convert(soffice, [docx], to: "pdf", in: dir)
        #expect(try pages(back.appendingPathComponent("quyet-dinh-DVK-2024-giay_khen.pdf"))
            == (try pages(odt.appendingPathComponent("quyet-dinh-DVK-2024-giay_khen.pdf"))))
    }

    @Test func theListAsXLSXKeepsItsHeaderRowsForPrinting() throws {
        guard realOffice() != nil else { return }
        let (dir, args) = try documentsDatabase()
        let out = dir.appendingPathComponent("out")
        let result = try cli.run(["export", "list", "--format", "xlsx", "--out", out.path] + args, in: CLITests.packageRoot)
        #expect(result.status == 0, "\(result.err)")
        let workbook = try part(out.appendingPathComponent("list-DVK-2024.xlsx"), "xl/workbook.xml")
        #expect(workbook.contains("_xlnm.Print_Titles"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("list-DVK-2024.ods").path))
    }

    @Test func aTemplateWithAPlaceholderTypedAsTextWarnsOrIsRefused() throws {
        let (dir, args) = try documentsDatabase()
        let shipped = try String(contentsOf: CLITests.packageRoot.appendingPathComponent("Exports/giay-khen-in-phoi.fodt"), encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        // An unknown name typed as text: printed as it is, with a warning on stderr.
        let unknown = dir.appendingPathComponent("ghi-chu.fodt")
        try shipped.replacingOccurrences(of: "<text:p text:style-name=\"PNguoiKy\">", with: "<text:p text:style-name=\"PNguoiKy\">&lt;ghi_chu&gt; ")
            .write(to: unknown, atomically: true, encoding: .utf8)
        let warned = try cli.run(["export", "certificates", "--overprint", "--template", unknown.path, "--out", out.path] + args)
        #expect(warned.status == 0, "\(warned.err)")
        #expect(warned.err.contains("\(unknown.path):"))
        #expect(warned.err.contains(": cảnh báo: phần thân văn bản, đoạn “<ghi_chu>”: '<ghi_chu>' là chữ thường và sẽ được in nguyên văn."))
        #expect(warned.err.contains("Chèn › Trường › Trường khác… › Hàm › Chỗ dành sẵn"))
        // A field the certificate fills, typed as text: refused.
        let known = dir.appendingPathComponent("nguoi-nhan.fodt")
        try shipped.replacingOccurrences(of: "<text:p text:style-name=\"PNguoiKy\">", with: "<text:p text:style-name=\"PNguoiKy\">&lt;nguoi_nhan&gt;")
            .write(to: known, atomically: true, encoding: .utf8)
        let refused = try cli.run(["export", "certificates", "--overprint", "--template", known.path, "--out", out.path] + args)
        #expect(refused.status == 1)
        #expect(refused.err.hasPrefix("Mẫu văn bản \(known.path):"))
        #expect(refused.err.contains("'<nguoi_nhan>' được gõ như chữ thường, không phải chỗ giữ chỗ"))
    }
}
