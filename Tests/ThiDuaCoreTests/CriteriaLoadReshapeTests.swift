import Foundation
import Testing
@testable import ThiDuaCore

/// The loader in one pass and by section: tie-break keys typed at load, and a step check that
/// no longer skips a max too large to divide.
@Suite struct CriteriaLoadReshapeTests {
    typealias R = RankingTests

    @Test func tieBreakKeysAreTypedAtLoad() {
        let set = R.set(ranking: "{ group_by: [bloc], tie_break: [total desc, score.A1 asc, criteria_at_max desc, registered_on asc] }")
        #expect(set.ranking?.tieBreak.map(\.key) == [.total, .score(criterion: "A1"), .criteriaAtMax, .registeredOn])
        #expect(set.ranking?.tieBreak.map(\.key.description) == ["total", "score.A1", "criteria_at_max", "registered_on"])
        #expect(TieBreakKey("score.B9", criteria: ["A1"]) == nil)
        #expect(RankingRules.keys == ["total", "base", "bonus", "penalty", "criteria_at_max", "criteria_under_half",
            "lowest_share", "verified_pledge", "registered_on"])
    }

    @Test func stepNotDividingALargeMaxIsFoundAtLoad() {
        let yaml = "id: t\nversion: \"1\"\ntitle: Thử\napplies_to: model\njury: { aggregate: mean }\ngroups: [{ id: A, title: A, criteria: "
            + "[{ id: A1, title: Một, max: 100000000000000000000000000001, step: 0.0000000003, source: jury }] }]\n"
        // max / step does not fit 128 bits: the check used to be skipped.
        #expect {
            try CriteriaSet.load(bytes: Array(yaml.utf8), file: "t.yaml")
        } throws: { error in
            (error as? CriteriaFailure)?.issues.map(\.message)
                == ["max 100000000000000000000000000001 không chia hết cho bước chấm 0,0000000003"]
        }
    }

    /// A key's second use in its mapping, read from the text after the first (Yams gives only the first).
    @Test(arguments: [
        ("a: 1\nb:\n  a: 2\na: 3\n", 1, 1, [4, 1]),
        ("x: { a: 1, b: { a: 2 }, \"a\": 3 }", 1, 6, [1, 25]),
        ("x: { a: \"1, a: 2\", c: 3,\n  a: 4 }", 1, 6, [2, 3]),
        ("- a: 1\n  b: 2\n- a: 3\n", 1, 3, []),
        ("a: 1\n# a: 2\nb: |\n  a: 3\na : 4\n", 1, 1, [5, 1]),
    ])
    func theSecondUseOfAKeyIsFoundInOnePass(source: String, line: Int, column: Int, expected: [Int]) {
        let found = DuplicateKey.secondUse(of: "a", line: line, column: column, in: source)
        #expect(found.map { [$0.line, $0.column] } ?? [] == expected)
    }
}
