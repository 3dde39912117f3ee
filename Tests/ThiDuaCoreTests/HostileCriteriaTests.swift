import Testing
import ThiDuaCore

/// Criteria sets and formulas built to break the loader: nesting and chains deep enough to
/// overflow a recursive walk. Each is refused with a message, or loads, and never crashes.
@Suite struct HostileCriteriaTests {
    static let tooDeep = "biểu thức lồng quá sâu: quá 100 tầng ngoặc, hàm, danh sách, phép tính hoặc số hạng; tách thành nhiều tiêu chí"

    /// A model set's first lines, down to its one group's `criteria:`.
    static let header = """
        id: t
        version: "1"
        title: Thử
        applies_to: model
        round: []
        groups:
          - id: A
            title: Nhóm A
            criteria:

        """

    static func issue(_ source: String) -> ExpressionIssue? {
        #expect(throws: ExpressionIssue.self) { try Expression.parse(source) }
    }

    @Test(arguments: [101, 1_000, 100_000])
    func bracketsNestedTooDeepAreRefusedWhereTheyGoTooDeep(_ depth: Int) {
        let source = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        let issue = Self.issue(source)
        #expect(issue == ExpressionIssue(offset: 100, message: Self.tooDeep))
    }

    @Test func aHundredBracketsAreEnough() throws {
        let source = String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100)
        #expect(try Expression.parse(source) == .number(.of("1"), SourceRange(0, 201)))
    }

    /// A sum is a chain of additions, one level each: a hundred terms pass, the 101st is refused
    /// at its `+` (offset 4 · 100 − 2 in `x + x + …`).
    @Test func aSumOfMoreThanAHundredTermsIsRefusedAtTheTermTooMany() throws {
        func sum(_ terms: Int) -> String { Array(repeating: "x", count: terms).joined(separator: " + ") }
        _ = try Expression.parse(sum(100))
        #expect(Self.issue(sum(101)) == ExpressionIssue(offset: 398, message: Self.tooDeep))
        #expect(Self.issue(sum(4_000)) == ExpressionIssue(offset: 398, message: Self.tooDeep))
    }

    @Test func aHundredThousandNotsOrMinusesAreRefused() {
        #expect(Self.issue(String(repeating: "not ", count: 100_000) + "true")?.message == Self.tooDeep)
        #expect(Self.issue(String(repeating: "- ", count: 100_000) + "x")?.message == Self.tooDeep)
        #expect(Self.issue(String(repeating: "min(", count: 100_000) + "1" + String(repeating: ")", count: 100_000))?.message == Self.tooDeep)
        #expect(Self.issue(String(repeating: "[", count: 100_000) + "1" + String(repeating: "]", count: 100_000))?.message == Self.tooDeep)
    }

    /// The refusal in a criteria set names the file, the formula's line and the column where it
    /// goes too deep.
    @Test func aFormulaTooDeepInASetIsNamedByLineAndColumn() {
        let formula = Array(repeating: "metrics.a", count: 150).joined(separator: " + ")
        let yaml = Self.header + """
                  - id: A1
                    title: Tổng
                    max: 20
                    source: formula
                    formula: \(formula)
            """
        let failure = #expect(throws: CriteriaFailure.self) { try CriteriaSet.load(bytes: Array(yaml.utf8), file: "sau.yaml") }
        let issue = failure?.issues.first
        #expect(issue?.line == 14)
        #expect(issue?.column == 18 + 100 * 9 + 99 * 3 + 1)
        #expect(issue?.message.contains(Self.tooDeep) == true)
    }

    /// The deepest formula the parser lets through is scored on the engine's worker threads.
    @Test func theDeepestFormulasAllowedAreScored() {
        let sum = Array(repeating: "metrics.a", count: 100).joined(separator: " + ")
        let calls = String(repeating: "abs(", count: 99) + "metrics.a" + String(repeating: ")", count: 99)
        let set = Scenario.set(Self.header + """
                  - { id: S, title: Tổng, max: 1000, source: formula, formula: "\(sum)" }
                  - { id: K, title: Lồng, max: 10, source: formula, formula: "\(calls)" }
            """)
        let models = (1...4).map { Scenario.model("M\($0)", metrics: ["a": "\($0)"]) }
        let result = Scenario.run(set, models: models, jurors: [], scores: [])
        #expect(result.entries.map { $0.points("S") } == [.of("100"), .of("200"), .of("300"), .of("400")])
        #expect(result.entries.map { $0.points("K") } == [.of("1"), .of("2"), .of("3"), .of("4")])
    }

    /// Ten thousand formulas, each reading the next, listed so that each comes before what it
    /// reads: ordered without a recursion per link, the last listed first.
    @Test func aChainOfTenThousandFormulasListedLastFirstIsOrdered() throws {
        let count = 10_000
        var lines: [String] = []
        for i in 0..<count {
            let reads = i + 1 < count ? "score.C\(i + 1)" : "1"
            lines.append("          - { id: C\(i), title: Mắt xích \(i), max: 1, source: formula, formula: \"\(reads)\" }")
        }
        let yaml = Self.header + """
            \(lines.joined(separator: "\n"))
            """
        let set = try CriteriaSet.load(bytes: Array(yaml.utf8), file: "xich.yaml")
        #expect(set.evaluationOrder.count == count)
        #expect(set.evaluationOrder.first == "C\(count - 1)")
        #expect(set.evaluationOrder.last == "C0")
    }

    @Test func aCycleIsStillNamedWithItsPath() {
        let yaml = Self.header + """
                  - { id: C1, title: Một, max: 1, source: formula, formula: score.C2 }
                  - { id: C2, title: Hai, max: 1, source: formula, formula: score.C3 }
                  - { id: C3, title: Ba, max: 1, source: formula, formula: score.C1 }
            """
        let failure = #expect(throws: CriteriaFailure.self) { try CriteriaSet.load(bytes: Array(yaml.utf8), file: "vong.yaml") }
        #expect(failure?.issues.map(\.message) == [
            "vòng lặp giữa các công thức: C1 → C2 → C3 → C1 (điểm của một tiêu chí không được phụ thuộc vào chính nó)"
        ])
    }
}
