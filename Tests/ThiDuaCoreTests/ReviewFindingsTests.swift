import Foundation
import Testing
@testable import ThiDuaCore

/// Bugs found in review, each with the behaviour the README asks for.
@Suite struct ReviewFindingsTests {
    typealias R = RankingTests

    // `total asc` in the chain used to be accepted and ignored; it is refused at load now
    // (SilentlyWrongTests.tieBreakTotalAscIsRefusedAtLoad).

    /// A missing tie-break value sorts after any value, also for a `desc` key.
    @Test func aMissingTieBreakValueSortsLastAlsoDescending() throws {
        let set = R.set(ranking: "{ group_by: [bloc], tie_break: [total desc, lowest_share desc] }")
        var none = R.entry("M1", total: "85")
        none.criteria = []  // no criterion: lowest_share is missing
        let r = try Ranker.rank(R.result([none, R.entry("M2", total: "85", a1: "4")]), set: set)
        #expect(R.ranks(r) == ["M2:1", "M1:2"])
    }

    /// `cap_per_bloc` counts each entry's own bloc, also when a ranking group holds several blocs.
    @Test func aCapPerBlocCountsEachEntrysBlocInAGroupOfSeveralBlocs() throws {
        let set = R.set(ranking: "{ group_by: [], tie_break: [total desc] }",
            awards: "[{ id: gk, title: Giấy khen, authority: UBND, eligible: 'true', cap_per_bloc: 1 }]")
        let entries = [R.entry("M1", bloc: "K1", total: "95"), R.entry("M2", bloc: "K1", total: "90"),
                       R.entry("M3", bloc: "K2", total: "85"), R.entry("M4", bloc: "K2", total: "80")]
        let list = try R.awards(set, entries)
        #expect(list.forms[0].groups[0].awarded.map(\.entry) == ["M1", "M3"])
    }
}
