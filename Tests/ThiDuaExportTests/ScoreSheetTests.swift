import Foundation
import Testing
@testable import ThiDuaCore
@testable import ThiDuaExport
import ThiDuaODF
import ZIPFoundation

/// Blank score sheets: title lines, entries × jury criteria (titles and ranges shown), cells held
/// to 0…max and the step, a signature block; and reading them back once filled.
@Suite struct ScoreSheetTests {
    static let set = try! CriteriaSet.load(bytes: Array("""
        id: t
        version: "1"
        title: Thử
        applies_to: model
        jury: { aggregate: mean }
        groups:
          - id: A
            title: A
            criteria:
              - { id: A1, title: Một, max: 20, source: jury }
              - { id: A2, title: Hai, max: 7.5, source: jury }
              - { id: F1, title: Công thức, max: 5, source: formula, formula: "5" }
        """.utf8), file: "t.yaml")

    static func model(_ code: String, _ unit: String) -> Model {
        Model(code: code, campaign: "T", unit: unit, holder: .collective, field: .economy, name: "Mô hình \(code) <thử>",
            registeredOn: Day(parsing: "01/03/2024")!)
    }

    @Test func aJurorsSheetHasTheirEntriesButNotTheirOwnUnits() throws {
        let campaign = Campaign(code: "T", year: 2024, title: "Thử", criteriaSet: "t", state: .scoring)
        let juror = Juror(code: "GK03", campaign: "T", name: "Nguyễn Văn A", title: "", unit: "MTTQ")
        let sheet = ScoreSheetODS.spreadsheet(set: Self.set, campaign: campaign, juror: juror,
            models: [Self.model("M2", "P1"), Self.model("M1", "P1"), Self.model("M3", "MTTQ"), Self.model("M4", "P2")],
            assigned: ["M1", "M2", "M3"], units: [ThiDuaCore.Unit(code: "P1", name: "UBND phường Phú Lâm", kind: .ward)])
        #expect(sheet.sheets[0].name == "GK03")
        #expect(sheet.sheets[0].headers == ["Mã mô hình", "Tên mô hình", "Đơn vị", "A1. Một (0–20)", "A2. Hai (0–7,5)", "Nhận xét"])
        #expect(sheet.sheets[0].titles.map(\.text) == ["Thử", "PHIẾU CHẤM ĐIỂM", "Thành viên hội đồng: Nguyễn Văn A (mã GK03)",
            "Mỗi tiêu chí chấm từ 0 đến điểm tối đa ghi ở đầu cột, bước 0,5; để trống ô chưa chấm."])
        // M3 belongs to the juror's own unit; M4 is not assigned to them. Units by their names.
        #expect(sheet.sheets[0].rows.map { $0[0] } == [.text("M1"), .text("M2")])
        #expect(sheet.sheets[0].rows[0][2] == .text("UBND phường Phú Lâm"))
        #expect(sheet.sheets[0].rows[0][3] == .input(validation: "diem_A1"))
        #expect(sheet.validations.map(\.maximum) == ["20", "7.5"])
        #expect(sheet.validations.map(\.step) == ["0.5", "0.5"])
        // Below the table, one row: the count, and the date, the signature and the juror's name.
        #expect(sheet.sheets[0].footer.map { $0.blocks.map { $0.lines.map(\.text) } } == [[
            ["Số mô hình trên phiếu: 2"],
            ["Ngày …… tháng …… năm 20……", "THÀNH VIÊN HỘI ĐỒNG", "(Ký và ghi rõ họ tên)", "", "", "", "Nguyễn Văn A"],
        ]])

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).ods")
        try sheet.write(to: url)
        let archive = try Archive(url: url, accessMode: .read)
        var data = Data()
        _ = try archive.extract(archive["content.xml"]!) { data.append($0) }
        let content = String(decoding: data, as: UTF8.self)
        // The step needs a formula; it is relative to the rule's first cell (E7: titles on rows 1–4, the header on 6).
        #expect(content.contains("table:condition=\"of:is-true-formula(AND(ISNUMBER([.E7]);[.E7]&gt;=0;[.E7]&lt;=7.5;"
            + "ROUND([.E7]/0.5;6)=ROUND([.E7]/0.5;0)))\" table:allow-empty-cell=\"true\" table:base-cell-address=\"'GK03'.E7\""))
        #expect(content.contains("table:content-validation-name=\"diem_A2\""))
        #expect(content.contains("xmlns:of=\"urn:oasis:names:tc:opendocument:xmlns:of:1.2\""))
        let schema = SpreadsheetTests.schemaDirectory.appendingPathComponent("OpenDocument-v1.3-schema.rng").path
        if FileManager.default.fileExists(atPath: schema) {
            #expect(try XMLValidation.validate([UInt8](data), relaxNG: schema) == [])
        } else {
            missing("ODF schema", at: schema)
        }
    }

    // MARK: Reading filled sheets back

    static let campaign = Campaign(code: "T", year: 2024, title: "Thử", criteriaSet: "t", state: .scoring)
    static let juror = Juror(code: "GK03", campaign: "T", name: "Nguyễn Văn A", title: "", unit: "MTTQ")
    static let models = (1...8).map { model("M\($0)", "P1") } + [model("M9", "MTTQ")]
    static let assignments = (1...9).map { Assignment(juror: "GK03", entry: "M\($0)") }

    /// Writes a filled sheet (as a juror's office program would: numbers typed as numbers) and reads it with ScoreSheetImport.
    func read(_ rows: [[Spreadsheet.Cell]], headers: [String]? = nil, sheetName: String = "GK03") throws -> ScoreSheetImport {
        let sheet = Spreadsheet.Sheet(name: sheetName, headers: headers ?? ScoreSheetODS.headers(Self.set), rows: rows)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).ods")
        try Spreadsheet(sheets: [sheet], title: ScoreSheetODS.title(juror: Self.juror, campaign: Self.campaign)).write(to: url)
        var reading = ScoreSheetImport(set: Self.set, campaign: Self.campaign, jurors: [Self.juror], models: Self.models, assignments: Self.assignments)
        try ODSDocument(url: url).read { reading.consume($0) }
        reading.finish()
        return reading
    }

    static func row(_ entry: String, _ a1: Spreadsheet.Cell, _ a2: Spreadsheet.Cell = .empty, comment: String? = nil) -> [Spreadsheet.Cell] {
        [.text(entry), .text("Mô hình \(entry)"), .text("P1"), a1, a2, comment.map { .text($0) } ?? .empty]
    }

    static func n(_ value: String) -> Spreadsheet.Cell { .number(value, shown: value.replacingOccurrences(of: ".", with: ",")) }

    @Test func titleNamesJurorAndCampaign() {
        let title = ScoreSheetODS.title(juror: Self.juror, campaign: Self.campaign)
        #expect(title == "Phiếu chấm của GK03 – Nguyễn Văn A – T")
        #expect(ScoreSheetODS.parseTitle(title)! == ("GK03", "T"))
        #expect(ScoreSheetODS.parseTitle("Phiếu chấm của GK03 – Trần – Văn – B – DVK-2024")! == ("GK03", "DVK-2024"))
        #expect(ScoreSheetODS.parseTitle("Bảng tính 1") == nil)
    }

    @Test func filledCellsBecomeScores() throws {
        let reading = try read([
            Self.row("M1", Self.n("17.5"), Self.n("7.5"), comment: "Cách làm hay.\nCần nhân rộng."),
            Self.row("M2", .empty, .text("6,5")),
            Self.row("M3", .input(validation: "diem_A1")),
        ])
        #expect(reading.issues == [])
        #expect(reading.sheets == ["GK03"])
        #expect(reading.scores.map { "\($0.pointsCell) \($0.entry) \($0.criterion) \($0.points) \($0.comment ?? "-")" } == [
            // A line break in a cell comes back as one.
            "GK03!D2 M1 A1 17.5 Cách làm hay.\nCần nhân rộng.",
            "GK03!E2 M1 A2 7.5 Cách làm hay.\nCần nhân rộng.",
            "GK03!E3 M2 A2 6.5 -",
        ])
        #expect(reading.scores[0].criterionCell == "GK03!D1" && reading.scores[0].entryCell == "GK03!A2" && reading.scores[0].commentCell == "GK03!F2")
    }

    @Test func everyBadCellIsNamed() throws {
        let reading = try read([
            Self.row("M1", Self.n("12")),
            Self.row("M2", Self.n("12")),
            Self.row("M3", Self.n("12")),
            Self.row("M4", Self.n("12")),
            Self.row("M5", Self.n("12")),
            Self.row("M6", Self.n("23")),                       // row 7: over the max
            Self.row("M7", .text("mười"), Self.n("7.3")),       // not a number; off the step
            Self.row("MH-99", Self.n("5")),                     // unknown entry
            Self.row("M9", Self.n("5")),                        // the juror's own unit
            Self.row("M1", Self.n("5")),                        // listed twice
            Self.row("", Self.n("5")),                          // scores without an entry
            Self.row("M8", .empty, comment: "Chưa chấm được"),   // a comment without scores
        ])
        #expect(reading.issues.map(\.description) == [
            "GK03!D7: điểm 23 lớn hơn điểm tối đa 20 của tiêu chí A1",
            "GK03!D8: cần một số từ 0 đến 20 cho tiêu chí A1, nhưng gặp \"mười\", không phải một số",
            "GK03!E8: điểm 7,3 không theo bước chấm 0,5 của tiêu chí A2",
            "GK03!A9: không có mô hình \"MH-99\" trong phong trào T",
            "GK03!A10: mô hình M9 thuộc đơn vị MTTQ, cũng là đơn vị của thành viên GK03 (xung đột lợi ích): "
                + "thành viên không chấm mô hình của đơn vị mình, phiếu chấm không có hàng này",
            "GK03!A11: mô hình M1 đã có ở hàng 2; mỗi mô hình chỉ một hàng",
            "GK03!A12: cần mã mô hình cho các điểm ở hàng 12, nhưng gặp ô trống",
            "GK03!F13: có nhận xét nhưng chưa chấm tiêu chí nào cho mô hình M8; nhận xét được lưu cùng điểm, "
                + "hãy chấm ít nhất một tiêu chí hoặc xóa nhận xét",
        ])
    }

    @Test func wrongHeader() throws {
        let reading = try read([Self.row("M1", Self.n("12"))],
            headers: ["Mã mô hình", "Tên mô hình", "Đơn vị", "A1 (0–25)", "A3 (0–7,5)", "Nhận xét", "Ghi chú"])
        #expect(reading.scores == [])
        #expect(reading.issues.map(\.description) == [
            "GK03!D1: cột \"A1 (0–25)\" ghi thang điểm khác bộ tiêu chí t hiện hành (A1. Một (0–20)); phiếu này được xuất từ bộ tiêu chí cũ, "
                + "hãy xuất lại phiếu chấm (thidua export sheets)",
            "GK03!E1: cần tiêu đề cột \"A2. Hai (0–7,5)\", nhưng gặp \"A3 (0–7,5)\"",
            "GK03!G1: cột thừa \"Ghi chú\": phiếu chấm của bộ tiêu chí t có 6 cột, từ \"Mã mô hình\" đến \"Nhận xét\"",
        ])
    }

    @Test func notAScoreSheetAtAll() throws {
        let reading = try read([[.text("DVK-2024"), .text("GK03")]], headers: ["campaign", "juror"], sheetName: "Trang tính1")
        #expect(reading.issues.map(\.description) == [
            "trang tính \"Trang tính1\": tên trang tính phải là mã một thành viên hội đồng của phong trào T (GK03), nhưng là \"Trang tính1\"",
            "Trang tính1!A1: cần dòng tiêu đề của phiếu chấm (\"Mã mô hình\", \"Tên mô hình\", \"Đơn vị\", \"A1. Một (0–20)\", \"A2. Hai (0–7,5)\", \"Nhận xét\"), "
                + "nhưng gặp \"campaign\", \"juror\"",
        ])
    }

    /// The sheet as exported, filled in: its title lines above the header and its signature block
    /// below the entries are passed over; cells are named where they are (the header on row 6).
    @Test func anExportedSheetFilledInReadsBackPastItsTitlesAndFooter() throws {
        var spreadsheet = ScoreSheetODS.spreadsheet(set: Self.set, campaign: Self.campaign, juror: Self.juror, models: Self.models,
            assigned: ["M1", "M2"])
        spreadsheet.sheets[0].rows[0][3] = Self.n("17.5")
        spreadsheet.sheets[0].rows[1][4] = Self.n("7")
        spreadsheet.sheets[0].rows[1][5] = .text("Tốt")
        // The juror writes the date and signs below the table.
        spreadsheet.sheets[0].footer[0].blocks[1].lines[0].text = "Ngày 10 tháng 12 năm 2024"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).ods")
        try spreadsheet.write(to: url)
        var reading = ScoreSheetImport(set: Self.set, campaign: Self.campaign, jurors: [Self.juror], models: Self.models, assignments: Self.assignments)
        try ODSDocument(url: url).read { reading.consume($0) }
        reading.finish()
        #expect(reading.issues == [])
        #expect(reading.scores.map { "\($0.pointsCell) \($0.criterionCell) \($0.entry) \($0.points) \($0.comment ?? "-")" } == [
            "GK03!D7 GK03!D6 M1 17.5 -",
            "GK03!E8 GK03!E6 M2 7 Tốt",
        ])
    }

    @Test func aSheetOfTitlesOnlyHasNoHeader() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).ods")
        try Spreadsheet(sheets: [Spreadsheet.Sheet(name: "GK03", headers: ["PHIẾU CHẤM ĐIỂM"], rows: [[.text("Nguyễn Văn A")]])]).write(to: url)
        var reading = ScoreSheetImport(set: Self.set, campaign: Self.campaign, jurors: [Self.juror], models: Self.models, assignments: Self.assignments)
        try ODSDocument(url: url).read { reading.consume($0) }
        reading.finish()
        #expect(reading.issues.map(\.description) == [
            "trang tính \"GK03\": cần dòng tiêu đề của phiếu chấm (\"Mã mô hình\", \"Tên mô hình\", \"Đơn vị\", \"A1. Một (0–20)\", "
                + "\"A2. Hai (0–7,5)\", \"Nhận xét\"), nhưng trang tính chỉ có các dòng ghi ở cột A",
        ])
    }

    @Test func aBlankSheetScoresNothing() throws {
        let reading = try read([Self.row("M1", .input(validation: "diem_A1"))])
        #expect(reading.issues.map(\.description) == ["trang tính \"GK03\": cần ít nhất một điểm, nhưng mọi ô điểm đều trống (phiếu chưa chấm?)"])
    }

    @Test func exponentValues() {
        #expect(ScoreSheetImport.plainDecimal("1.75E1") == "17.5")
        #expect(ScoreSheetImport.plainDecimal("5E-1") == "0.5")
        #expect(ScoreSheetImport.plainDecimal("2e2") == "200")
        #expect(ScoreSheetImport.plainDecimal("17.5") == "17.5")
        #expect(ScoreSheetImport.plainDecimal("abc") == nil)
    }
}
