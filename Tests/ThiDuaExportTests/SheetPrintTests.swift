import Foundation
import Testing
@testable import ThiDuaCore
import ThiDuaExport
@testable import ThiDuaODF
import ZIPFoundation

/// The award list and the score sheet as an office prints and hands them out (issue 12, items 5
/// and 9): names rather than codes, title lines, distinct headers, the header frozen and repeated
/// on every page, borders, columns that fit A4 at 100 %; and the score cells' validation as a
/// real LibreOffice keeps it on saving again and turns it into XLSX rules.
@Suite struct SheetPrintTests {
    static let set = AwardDocumentsTests.set
    static let campaign = AwardDocumentsTests.campaign
    static let config = AwardDocumentsTests.config

    static func model(_ code: String, _ unit: String, _ name: String, holder: Model.Holder = .collective) -> Model {
        Model(code: code, campaign: "DVK-2024", unit: unit, holder: holder, field: .economy, name: name, registeredOn: Day(parsing: "01/03/2024")!)
    }

    static let units = [
        ThiDuaCore.Unit(code: "P-PHULAM", name: "UBND phường Phú Lâm", kind: .ward),
        ThiDuaCore.Unit(code: "CA", name: "Công an thị xã", kind: .agency),
    ]
    static let blocs = [
        Bloc(code: "KHOI-XP", name: "Khối thi đua các phường, xã", year: 2024, leader: "P-PHULAM", members: ["P-PHULAM"]),
        Bloc(code: "KHOI-CQ", name: "Khối thi đua các cơ quan", year: 2024, leader: "CA", members: ["CA"]),
    ]
    static let models = [
        model("MH-05", "P-PHULAM", "Chi hội phụ nữ tiết kiệm giúp nhau phát triển kinh tế"),
        model("MH-32", "CA", "Cảnh sát khu vực gần dân", holder: .individual(name: "Trịnh Quốc Huy", position: "Cảnh sát khu vực")),
    ]

    static func awarded(_ entry: String, _ unit: String, rank: Int, total: String) -> AwardedEntry {
        AwardedEntry(entry: entry, unit: unit, rank: rank, total: Exact(total)!, tier: "xuat_sac", drawn: false)
    }

    static let ranking = Ranking(groups: [
        RankingGroup(key: ["KHOI-CQ"], ranked: [RankedEntry(entry: "MH-32", unit: "CA", total: Exact("94.44")!, tier: "xuat_sac", rank: 1,
            decidedBy: nil, drawn: false)], apart: []),
        RankingGroup(key: ["KHOI-XP"], ranked: [RankedEntry(entry: "MH-05", unit: "P-PHULAM", total: Exact("98.54")!, tier: "xuat_sac",
            rank: 1, decidedBy: nil, drawn: false)], apart: [ApartEntry(entry: "MH-12", reason: "không xét: kỷ luật")]),
    ], seed: nil, tieBreak: [])

    static let awards = AwardList(forms: [
        AwardOutcome(id: "bang_khen", title: "Bằng khen", authority: "Chủ tịch UBND tỉnh", groups: [
            AwardGroupOutcome(group: "KHOI-XP", eligible: 1, places: 1, arithmetic: [], awarded: [awarded("MH-05", "P-PHULAM", rank: 1, total: "98.54")]),
            AwardGroupOutcome(group: "KHOI-CQ", eligible: 1, places: 1, arithmetic: [], awarded: [awarded("MH-32", "CA", rank: 1, total: "94.44")]),
        ]),
    ], seed: nil)

    static func list(decisions: AwardDecisions?) -> Spreadsheet {
        let names = AwardListODS.Names(set: set, year: 2024, models: models, units: units, blocs: blocs, ranking: ranking)
        let standings = [
            Standing(entry: "MH-32", unit: "CA", group: "KHOI-CQ", rank: 1, of: 1, total: Exact("94.44")!, tier: "xuat_sac", tierTitle: "Xuất sắc",
                awards: ["Bằng khen"], toNextTier: nil, toNextRank: nil, lostMost: []),
            Standing(entry: "MH-05", unit: "P-PHULAM", group: "KHOI-XP", rank: 1, of: 1, total: Exact("98.54")!, tier: "xuat_sac",
                tierTitle: "Xuất sắc", awards: ["Bằng khen"], toNextTier: nil, toNextRank: nil, lostMost: []),
        ]
        return AwardListODS.spreadsheet(ranking: ranking, awards: awards, standings: standings, campaign: campaign, decimals: 2, names: names,
            decisions: decisions)
    }

    @Test func theAwardListShowsNamesTitlesAndTheDecision() throws {
        let list = Self.list(decisions: Self.config)
        let sheet = list.sheets[0]
        let decision = try #require(Self.config.decision(for: "bang_khen"))
        #expect(sheet.titles.map(\.text) == [
            "DANH SÁCH ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH", "Phong trào thi đua \"Dân vận khéo\" năm 2024",
            "(Kèm theo Quyết định số \(decision.number) ngày \(decision.date.vietnamese) của Chủ tịch UBND tỉnh)",
        ])
        // Every header says what its column holds; no two alike.
        #expect(sheet.headers == ["STT", "Tên mô hình", "Tập thể, cá nhân", "Khối thi đua", "Hạng", "Tổng điểm", "Xếp loại", "Mã mô hình"])
        #expect(Set(sheet.headers).count == sheet.headers.count)
        // Blocs in the order of their names; the code only in its own column; numbers typed.
        #expect(sheet.rows == [
            [.number("1", shown: "1"), .text("Cảnh sát khu vực gần dân"), .text("Trịnh Quốc Huy, Cảnh sát khu vực, Công an thị xã"),
                .text("Khối thi đua các cơ quan"), .number("1", shown: "1"), .number("94.44", shown: "94,44"), .text("Xuất sắc"), .text("MH-32")],
            [.number("2", shown: "2"), .text("Chi hội phụ nữ tiết kiệm giúp nhau phát triển kinh tế"), .text("UBND phường Phú Lâm"),
                .text("Khối thi đua các phường, xã"), .number("1", shown: "1"), .number("98.54", shown: "98,54"), .text("Xuất sắc"), .text("MH-05")],
        ])
        // A sheet per ranking group, named by the bloc's name.
        #expect(list.sheets.map(\.name) == ["Bằng khen", "Khối thi đua các cơ quan", "Khối thi đua các phường, xã"])
        #expect(list.sheets[2].titles.map(\.text) == ["KẾT QUẢ XẾP HẠNG", "Phong trào thi đua \"Dân vận khéo\" năm 2024",
            "Khối thi đua: Khối thi đua các phường, xã"])
        #expect(list.sheets[2].rows.last == [.empty, .text("MH-12"), .text(""), .empty, .empty, .empty, .text("không xét: kỷ luật"), .text("MH-12")])
        // Without a stored decision, the list says it has none.
        #expect(Self.list(decisions: nil).sheets[0].titles[2].text == "(Danh sách theo kết quả xếp hạng, chưa có quyết định khen thưởng)")
    }

    static func parts(_ spreadsheet: Spreadsheet) throws -> (content: String, styles: String, settings: String) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).ods")
        defer { try? FileManager.default.removeItem(at: url) }
        try spreadsheet.write(to: url)
        let archive = try Archive(url: url, accessMode: .read)
        func read(_ path: String) throws -> String {
            var data = Data()
            _ = try archive.extract(archive[path]!) { data.append($0) }
            return String(decoding: data, as: UTF8.self)
        }
        return (try read("content.xml"), try read("styles.xml"), try read("settings.xml"))
    }

    @Test func aWideListPrintsLandscapeAt100PercentWithItsColumnsOnThePage() throws {
        var list = Self.list(decisions: Self.config)
        // Names long enough to need far more than a page's width unwrapped.
        for i in 0..<40 {
            list.sheets[0].rows.append(AwardListODS.awardRow(number: i + 3, entry: .init(name: String(repeating: "Mô hình dân vận khéo ", count: 6),
                holder: String(repeating: "Hội Liên hiệp Phụ nữ ", count: 3)), group: "Khối thi đua các phường, xã", rank: i + 2,
                total: Exact("90.5")!, decimals: 2, tier: "Tốt", code: "MH-\(i)"))
        }
        let layout = Spreadsheet.Layout(list)
        let sheet = layout.sheets[0]
        #expect(sheet.landscape && sheet.fits)
        #expect(sheet.width <= 29.7 - 3.5 && sheet.width > 25)
        // The text columns were narrowed, never below their floor; the numbers kept their width.
        #expect(sheet.widths[1] >= Spreadsheet.textFloor && sheet.widths[1] < 10)
        // Each row is made as tall as its longest text wraps: the long names take several lines.
        #expect(sheet.rowLines[2] == 3 && sheet.headerLines == 2)
        let (content, styles, settings) = try Self.parts(list)
        #expect(styles.contains("<style:page-layout style:name=\"pl0\"><style:page-layout-properties fo:page-width=\"29.7cm\" "
            + "fo:page-height=\"21cm\" style:print-orientation=\"landscape\""))
        #expect(styles.contains("style:scale-to=\"100%\"") && !styles.contains("scale-to-X"))
        #expect(content.contains("<style:style style:name=\"rl3\" style:family=\"table-row\"><style:table-row-properties "
            + "style:row-height=\"1.65cm\" style:use-optimal-row-height=\"false\"/></style:style>"))
        // Thin borders on the table, wrapped text, the header bold and centred as the numbers are.
        #expect(content.contains("<style:style style:name=\"header\" style:family=\"table-cell\"><style:table-cell-properties "
            + "fo:background-color=\"#e6e6e6\" fo:border=\"0.5pt solid #000000\" fo:wrap-option=\"wrap\" style:text-align-source=\"fix\" "
            + "style:vertical-align=\"middle\"/><style:paragraph-properties fo:text-align=\"center\"/>"))
        #expect(content.contains("<style:style style:name=\"ceN2\" style:family=\"table-cell\" style:data-style-name=\"N2\"><style:table-cell-properties "
            + "fo:border=\"0.5pt solid #000000\" fo:wrap-option=\"wrap\" style:text-align-source=\"fix\" style:vertical-align=\"middle\"/>"
            + "<style:paragraph-properties fo:text-align=\"center\"/>"))
        // The titles merged across the table, an empty row, then the header row repeated on every page.
        #expect(content.contains("<table:table-cell table:style-name=\"line-heading\" office:value-type=\"string\" table:number-columns-spanned=\"8\">"
            + "<text:p>DANH SÁCH ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated=\"7\"/>"))
        #expect(content.contains("</table:table-row><table:table-row><table:table-cell/></table:table-row><table:table-header-rows>"))
        // Frozen down to the header (row 5: three titles and the empty row above it).
        #expect(list.sheets[0].headerRow == 5)
        #expect(settings.contains("<config:config-item-map-entry config:name=\"Bằng khen\"><config:config-item config:name=\"CursorPositionX\" "
            + "config:type=\"int\">0</config:config-item><config:config-item config:name=\"CursorPositionY\" config:type=\"int\">5</config:config-item>"
            + "<config:config-item config:name=\"HorizontalSplitMode\" config:type=\"short\">0</config:config-item>"
            + "<config:config-item config:name=\"VerticalSplitMode\" config:type=\"short\">2</config:config-item>"))
        #expect(settings.contains("<config:config-item config:name=\"VerticalSplitPosition\" config:type=\"int\">5</config:config-item>"))
    }

    @Test func aNarrowSheetPrintsPortraitAcrossThePage() {
        let spreadsheet = Spreadsheet(sheets: [Spreadsheet.Sheet(name: "A", headers: ["Hạng", "Đơn vị"], rows: [[.number("1", shown: "1"), .text("Công an thị xã")]])])
        let sheet = Spreadsheet.Layout(spreadsheet).sheets[0]
        #expect(!sheet.landscape && sheet.fits)
        #expect(abs(sheet.width - Spreadsheet.portraitWidth) < 0.01)
        #expect(sheet.widths[0] < 2)
    }

    @Test func lineCountsWrapWordByWord() {
        #expect(Spreadsheet.lines("Khối thi đua các phường, xã", perLine: 30) == 1)
        #expect(Spreadsheet.lines("Khối thi đua các phường, xã", perLine: 12) == 3)
        #expect(Spreadsheet.lines("Một\nHai", perLine: 30) == 2)
        #expect(Spreadsheet.lines(String(repeating: "x", count: 25), perLine: 10) == 3)
    }

    // MARK: Through a real LibreOffice

    static let soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Converts `files` with LibreOffice (`--convert-to FORMAT`) into `directory/out`, with a
    /// profile and HOME of its own; the converted files, or nil (and a failure in CI) without LibreOffice.
    static func convert(_ files: [URL], to format: String, in directory: URL) throws -> [URL]? {
        guard let soffice else {
            missing("LibreOffice (../shared/tools/install-odf-tools)", at: "/usr/bin/soffice")
            return nil
        }
        let home = directory.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let out = directory.appendingPathComponent("out")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        process.arguments = ["-env:UserInstallation=file://\(directory.path)/profile", "--headless", "--norestore", "--convert-to", format,
            "--outdir", out.path] + files.map(\.path)
        process.environment = ProcessInfo.processInfo.environment.merging(["HOME": home.path]) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        // soffice exits 0 even when it failed: each file must be there.
        return files.map { file in
            let converted = out.appendingPathComponent(file.deletingPathExtension().lastPathComponent + "." + format)
            #expect(FileManager.default.fileExists(atPath: converted.path), "LibreOffice wrote no \(format) for \(file.lastPathComponent)")
            return converted
        }
    }

    static func entry(_ path: String, of url: URL) throws -> String {
        let archive = try Archive(url: url, accessMode: .read)
        var data = Data()
        _ = try archive.extract(try #require(archive[path])) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }

    static func criteria(_ file: String) throws -> CriteriaSet {
        let path = "Criteria/\(file)"
        return try CriteriaSet.load(bytes: [UInt8](try Data(contentsOf: AwardDocumentsTests.root.appendingPathComponent(path))), file: path)
    }

    /// The DVK sheet (its criteria scored in steps of 0,5) and one of "Chính quyền thân thiện"
    /// (in whole points), saved again by LibreOffice and converted to XLSX.
    @Test func theValidationSurvivesALibreOfficeSaveAndBecomesXLSXRules() throws {
        let directory = try DecisionLayoutTests.temporaryDirectory()
        defer { DecisionLayoutTests.cleanUp(directory) }
        let juror = Juror(code: "GK03", campaign: "T", name: "Nguyễn Văn A", title: "", unit: nil)
        let models = (1...3).map { Self.model("M\($0)", "P-PHULAM", "Mô hình \($0)") }
        var files: [URL] = []
        for (name, set) in [("dvk", Self.set), ("cqtt", try Self.criteria("chinh-quyen-than-thien.yaml"))] {
            let sheet = ScoreSheetODS.spreadsheet(set: set, campaign: Self.campaign, juror: juror, models: models, assigned: ["M1", "M2", "M3"],
                units: Self.units)
            files.append(directory.appendingPathComponent("\(name).ods"))
            try sheet.write(to: files.last!)
        }

        // Saved again by LibreOffice: every rule is still there, with the same bounds and step.
        guard let resaved = try Self.convert(files, to: "ods", in: directory.appendingPathComponent("ods")) else { return }
        let dvk = try Self.entry("content.xml", of: resaved[0])
        #expect(dvk.contains("table:condition=\"of:is-true-formula(AND(ISNUMBER([.D7]);[.D7]&gt;=0;[.D7]&lt;=20;"
            + "ROUND([.D7]/0.5;6)=ROUND([.D7]/0.5;0)))\" table:allow-empty-cell=\"true\" table:base-cell-address=\"GK03.D7\""))
        #expect(dvk.contains("table:condition=\"of:is-true-formula(AND(ISNUMBER([.H7]);[.H7]&gt;=0;[.H7]&lt;=10;"
            + "ROUND([.H7]/0.5;6)=ROUND([.H7]/0.5;0)))\""))
        let cqtt = try Self.entry("content.xml", of: resaved[1])
        #expect(cqtt.components(separatedBy: "table:condition=\"of:cell-content-is-whole-number() and cell-content-is-between(0,20)\"").count - 1 == 3)

        // As XLSX: a custom rule (range and step) on D7:D9, whole-number rules 0–20 on the other sheet, each with its message.
        guard let xlsx = try Self.convert(files, to: "xlsx", in: directory.appendingPathComponent("xlsx")) else { return }
        let dvkSheet = try Self.entry("xl/worksheets/sheet1.xml", of: xlsx[0])
        #expect(dvkSheet.contains("sqref=\"D7:D9\" type=\"custom\"><formula1>AND(ISNUMBER(D7),D7&gt;=0,D7&lt;=20,ROUND(D7/0.5,6)=ROUND(D7/0.5,0))</formula1>"))
        #expect(dvkSheet.contains("errorTitle=\"Điểm A1 không hợp lệ\""))
        #expect(dvkSheet.contains("error=\"Điểm tiêu chí A1 là một số từ 0 đến 20, bước 0,5.\""))
        let cqttSheet = try Self.entry("xl/worksheets/sheet1.xml", of: xlsx[1])
        #expect(cqttSheet.contains("operator=\"between\""))
        #expect(cqttSheet.contains("sqref=\"D7:D9\" type=\"whole\"><formula1>0</formula1><formula2>20</formula2>"))
    }

    /// The spelling LibreOffice 7.4 drops on loading (two `of:` prefixes and a semicolon), next to
    /// the one it keeps: what made the old sheets check nothing.
    @Test func theOldSpellingIsDroppedAndTheNewKept() throws {
        let directory = try DecisionLayoutTests.temporaryDirectory()
        defer { DecisionLayoutTests.cleanUp(directory) }
        var sheet = Spreadsheet.Sheet(name: "S", headers: ["a", "b"])
        sheet.rows = [[.input(validation: "old"), .input(validation: "new")]]
        let url = directory.appendingPathComponent("spellings.ods")
        try Spreadsheet(sheets: [sheet], validations: [
            Spreadsheet.Validation(name: "old", minimum: "0", maximum: "20", title: "t", message: "m"),
            Spreadsheet.Validation(name: "new", minimum: "0", maximum: "20", title: "t", message: "m"),
        ]).write(to: url)
        let old = "of:cell-content-is-decimal-number() and of:cell-content-is-between(0;20)"
        let written = try Self.entry("content.xml", of: url).replacingOccurrences(
            of: "table:name=\"old\" table:condition=\"of:cell-content-is-decimal-number() and cell-content-is-between(0,20)\"",
            with: "table:name=\"old\" table:condition=\"\(old)\"")
        let patched = directory.appendingPathComponent("patched.ods")
        var texts = ["content.xml": written]
        for path in ["styles.xml", "meta.xml", "settings.xml"] { texts[path] = try Self.entry(path, of: url) }
        let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        try ODFPackage.write(.spreadsheet, streaming: ["content.xml", "styles.xml", "meta.xml", "settings.xml"].map { path in
            let text = texts[path]!.replacingOccurrences(of: declaration, with: "")
            return ODFStreamedPart(path: path) { w in w.raw(Array(text.utf8)) }
        }, to: patched)
        #expect(try Self.entry("content.xml", of: patched).contains(old))
        guard let resaved = try Self.convert([patched], to: "ods", in: directory) else { return }
        let content = try Self.entry("content.xml", of: resaved[0])
        #expect(!content.contains("of:cell-content-is-between(0;20)"))
        #expect(content.contains("of:cell-content-is-decimal-number() and cell-content-is-between(0,20)"))
    }

    /// A list long enough for two pages prints its header again at the top of page 2.
    @Test func aLongListRepeatsItsHeaderOnEveryPage() throws {
        let directory = try DecisionLayoutTests.temporaryDirectory()
        defer { DecisionLayoutTests.cleanUp(directory) }
        var list = Self.list(decisions: Self.config)
        for i in 0..<60 {
            list.sheets[0].rows.append(AwardListODS.awardRow(number: i + 3, entry: .init(name: "Mô hình số \(i)", holder: "UBND phường Phú Lâm"),
                group: "Khối thi đua các phường, xã", rank: i + 2, total: Exact("90.5")!, decimals: 2, tier: "Tốt", code: "MH-\(100 + i)"))
        }
        list.sheets.removeLast(2)
        let url = directory.appendingPathComponent("list.ods")
        try list.write(to: url)
        guard let pages = try DecisionLayoutTests.render([url], in: directory)?.first else { return }
        #expect(pages.count >= 2)
        let header = DecisionLayoutTests.squeezed("STT Tên mô hình Tập thể, cá nhân Khối thi đua Hạng Tổng điểm Xếp loại")
        for (n, page) in pages.enumerated() {
            #expect(page.contains(header), "page \(n + 1) has no header row")
        }
        #expect(pages[0].contains(DecisionLayoutTests.squeezed("DANH SÁCH ĐƯỢC TẶNG BẰNG KHEN")))
    }
}
