import Foundation
import Testing
import ThiDuaCore
import ThiDuaODF
import ThiDuaStore
import ZIPFoundation

/// `thidua import scores FILE.ods`, end to end with the real binary and a real SQLite store:
/// export the blank sheets, fill one, import it; and every kind of bad file, each refused with
/// its message and the database left as it was.
@Suite struct ScoreSheetImportTests {
    let cli = CLITests()

    /// The demo dataset without its scores, and GK03's blank sheet exported from it.
    struct Setup {
        var dir: URL
        var db: String
        var blank: URL
    }

    func setUp() throws -> Setup {
        let dir = try cli.temporaryDirectory()
        let db = dir.appendingPathComponent("t.sqlite").path
        for kind in ["units", "blocs", "campaigns", "models", "pledges", "targets", "reports", "jurors", "assignments"] {
            let result = try cli.run(["import", kind, CLITests.packageRoot.appendingPathComponent("Examples/\(kind).csv").path, "--db", db])
            #expect(result.status == 0, "\(kind): \(result.err)")
        }
        let export = try cli.run(["export", "sheets", "--campaign", "DVK-2024", "--out", dir.path, "--db", db], in: CLITests.packageRoot)
        #expect(export.status == 0, "\(export.err)")
        return Setup(dir: dir, db: db, blank: dir.appendingPathComponent("phieu-cham-DVK-2024-GK03.ods"))
    }

    func scoreCount(_ db: String) throws -> Int {
        try Store(path: db).scores(campaign: "DVK-2024").count
    }

    /// The parts of an exported sheet: its title lines, its header row, its entries' rows and its footer row.
    func parts(_ sheet: ODSSheet) throws -> (titles: [String], header: [String], entries: ArraySlice<ODSRow>, footer: ODSRow) {
        let header = try #require(sheet.rows.firstIndex { $0[1]?.text == "Mã mô hình" })
        let footer = try #require(sheet.rows.firstIndex { $0[1]?.text.hasPrefix("Số mô hình trên phiếu: ") == true })
        return (sheet.rows[..<header].map { $0[1]!.text }, sheet.rows[header].cells.map(\.text), sheet.rows[(header + 1)..<footer],
            sheet.rows[footer])
    }

    /// GK03's sheet as a juror fills it in an office program: the exported titles, header, entries
    /// and footer (title lines on rows 1–4, the header on row 6, the first entry on row 7), numbers
    /// typed into the score cells (`points(entry row, criterion column)`, nil leaves a cell empty).
    func filled(_ setup: Setup, name: String = "filled.ods", header: [String]? = nil, change: (inout [[Spreadsheet.Cell]]) -> Void = { _ in },
        points: (Int, Int) -> String? = { row, column in String(5 + (row + column) % 5) }) throws -> URL
    {
        let document = try ODSDocument(url: setup.blank)
        let title = try document.metadata().title
        let sheet = try document.sheets()[0]
        let exported = try parts(sheet)
        var rows: [[Spreadsheet.Cell]] = []
        for (i, row) in exported.entries.enumerated() {
            var cells: [Spreadsheet.Cell] = [.text(row[1]!.text), .text(row[2]!.text), .text(row[3]!.text)]
            for c in 0..<5 {
                if let p = points(i, c) { cells.append(.number(p, shown: p.replacingOccurrences(of: ".", with: ","))) } else { cells.append(.empty) }
            }
            cells.append(i == 0 ? .text("Mô hình có sức lan tỏa") : .empty)
            rows.append(cells)
        }
        change(&rows)
        let url = setup.dir.appendingPathComponent(name)
        let footer = Spreadsheet.FooterRow(exported.footer.cells.filter { !$0.isEmpty }.map { .init(columns: ($0.column - 1)..<$0.column, [.init($0.text)]) })
        try Spreadsheet(sheets: [Spreadsheet.Sheet(name: sheet.name, headers: header ?? exported.header, rows: rows,
            titles: exported.titles.map { .init($0) }, footer: [footer])], title: title).write(to: url)
        return url
    }

    @Test func aFilledSheetRoundTrips() throws {
        let setup = try setUp()
        // MH-01 leaves C1 unscored.
        let url = try filled(setup, points: { row, column in row == 0 && column == 4 ? nil : String(5 + (row + column) % 5) })
        // No dc:date in the file: the time is the file's modification time, shown in the campaign's time zone.
        let saved = Date(timeIntervalSince1970: 1_733_820_300)  // 2024-12-10 08:45 UTC
        try FileManager.default.setAttributes([.modificationDate: saved], ofItemAtPath: url.path)

        let result = try cli.run(["import", "scores", "filled.ods", "--db", setup.db], in: setup.dir)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "filled.ods: 189 dòng — thêm 189, cập nhật 0, giữ nguyên 0\n")

        let scores = try Store(path: setup.db).scores(campaign: "DVK-2024")
        #expect(scores.count == 189)
        #expect(Set(scores.map(\.juror)) == ["GK03"])
        // GK03's own unit's models are not on the sheet.
        #expect(!scores.contains { $0.entry == "MH-23" || $0.entry == "MH-24" })
        #expect(Set(scores.map(\.time.description)) == ["2024-12-10T15:45:00+07:00"])
        let first = scores.filter { $0.entry == "MH-01" }
        #expect(first.map(\.criterion) == ["A1", "A2", "B1", "B2"])
        #expect(first.map(\.points) == [Exact(5), Exact(6), Exact(7), Exact(8)])
        #expect(Set(first.map(\.comment)) == ["Mô hình có sức lan tỏa"])

        // The same file again: nothing new.
        let again = try cli.run(["import", "scores", "filled.ods", "--db", setup.db], in: setup.dir)
        #expect(again.out == "filled.ods: 189 dòng — thêm 0, cập nhật 0, giữ nguyên 189\n")

        // A corrected sheet: only the changed cell is logged, with the reason given.
        let corrected = try filled(setup, name: "corrected.ods", points: { row, column -> String? in
            if row == 0 && column == 4 { return nil }
            if row == 0 && column == 0 { return "15.5" }
            return String(5 + (row + column) % 5)
        })
        let refused = try cli.run(["import", "scores", "corrected.ods", "--db", setup.db, "--scored-at", "2024-12-12 09:00"], in: setup.dir)
        #expect(refused.status == 1)
        #expect(refused.err == """
            corrected.ods: GK03!D7: điểm 15,5 khác điểm 5 thành viên GK03 đã chấm cho mô hình MH-01, tiêu chí A1; sửa điểm cần có lý do: hãy ghi lý do bằng tùy chọn --reason "…"
            corrected.ods: không nhập dòng nào

            """)
        let fixed = try cli.run(["import", "scores", "corrected.ods", "--db", setup.db, "--scored-at", "2024-12-12 09:00", "--reason", "Gõ nhầm"], in: setup.dir)
        #expect(fixed.out == "corrected.ods: 189 dòng — thêm 1, cập nhật 0, giữ nguyên 188\n")
        let last = try Store(path: setup.db).scores(campaign: "DVK-2024").last!
        #expect(last == Score(juror: "GK03", entry: "MH-01", criterion: "A1", points: Exact("15.5")!, comment: "Mô hình có sức lan tỏa",
            time: Moment(parsing: "2024-12-12T09:00:00+07:00", assuming: nil)!, correctionReason: "Gõ nhầm"))
    }

    /// A copy of `url` whose meta.xml says when it was last saved, as an office program writes it.
    func saved(_ url: URL, date: String, as name: String) throws -> URL {
        let source = try Archive(url: url, accessMode: .read)
        var entries: [(String, Data)] = []
        for entry in source {
            var data = Data()
            _ = try source.extract(entry) { data.append($0) }
            if entry.path == "meta.xml" {
                data = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "</office:meta>", with: "<dc:date>\(date)</dc:date></office:meta>").utf8)
            }
            entries.append((entry.path, data))
        }
        return try package(Setup(dir: url.deletingLastPathComponent(), db: "", blank: url), name, entries)
    }

    @Test func theTimeIsWhenTheSheetWasSaved() throws {
        let setup = try setUp()
        let url = try filled(setup, points: { row, _ in row == 0 ? "10" : nil })
        // LibreOffice writes local time with nanoseconds and no offset: it is read in the campaign's time zone.
        _ = try saved(url, date: "2024-12-10T08:45:12.123456789", as: "local.ods")
        #expect(try cli.run(["import", "scores", "local.ods", "--db", setup.db], in: setup.dir).out == "local.ods: 5 dòng — thêm 5, cập nhật 0, giữ nguyên 0\n")
        #expect(Set(try Store(path: setup.db).scores(campaign: "DVK-2024").map(\.time.description)) == ["2024-12-10T08:45:12+07:00"])
        // Other programs write UTC: that instant, kept with the offset it was written at (here later than 08:45 in Việt Nam).
        let changed = try filled(setup, name: "changed.ods", points: { row, column in row == 0 ? (column == 0 ? "11" : "10") : nil })
        _ = try saved(changed, date: "2024-12-11T01:00:00Z", as: "utc.ods")
        let result = try cli.run(["import", "scores", "utc.ods", "--db", setup.db, "--reason", "Chấm lại"], in: setup.dir)
        #expect(result.out == "utc.ods: 5 dòng — thêm 1, cập nhật 0, giữ nguyên 4\n", "\(result.err)")
        #expect(try Store(path: setup.db).scores(campaign: "DVK-2024").last?.time.description == "2024-12-11T01:00:00+00:00")
    }

    @Test func aSaveDateThatIsNotATimeIsRefused() throws {
        let setup = try setUp()
        let url = try filled(setup, points: { row, _ in row == 0 ? "10" : nil })
        let bad = try saved(url, date: "10 tháng 12", as: "bad-date.ods")
        try refuse(setup, bad, [
            "bad-date.ods: ngày lưu ghi trong tệp (meta.xml, dc:date): cần một thời điểm dạng 2024-12-10T08:45:00, nhưng gặp "
                + "\"10 tháng 12\"; hãy chỉ rõ thời điểm chấm bằng --scored-at \"2024-12-10 08:45\""
        ])
    }

    @Test func aScoredAtWithAnOffsetIsTakenAsWritten() throws {
        let setup = try setUp()
        let url = try filled(setup, points: { row, _ in row == 0 ? "10" : nil })
        let result = try cli.run(["import", "scores", url.lastPathComponent, "--db", setup.db, "--scored-at", "2024-12-10T01:45:00Z"], in: setup.dir)
        #expect(result.status == 0, "\(result.err)")
        #expect(Set(try Store(path: setup.db).scores(campaign: "DVK-2024").map(\.time.description)) == ["2024-12-10T01:45:00+00:00"])
    }

    /// Runs the import of a bad file: exit 1, nothing on stdout, `expected` on stderr, no score stored.
    func refuse(_ setup: Setup, _ file: URL, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try scoreCount(setup.db)
        let result = try cli.run(["import", "scores", file.lastPathComponent, "--db", setup.db], in: setup.dir)
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.out == "", sourceLocation: sourceLocation)
        #expect(result.err == (expected + ["\(file.lastPathComponent): không nhập dòng nào", ""]).joined(separator: "\n"), sourceLocation: sourceLocation)
        #expect(try scoreCount(setup.db) == before, sourceLocation: sourceLocation)
    }

    @Test func aScoreOverTheMaximum() throws {
        let setup = try setUp()
        // Row 12 is the sixth entry; column D is A1 (0–20).
        let url = try filled(setup, points: { row, column in row == 5 && column == 0 ? "23" : "10" })
        try refuse(setup, url, ["filled.ods: GK03!D12: điểm 23 lớn hơn điểm tối đa 20 của tiêu chí A1"])
    }

    @Test func notANumberAndOffTheStepTogether() throws {
        let setup = try setUp()
        let url = try filled(setup, change: { rows in
            rows[2][4] = .text("mười hai")
            rows[3][6] = .number("7.25", shown: "7,25")
        }, points: { _, _ in "10" })
        try refuse(setup, url, [
            "filled.ods: GK03!E9: cần một số từ 0 đến 15 cho tiêu chí A2, nhưng gặp \"mười hai\", không phải một số",
            "filled.ods: GK03!G10: điểm 7,25 không theo bước chấm 0,5 của tiêu chí B2",
        ])
    }

    @Test func aWrongHeader() throws {
        let setup = try setUp()
        // The short headers of sheets exported before the criteria's titles were shown still read; C2 is no criterion of the set.
        let url = try filled(setup, header: ["Mã mô hình", "Tên mô hình", "Đơn vị", "A1 (0–20)", "A2 (0–15)", "B1 (0–25)", "B2 (0–15)", "C2 (0–10)", "Nhận xét"])
        try refuse(setup, url, ["filled.ods: GK03!H6: cần tiêu đề cột \"C1. Khả năng duy trì, nhân rộng (0–10)\", nhưng gặp \"C2 (0–10)\""])
    }

    @Test func anUnknownEntry() throws {
        let setup = try setUp()
        let url = try filled(setup, change: { rows in rows[4][0] = .text("MH-99") })
        try refuse(setup, url, ["filled.ods: GK03!A11: không có mô hình \"MH-99\" trong phong trào DVK-2024"])
    }

    @Test func aSheetWithoutTitleNeedsTheCampaign() throws {
        let setup = try setUp()
        let document = try ODSDocument(url: setup.blank)
        let sheet = try document.sheets()[0]
        let url = setup.dir.appendingPathComponent("untitled.ods")
        try Spreadsheet(sheets: [Spreadsheet.Sheet(name: "GK03", headers: try parts(sheet).header,
            rows: [[.text("MH-01"), .empty, .empty, .number("12", shown: "12")]])]).write(to: url)
        try refuse(setup, url, ["untitled.ods: cần biết phiếu chấm thuộc phong trào nào: tiêu đề tài liệu (Tệp › Thuộc tính) là trống, "
            + "không có dạng \"Phiếu chấm của GK03 – … – DVK-2024\" như thidua export sheets ghi; hãy chỉ rõ bằng --campaign MÃ"])
        let given = try cli.run(["import", "scores", "untitled.ods", "--campaign", "DVK-2024", "--db", setup.db], in: setup.dir)
        #expect(given.out == "untitled.ods: 1 dòng — thêm 1, cập nhật 0, giữ nguyên 0\n", "\(given.err)")
    }

    // MARK: Files that are not what they claim

    static let spreadsheetType = Data("application/vnd.oasis.opendocument.spreadsheet".utf8)
    static let title = "Phiếu chấm của GK03 – Lâm Văn Đức – DVK-2024"

    func package(_ setup: Setup, _ name: String, _ entries: [(String, Data)]) throws -> URL {
        let url = setup.dir.appendingPathComponent(name)
        let archive = try Archive(url: url, accessMode: .create)
        for (path, data) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: path == "mimetype" ? .none : .deflate) {
                position, size in data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return url
    }

    func content(_ body: String, prolog: String = "") -> Data {
        Data("""
            <?xml version="1.0" encoding="UTF-8"?>\(prolog)
            <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
            xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">\
            <office:body><office:spreadsheet>\(body)</office:spreadsheet></office:body></office:document-content>
            """.utf8)
    }

    func meta() -> Data {
        Data("""
            <?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
            xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>\(Self.title)</dc:title></office:meta></office:document-meta>
            """.utf8)
    }

    @Test func notAZip() throws {
        let setup = try setUp()
        let url = setup.dir.appendingPathComponent("scores.ods")
        try Data("campaign,juror,entry,criterion,points\n".utf8).write(to: url)
        try refuse(setup, url, ["scores.ods: cần một bảng tính ODS (tệp nén ZIP), nhưng gặp một tệp văn bản (\"campaign,juror,entry,criterion,points\"); "
            + "tệp CSV thì nhập bằng thidua import KIND FILE.csv"])
    }

    @Test func missingContent() throws {
        let setup = try setUp()
        let url = try package(setup, "empty.ods", [("mimetype", Self.spreadsheetType), ("meta.xml", meta())])
        try refuse(setup, url, ["empty.ods: cần phần content.xml trong gói ODS, nhưng gói chỉ có \"mimetype\", \"meta.xml\""])
    }

    @Test func pathOutsideThePackage() throws {
        let setup = try setUp()
        let url = try package(setup, "evil.ods", [("mimetype", Self.spreadsheetType), ("content.xml", content("")), ("../evil", Data("x".utf8))])
        try refuse(setup, url, ["evil.ods: cần các mục có đường dẫn bên trong gói, nhưng gặp mục \"../evil\" (có thành phần \"..\" trỏ ra ngoài gói) — không đọc tệp này"])
    }

    @Test func absolutePath() throws {
        let setup = try setUp()
        let url = try package(setup, "abs.ods", [("mimetype", Self.spreadsheetType), ("content.xml", content("")), ("/etc/cron.d/evil", Data("x".utf8))])
        try refuse(setup, url, ["abs.ods: cần các mục có đường dẫn tương đối bên trong gói, nhưng gặp mục \"/etc/cron.d/evil\" (đường dẫn tuyệt đối) — không đọc tệp này"])
    }

    @Test func zipBomb() throws {
        let setup = try setUp()
        var xml = content("")
        xml.append(Data(repeating: 0x20, count: 30 << 20))
        let url = try package(setup, "bomb.ods", [("mimetype", Self.spreadsheetType), ("content.xml", xml)])
        let before = try scoreCount(setup.db)
        let result = try cli.run(["import", "scores", "bomb.ods", "--db", setup.db], in: setup.dir)
        #expect(result.status == 1)
        #expect(result.err.hasPrefix("bomb.ods: cần tỉ lệ nén hợp lý (tối đa 200:1), nhưng phần \"content.xml\" nén 30 MB thành "))
        #expect(result.err.hasSuffix("— không đọc (dấu hiệu \"bom ZIP\")\nbomb.ods: không nhập dòng nào\n"))
        #expect(try scoreCount(setup.db) == before)
    }

    @Test func xmlBomb() throws {
        let setup = try setUp()
        let url = try package(setup, "xmlbomb.ods", [("mimetype", Self.spreadsheetType), ("meta.xml", meta()), ("content.xml", content(
            "<table:table table:name=\"GK03\"><table:table-row><table:table-cell><text:p>&b;</text:p></table:table-cell></table:table-row></table:table>",
            prolog: "\n<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"))])
        try refuse(setup, url, ["xmlbomb.ods: content.xml dòng 2: cần XML không có khai báo DOCTYPE hay thực thể (tệp ODF không dùng chúng), "
            + "nhưng gặp <!DOCTYPE …> — không đọc (có thể là \"bom XML\")"])
    }

    @Test func malformedXML() throws {
        let setup = try setUp()
        let url = try package(setup, "broken.ods", [("mimetype", Self.spreadsheetType), ("meta.xml", meta()), ("content.xml", content(
            "<table:table table:name=\"GK03\">\n<table:table-row><table:table-cell><text:p>MH-01</text:p></table:table-row></table:table>"))])
        let result = try cli.run(["import", "scores", "broken.ods", "--db", setup.db], in: setup.dir)
        #expect(result.status == 1)
        #expect(result.err.hasPrefix("broken.ods: content.xml dòng 3: cần XML đúng cú pháp, nhưng gặp lỗi: Opening and ending tag mismatch"))
        #expect(result.err.hasSuffix("(tệp có thể bị hỏng hoặc đã bị sửa tay)\nbroken.ods: không nhập dòng nào\n"))
        #expect(try scoreCount(setup.db) == 0)
    }

    @Test func hugeRepeatedRowsWithContent() throws {
        let setup = try setUp()
        let url = try package(setup, "repeat.ods", [("mimetype", Self.spreadsheetType), ("meta.xml", meta()), ("content.xml", content("""
            <table:table table:name="GK03"><table:table-row><table:table-cell office:value-type="string"><text:p>Mã mô hình</text:p></table:table-cell></table:table-row>\
            <table:table-row table:number-rows-repeated="1048575"><table:table-cell office:value-type="string"><text:p>MH-01</text:p></table:table-cell></table:table-row></table:table>
            """))])
        try refuse(setup, url, ["repeat.ods: GK03!A2: cần một hàng có nội dung lặp lại không quá 10000 lần, nhưng hàng này lặp lại 1048575 lần "
            + "(table:number-rows-repeated) — tệp bất thường, không đọc"])
    }

    @Test func anOdsOfAnotherKind() throws {
        let setup = try setUp()
        let result = try cli.run(["import", "models", setup.blank.path, "--db", setup.db])
        #expect(result.status == 1)
        #expect(result.err == "\(setup.blank.path): từ bảng tính .ods chỉ nhập được phiếu chấm điểm (thidua import scores \(setup.blank.path)); "
            + "dữ liệu models thì lưu thành CSV UTF-8 rồi nhập.\n")
    }
}
