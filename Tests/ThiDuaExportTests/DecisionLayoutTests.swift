import Foundation
import Testing
@testable import ThiDuaCore
import ThiDuaExport
import ThiDuaODF

/// How the decision falls on pages in a real LibreOffice (issue 12): the signature block (Nơi
/// nhận and the signer) stays in one piece with the end of the last article, and no row of the
/// attached list is split between two pages, whose header row repeats. Only a layout engine can
/// show this, so these tests render with `../shared/tools/odf-render` and read the PDF's text.
@Suite struct DecisionLayoutTests {
    static let root = AwardDocumentsTests.root
    static let renderTool = root.deletingLastPathComponent().appendingPathComponent("shared/tools/odf-render").path
    /// The shipped templates; `THIDUA_TEMPLATES=DIR` renders others (to show a defect on an old copy).
    static let templates = ProcessInfo.processInfo.environment["THIDUA_TEMPLATES"].map { URL(fileURLWithPath: $0) }
        ?? root.appendingPathComponent("Exports")

    /// Renders ODT files with LibreOffice; the text of each page of each file, whitespace removed
    /// (so that a line break inside a phrase does not hide it).
    static func render(_ files: [URL], in directory: URL) throws -> [[String]]? {
        guard FileManager.default.isExecutableFile(atPath: renderTool), FileManager.default.fileExists(atPath: "/usr/bin/soffice")
            || FileManager.default.fileExists(atPath: "/usr/local/bin/soffice")
        else {
            missing("LibreOffice and odf-render (../shared/tools/install-odf-tools)", at: renderTool)
            return nil
        }
        let out = directory.appendingPathComponent("render")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [renderTool, out.path] + files.map(\.path)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "odf-render failed")
        return try files.map { file in
            let text = try String(contentsOf: out.appendingPathComponent(file.deletingPathExtension().lastPathComponent + ".txt"), encoding: .utf8)
            return text.split(separator: "\u{0C}", omittingEmptySubsequences: false).map { page in
                String(page.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init))
            }.filter { !$0.isEmpty }
        }
    }

    static func squeezed(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined() }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-layout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Removes a test's folder, unless `THIDUA_KEEP_RENDER=1` asks to keep the PDFs to look at.
    static func cleanUp(_ directory: URL) {
        if ProcessInfo.processInfo.environment["THIDUA_KEEP_RENDER"] == "1" {
            print("rendered: \(directory.path)/render")
        } else {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static func decisionTemplate() throws -> CompiledTemplate {
        let source = [UInt8](try Data(contentsOf: templates.appendingPathComponent("quyet-dinh.fodt")))
        return try ODFTemplate(flat: source, name: "quyet-dinh.fodt").compile(AwardDocuments.decisionSchema)
    }

    /// The DVK Giấy khen decision with 0 to 9 more căn cứ lines: at some count the signature block
    /// reaches the foot of page 1. Whatever the count, the page that holds "Nơi nhận:" holds the
    /// whole of Nơi nhận, the signer's name and the end of the last article.
    @Test func theSignatureBlockStaysWholeWithTheLastArticle() throws {
        let directory = try Self.temporaryDirectory()
        defer { Self.cleanUp(directory) }
        let template = try Self.decisionTemplate()
        let extra = (0..<10).map {
            "Căn cứ Quyết định số \(40 + $0)/QĐ-UBND ngày 10 tháng 01 năm 2024 của Ủy ban nhân dân thị xã Phú Lâm ban hành "
                + "Quy chế thi đua, khen thưởng trên địa bàn thị xã, phần \($0 + 1)"
        }
        var files: [URL] = []
        for count in 0..<extra.count {
            var config = AwardDocumentsTests.config
            let index = try #require(config.decisions.firstIndex { $0.award == "giay_khen" })
            config.decisions[index].legalBases.insert(contentsOf: extra.prefix(count), at: 3)
            let documents = try AwardDocumentsTests.documents(config: config)
            let url = directory.appendingPathComponent("quyet-dinh-\(count).odt")
            try template.write(pages: [documents.decision(1)], to: url, title: "Thử")
            files.append(url)
        }
        guard let rendered = try Self.render(files, in: directory) else { return }
        let decision = AwardDocumentsTests.config.decision(for: "giay_khen")!
        let lastArticleEnd = String(Self.squeezed(decision.articles.last!).suffix(30))
        var pageCounts: Set<Int> = []
        for (count, pages) in rendered.enumerated() {
            // The decision's own pages end where the attached list ("DANH SÁCH") begins.
            let decisionPages = Array(pages.prefix { !$0.contains("DANHSÁCH") })
            pageCounts.insert(decisionPages.count)
            let holding = decisionPages.filter { $0.contains("Nơinhận:") }
            #expect(holding.count == 1, "\(count) more căn cứ: 'Nơi nhận:' on \(holding.count) pages")
            guard let page = holding.first else { continue }
            for needed in ["-Lưu:VT,NV.", "CHỦTỊCH", Self.squeezed(decision.signer.name), lastArticleEnd] {
                #expect(page.contains(needed), "\(count) more căn cứ: the page with 'Nơi nhận:' lacks \(needed)")
            }
        }
        // The case that matters was reached: with more căn cứ the decision runs onto page 2.
        #expect(pageCounts.contains(1) && pageCounts.contains(2), "decision page counts \(pageCounts.sorted())")
    }

    /// A 40-row attached list with long names and models (30 collectives, 10 people): each row is
    /// whole on one page, each page of the list starts with the header row, and the two parts
    /// have their heading rows.
    @Test func rowsOfTheAttachedListAreNotSplitAndTheHeaderRepeats() throws {
        let directory = try Self.temporaryDirectory()
        defer { Self.cleanUp(directory) }
        var awarded: [AwardedEntry] = []
        var recipients: [String: Recipient] = [:]
        for n in 1...40 {
            let code = String(format: "MH-%02d", n)
            awarded.append(AwardedEntry(entry: code, unit: "U-\(code)", rank: n, total: Exact("\(100 - n)")!, tier: "xuat_sac", drawn: false))
            let name = "Đầu\(n)đầu Chi hội Nông dân khu phố \(n), Hội Nông dân phường An Phú, thị xã Phú Lâm, tỉnh Bình An"
            // Rows 31 to 40 are people: the list then has its parts "I. TẬP THỂ" and "II. CÁ NHÂN".
            recipients[code] = Recipient(name: name, position: n > 30 ? "Chi hội trưởng" : nil, unit: name,
                model: "Dân vận khéo trong vận động hiến đất mở rộng đường giao thông nông thôn, xây dựng khu dân cư "
                    + "kiểu mẫu, giữ gìn an ninh trật tự và bảo vệ môi trường xanh, sạch, đẹp năm 2024 cuối\(n)cuối")
        }
        let awards = AwardList(forms: [
            AwardOutcome(id: "giay_khen", title: "Giấy khen", authority: "Chủ tịch UBND thị xã", groups: [
                AwardGroupOutcome(group: "KHOI-XP", eligible: 40, places: 40, arithmetic: [], awarded: awarded),
            ]),
        ], seed: nil)
        let documents = try AwardDocuments(campaign: AwardDocumentsTests.campaign, set: AwardDocumentsTests.set, awards: awards,
            decisions: AwardDocumentsTests.config, recipients: recipients, decimals: 2)
        let url = directory.appendingPathComponent("danh-sach-40.odt")
        try Self.decisionTemplate().write(pages: [documents.decision(0)], to: url, title: "Thử")
        guard let pages = try Self.render([url], in: directory)?.first else { return }
        let list = Array(pages.drop { !$0.contains("DANHSÁCH") })
        #expect(list.count >= 3, "the list fills \(list.count) pages")
        for (n, page) in list.enumerated() {
            #expect(page.contains("STTTậpthể,cánhânThànhtích"), "list page \(n + 1) has no header row")
        }
        #expect(list[0].contains("ITẬPTHỂ") && list.contains { $0.contains("IICÁNHÂN") })
        for n in 1...40 {
            let start = list.indices.filter { list[$0].contains("Đầu\(n)đầu") }
            let end = list.indices.filter { list[$0].contains("cuối\(n)cuối") }
            #expect(start.count == 1 && start == end, "row \(n) starts on list page(s) \(start) and ends on \(end)")
        }
    }
}
