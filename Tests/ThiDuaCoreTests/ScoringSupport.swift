import Foundation
@testable import ThiDuaCore

/// Small hand-made campaigns for the engine's tests.
enum Scenario {
    static let campaign = Campaign(code: "T", year: 2024, title: "Thử", criteriaSet: "t",
        reportDeadline: Day(parsing: "25/11/2024"), state: .scoring)

    /// A criteria set from YAML written in the test; a mistake in it fails the test loudly.
    static func set(_ yaml: String) -> CriteriaSet {
        do {
            return try CriteriaSet.load(bytes: Array(yaml.utf8), file: "test.yaml")
        } catch {
            fatalError("test criteria set is wrong:\n\(error)")
        }
    }

    /// One jury criterion A1 (max 20, step 0.5) with the given jury rules, plus any extra YAML.
    static func jurySet(_ jury: String, extra: String = "") -> CriteriaSet {
        set("""
            id: t
            version: "1"
            title: Thử
            applies_to: model
            round: []
            jury: \(jury)
            groups:
              - id: A
                title: Nhóm A
                criteria:
                  - { id: A1, title: Tiêu chí 1, max: 20, source: jury, step: 0.5 }
            \(extra)
            """)
    }

    static func model(_ code: String, unit: String = "U1", metrics: [String: String] = [:], facts: [String: Model.Fact] = [:],
                      registered: String = "01/03/2024") -> Model {
        Model(code: code, campaign: "T", unit: unit, holder: .collective, field: .economy, name: "Mô hình \(code)",
            registeredOn: Day(parsing: registered)!, metrics: metrics.mapValues { Exact($0)! }, facts: facts)
    }

    static func score(_ juror: String, _ entry: String, _ criterion: String, _ points: String, at minute: Int = 0) -> Score {
        Score(juror: juror, entry: entry, criterion: criterion, points: Exact(points)!,
            time: Moment(day: Day(parsing: "10/12/2024")!, hour: 8, minute: minute, offset: .vietnam)!)
    }

    static func jurors(_ count: Int, unit: (Int) -> String? = { _ in nil }) -> [Juror] {
        (1...count).map { Juror(code: String(format: "GK%02d", $0), campaign: "T", name: "Thành viên \($0)", title: "", unit: unit($0)) }
    }

    /// Scores `points[i]` by juror i+1 for criterion A1 of `entry`.
    static func scores(_ entry: String, _ points: [String], criterion: String = "A1") -> [Score] {
        points.enumerated().map { score(String(format: "GK%02d", $0.offset + 1), entry, criterion, $0.element) }
    }

    static func run(_ set: CriteriaSet, models: [Model], jurors: [Juror], scores: [Score], units: [ThiDuaCore.Unit] = [],
                    blocs: [Bloc] = []) -> ScoringResult {
        Engine.score(ScoringInput(set: set, campaign: campaign, units: units, blocs: blocs, models: models, jurors: jurors, scores: scores))
    }
}

extension Exact {
    /// For tests: `"12.5"` or `"1/3"`.
    static func of(_ text: String) -> Exact {
        if let slash = text.firstIndex(of: "/") {
            return Exact(numerator: Int128(text[..<slash])!, denominator: Int128(text[text.index(after: slash)...])!)!
        }
        return Exact(text)!
    }
}
