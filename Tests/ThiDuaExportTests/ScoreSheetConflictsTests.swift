import Foundation
import Testing
import ThiDuaCore
import ThiDuaExport

/// Issue 11: a score sheet offered a juror entries whose scores the engine throws away under
/// `conflicts: unit_tree`; it now leaves out what the engine's rule (`ConflictOfInterest`) does.
@Suite struct ScoreSheetConflictsTests {
    static func set(_ conflicts: String) throws -> CriteriaSet {
        try CriteriaSet.load(bytes: Array("""
            id: t
            version: "1"
            title: Thử
            applies_to: model
            jury: { aggregate: mean, conflicts: \(conflicts) }
            groups:
              - id: A
                title: A
                criteria:
                  - { id: A1, title: Một, max: 20, source: jury }
            """.utf8), file: "t.yaml")
    }

    @Test func scoreSheetsLeaveOutWhatTheUnitTreeRuleExcludes() throws {
        let units = [ThiDuaCore.Unit(code: "TX", name: "Thị xã", kind: .locality),
                     ThiDuaCore.Unit(code: "P1", name: "Phường 1", kind: .ward, parent: "TX"),
                     ThiDuaCore.Unit(code: "KP", name: "Khu phố", kind: .ward, parent: "P1"),
                     ThiDuaCore.Unit(code: "P2", name: "Phường 2", kind: .ward, parent: "TX")]
        func model(_ code: String, _ unit: String) -> Model {
            Model(code: code, campaign: "T", unit: unit, holder: .collective, field: .economy, name: "Mô hình \(code)",
                registeredOn: Day(parsing: "01/03/2024")!)
        }
        let campaign = Campaign(code: "T", year: 2024, title: "Thử", criteriaSet: "t", state: .scoring)
        // A juror of P1: M1 is P1's own, M2 its neighbourhood's (below), M3 the town's (above), M4 another ward's.
        let juror = Juror(code: "GK01", campaign: "T", name: "Nguyễn Văn A", title: "", unit: "P1")
        let models = [model("M1", "P1"), model("M2", "KP"), model("M3", "TX"), model("M4", "P2")]
        let tree = ScoreSheetODS.spreadsheet(set: try Self.set("unit_tree"), campaign: campaign, juror: juror, models: models,
            assigned: ["M1", "M2", "M3", "M4"], units: units)
        #expect(tree.sheets[0].rows.map { $0[0] } == [.text("M4")])
        let own = ScoreSheetODS.spreadsheet(set: try Self.set("unit"), campaign: campaign, juror: juror, models: models,
            assigned: ["M1", "M2", "M3", "M4"], units: units)
        #expect(own.sheets[0].rows.map { $0[0] } == [.text("M2"), .text("M3"), .text("M4")])
    }
}
