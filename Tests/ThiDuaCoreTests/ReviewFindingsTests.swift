import Foundation
import Testing
@testable import ThiDuaCore

/// Bugs found in review, each with the behaviour the README asks for.
@Suite struct ReviewFindingsTests {
    typealias R = RankingTests

    /// README: "By the exact total, highest first, then by each key of tie_break in turn".
    /// A chain that starts with `total asc` must not turn the ranking upside down.
    @Test func totalAscInTheChainDoesNotReverseTheRanking() throws {
        let set = R.set(ranking: "{ group_by: [bloc], tie_break: [total asc, penalty asc] }")
        let r = try Ranker.rank(R.result([R.entry("M1", total: "80"), R.entry("M2", total: "95"), R.entry("M3", total: "90")]), set: set)
        #expect(R.ranks(r) == ["M2:1", "M3:2", "M1:3"])
    }

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
