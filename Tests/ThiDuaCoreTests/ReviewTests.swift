import Foundation
import Testing
import ThiDuaCore

@Suite struct ReviewTests {
    let day = { (text: String) in Day(parsing: text)! }

    @Test func lateReportsAreFoundOncePerUnitWithTheirDelay() {
        let pledge = Pledge(
            code: "GU", campaign: "GUTD-2024", title: "Giao ước", leader: "BDV", signedOn: day("15/01/2024"), members: ["P1", "P2"],
            reports: [
                Report(unit: "P1", target: "CT1", actual: 1, selfScore: 1, verifiedScore: nil, submittedOn: day("25/11/2024")),
                Report(unit: "P2", target: "CT1", actual: 1, selfScore: 1, verifiedScore: nil, submittedOn: day("26/11/2024")),
                Report(unit: "P2", target: "CT2", actual: 1, selfScore: 1, verifiedScore: nil, submittedOn: day("28/11/2024")),
            ])
        let late = Review.lateReports([pledge], deadline: day("25/11/2024"))
        #expect(late.map(\.unit) == ["P2"])
        #expect(late.first?.daysLate == 3)
        #expect(Review.lateReports([pledge], deadline: nil).isEmpty)
    }

    @Test func aJurorScoringTheirOwnUnitsModelIsAConflict() {
        let jurors = [
            Juror(code: "GK01", campaign: "C", name: "A", title: "T", unit: "BDV"),
            Juror(code: "GK02", campaign: "C", name: "B", title: "T", unit: "P1"),
            Juror(code: "GK03", campaign: "C", name: "C", title: "T", unit: nil),
        ]
        let models = [
            Model(code: "MH-01", campaign: "C", unit: "P1", holder: .collective, field: .economy, name: "M1", registeredOn: day("01/02/2024")),
            Model(code: "MH-02", campaign: "C", unit: "P2", holder: .collective, field: .economy, name: "M2", registeredOn: day("01/02/2024")),
        ]
        let assignments = ["GK01", "GK02", "GK03"].flatMap { j in ["MH-01", "MH-02"].map { Assignment(juror: j, entry: $0) } }
        let conflicts = Review.conflicts(jurors: jurors, models: models, assignments: assignments)
        #expect(conflicts == [Review.Conflict(juror: "GK02", entry: "MH-01", unit: "P1")])
    }
}
