import Foundation
import Testing
@testable import ThiDuaCore
import ThiDuaExport
import ThiDuaODF
import ZIPFoundation

/// Blank score sheets: entries × jury criteria, maxima shown, cells held to 0…max.
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
            assigned: ["M1", "M2", "M3"])
        #expect(sheet.sheets[0].name == "GK03")
        #expect(sheet.sheets[0].headers == ["Mã mô hình", "Tên mô hình", "Đơn vị", "A1 (0–20)", "A2 (0–7,5)", "Nhận xét"])
        // M3 belongs to the juror's own unit; M4 is not assigned to them.
        #expect(sheet.sheets[0].rows.map { $0[0] } == [.text("M1"), .text("M2")])
        #expect(sheet.sheets[0].rows[0][3] == .input(validation: "diem_A1"))
        #expect(sheet.validations.map(\.maximum) == ["20", "7.5"])

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).ods")
        try sheet.write(to: url)
        let archive = try Archive(url: url, accessMode: .read)
        var data = Data()
        _ = try archive.extract(archive["content.xml"]!) { data.append($0) }
        let content = String(decoding: data, as: UTF8.self)
        #expect(content.contains("table:condition=\"of:cell-content-is-decimal-number() and of:cell-content-is-between(0;7.5)\""))
        #expect(content.contains("table:content-validation-name=\"diem_A2\""))
        #expect(content.contains("xmlns:of=\"urn:oasis:names:tc:opendocument:xmlns:of:1.2\""))
        let schema = SpreadsheetTests.schemaDirectory.appendingPathComponent("OpenDocument-v1.3-schema.rng").path
        if FileManager.default.fileExists(atPath: schema) {
            #expect(try RelaxNGValidation.validate([UInt8](data), schema: schema) == [])
        } else {
            print("SKIP: no ODF schema at \(schema)")
        }
    }
}
