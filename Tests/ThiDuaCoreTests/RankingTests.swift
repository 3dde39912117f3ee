import Foundation
import Testing
@testable import ThiDuaCore

/// Hand-checked rankings and award lists.
@Suite struct RankingTests {
    /// An entry with the given total (and a criterion A1 of 10 worth `a1`).
    static func entry(_ code: String, bloc: String = "K1", total: String, tier: String? = "tot", penalty: String = "0",
                      a1: String = "5", vetoed: Bool = false, incomplete: Bool = false) -> EntryResult {
        var e = EntryResult(entry: code, unit: "U-\(code)", bloc: bloc)
        e.criteria = [CriterionResult(id: "A1", max: 10, points: .of(a1), jurors: 3)]
        e.total = .of(total)
        e.penalty = .of(penalty)
        e.tier = tier
        if vetoed { e.vetoes = [RuleHit(id: "KL", title: "Kỷ luật", points: .zero)] }
        if incomplete { e.incomplete = ["A1: 2 thành viên chấm hợp lệ, cần ít nhất 5"]; e.total = nil }
        return e
    }

    static func result(_ entries: [EntryResult]) -> ScoringResult {
        ScoringResult(campaign: "T", criteriaSet: "t", criteriaSetVersion: "1", criteriaSetSHA256: "", entries: entries)
    }

    static func set(ranking: String = "{ group_by: [bloc], tie_break: [total desc, penalty asc], ties: shared }",
                    awards: String = "[]", exclusive: Bool = true) -> CriteriaSet {
        Scenario.set("""
            id: t
            version: "1"
            title: Thử
            applies_to: model
            jury: { aggregate: mean }
            groups:
              - id: A
                title: A
                criteria:
                  - { id: A1, title: Một, max: 10, source: jury }
            tiers:
              - { id: xuat_sac, title: Xuất sắc, min: 90 }
              - { id: tot, title: Tốt, min: 80 }
              - { id: kha, title: Khá }
            ranking: \(ranking)
            awards: \(awards)
            exclusive: \(exclusive)
            """)
    }

    static func ranks(_ r: Ranking) -> [String] { r.groups.flatMap { $0.ranked.map { "\($0.entry):\($0.rank)" } } }

    @Test func standardCompetitionRankingAfterTheTieBreakChain() throws {
        let r = try Ranker.rank(Self.result([
            Self.entry("M1", total: "90"), Self.entry("M2", total: "85", penalty: "2"), Self.entry("M3", total: "85"),
            Self.entry("M4", total: "85", penalty: "2"), Self.entry("M5", total: "70"),
        ]), set: Self.set())
        // M3 wins the 85 tie on fewer penalty points; M2 and M4 are equal on the whole chain and share 3; M5 is 5th.
        #expect(Self.ranks(r) == ["M1:1", "M3:2", "M2:3", "M4:3", "M5:5"])
        #expect(r.groups[0].ranked[1].decidedBy == nil)
        #expect(r.groups[0].ranked[2].decidedBy == "penalty")
    }

    @Test func aDrawNeedsASeedAndTheSameSeedGivesTheSameOrder() throws {
        let set = Self.set(ranking: "{ group_by: [bloc], tie_break: [total desc], ties: draw }")
        let entries = ["M1", "M2", "M3", "M4", "M5"].map { Self.entry($0, total: "80") }
        #expect(throws: RankingFailure.drawNeedsSeed(group: "K1", entries: ["M1", "M2", "M3", "M4", "M5"])) {
            try Ranker.rank(Self.result(entries), set: set)
        }
        let a = try Ranker.rank(Self.result(entries), set: set, seed: 42)
        let b = try Ranker.rank(Self.result(entries.reversed()), set: set, seed: 42)
        #expect(a == b)
        #expect(a.seed == 42)
        #expect(a.groups[0].ranked.map(\.rank) == [1, 2, 3, 4, 5])
        #expect(a.groups[0].ranked.allSatisfy { $0.drawn })
        let orders = Set((1...20).map { seed in (try? Ranker.rank(Self.result(entries), set: set, seed: UInt64(seed)))!.groups[0].ranked.map(\.entry) })
        #expect(orders.count > 5, "different seeds give different draws")
    }

    @Test func vetoedIncompleteAndEmptyGroupsAreListedApart() throws {
        let r = try Ranker.rank(Self.result([
            Self.entry("M1", bloc: "K1", total: "95", vetoed: true), Self.entry("M2", bloc: "K1", total: "0", incomplete: true),
            Self.entry("M3", bloc: "K2", total: "88"),
        ]), set: Self.set())
        // K1: every entry is apart, none ranked; K2: a bloc of one ranks first.
        #expect(r.groups.map(\.label) == ["K1", "K2"])
        #expect(r.groups[0].ranked.isEmpty)
        #expect(r.groups[0].apart.map(\.entry) == ["M1", "M2"])
        #expect(r.groups[0].apart[0].reason == "không xét: Kỷ luật")
        #expect(r.groups[0].apart[1].reason.hasPrefix("chưa đủ điểm: A1"))
        #expect(Self.ranks(r) == ["M3:1"])
    }

    static func awards(_ set: CriteriaSet, _ entries: [EntryResult], seed: UInt64? = nil, previous: [String: String] = [:]) throws -> AwardList {
        let result = Self.result(entries)
        return try Awarding.decide(try Ranker.rank(result, set: set), result: result, set: set, campaign: Scenario.campaign,
            previousTiers: previous, seed: seed)
    }

    static let tiedAtBoundary = [
        entry("M1", total: "95", tier: "xuat_sac"), entry("M2", total: "90", tier: "xuat_sac"),
        entry("M3", total: "90", tier: "xuat_sac"), entry("M4", total: "85"), entry("M5", total: "84"),
    ]

    @Test(arguments: [("all", ["M1", "M2", "M3"]), ("none", ["M1"])])
    func aTieAtTheQuotaBoundary(_ rule: String, _ awarded: [String]) throws {
        let set = Self.set(awards: "[{ id: bk, title: Bằng khen, authority: UBND tỉnh, eligible: 'true', quota: 2, at_boundary: \(rule) }]")
        let list = try Self.awards(set, Self.tiedAtBoundary)
        #expect(list.forms[0].groups[0].awarded.map(\.entry) == awarded)
        #expect(list.forms[0].groups[0].boundaries.first?.hasPrefix("M2, M3 cùng hạng 2 ở ranh giới") == true)
    }

    @Test func aTieAtTheQuotaBoundaryDrawnWithASeed() throws {
        let set = Self.set(awards: "[{ id: bk, title: Bằng khen, authority: UBND tỉnh, eligible: 'true', quota: 2, at_boundary: draw }]")
        #expect(throws: AwardFailure.drawNeedsSeed(form: "bk", group: "K1", entries: ["M2", "M3"])) {
            try Self.awards(set, Self.tiedAtBoundary)
        }
        let picks = Set((1...12).map { try! Self.awards(set, Self.tiedAtBoundary, seed: UInt64($0)).forms[0].groups[0].awarded.map(\.entry) })
        #expect(picks == [["M1", "M2"], ["M1", "M3"]])
        let a = try Self.awards(set, Self.tiedAtBoundary, seed: 7)
        #expect(a == (try Self.awards(set, Self.tiedAtBoundary.reversed(), seed: 7)))
        #expect(a.forms[0].groups[0].awarded.last?.drawn == true)
    }

    @Test(arguments: [
        // 15% of 27: 4.05 → 4 down, 4 nearest, 5 up; 10% of 25: 2.5 → 2, 3 (half up), 3; 20% of 5: exactly 1.
        (27, "15", "down", 4, "15% của 27 trong nhóm = 4,05 → 4 (làm tròn xuống)"),
        (27, "15", "nearest", 4, "15% của 27 trong nhóm = 4,05 → 4 (làm tròn gần nhất)"),
        (27, "15", "up", 5, "15% của 27 trong nhóm = 4,05 → 5 (làm tròn lên)"),
        (25, "10", "down", 2, "10% của 25 trong nhóm = 2,50 → 2 (làm tròn xuống)"),
        (25, "10", "nearest", 3, "10% của 25 trong nhóm = 2,50 → 3 (làm tròn gần nhất)"),
        (5, "20", "up", 1, "20% của 5 trong nhóm = 1,00 → 1 (làm tròn lên)"),
        (3, "10", "down", 0, "10% của 3 trong nhóm = 0,30 → 0 (làm tròn xuống)"),
    ])
    func percentageQuotasRoundAsTheSetSays(_ size: Int, _ percent: String, _ rounding: String, _ places: Int, _ text: String) throws {
        let set = Self.set(awards: "[{ id: gk, title: Giấy khen, authority: UBND, eligible: 'true', quota: \(percent)%, quota_of: all, rounding: \(rounding) }]")
        let entries = (1...size).map { Self.entry(String(format: "M%02d", $0), total: "\(100 - $0)") }
        let group = try Self.awards(set, entries).forms[0].groups[0]
        #expect(group.places == places)
        #expect(group.awarded.count == places)
        #expect(group.arithmetic == [text])
    }

    @Test func exclusivityPassesTheSlotDown() throws {
        let awards = """
            [{ id: bk, title: Bằng khen, authority: UBND tỉnh, eligible: tier == "xuat_sac", per_group: 1 },
             { id: gk, title: Giấy khen, authority: UBND thị xã, eligible: 'tier in ["xuat_sac", "tot"]', per_group: 2 }]
            """
        let entries = [Self.entry("M1", total: "95", tier: "xuat_sac"), Self.entry("M2", total: "91", tier: "xuat_sac"),
                       Self.entry("M3", total: "85"), Self.entry("M4", total: "82")]
        let exclusive = try Self.awards(Self.set(awards: awards, exclusive: true), entries)
        #expect(exclusive.forms.map { $0.groups[0].awarded.map(\.entry) } == [["M1"], ["M2", "M3"]])
        let both = try Self.awards(Self.set(awards: awards, exclusive: false), entries)
        #expect(both.forms.map { $0.groups[0].awarded.map(\.entry) } == [["M1"], ["M1", "M2"]])
    }

    @Test func aHistoryConditionReadsThePreviousYear() throws {
        let set = Self.set(awards: """
            [{ id: co, title: Cờ thi đua, authority: UBND tỉnh, eligible: tier == "xuat_sac" and previous_tier == "xuat_sac" }]
            """)
        let entries = [Self.entry("M1", total: "95", tier: "xuat_sac"), Self.entry("M2", total: "93", tier: "xuat_sac")]
        // Only M1's unit was xuất sắc last year too; M2's was tốt.
        let list = try Self.awards(set, entries, previous: ["U-M1": "xuat_sac", "U-M2": "tot"])
        #expect(list.forms[0].groups[0].awarded.map(\.entry) == ["M1"])
        #expect(list.forms[0].groups[0].eligible == 1)
    }

    @Test func aCapPerBlocCountsAcrossTheBlocsGroups() throws {
        let set = Self.set(ranking: "{ group_by: [bloc, kind], tie_break: [total desc] }",
            awards: "[{ id: gk, title: Giấy khen, authority: UBND, eligible: 'true', per_group: 2, cap_per_bloc: 3 }]")
        let entries = ["M1", "M2", "M3", "M4"].enumerated().map { Self.entry($0.element, total: "\(90 - $0.offset)") }
        // M1, M2 are collective, M3, M4 individual: two groups of the same bloc.
        var models = entries.map { Scenario.model($0.entry, unit: $0.unit) }
        models[2].holder = .individual(name: "Nguyễn Văn A", position: "Trưởng thôn")
        models[3].holder = .individual(name: "Trần Thị B", position: "Chi hội trưởng")
        let result = Self.result(entries)
        let list = try Awarding.decide(try Ranker.rank(result, set: set, models: models), result: result, set: set,
            campaign: Scenario.campaign, models: models)
        let groups = list.forms[0].groups
        #expect(groups.map(\.group) == ["K1 · Cá nhân", "K1 · Tập thể"])
        // The individuals' group comes first and takes 2 of the bloc's 3; the collectives get the 1 left.
        #expect(groups[0].awarded.map(\.entry) == ["M3", "M4"])
        #expect(groups[1].arithmetic == ["tối đa 2 mỗi nhóm", "tối đa 3 mỗi khối (còn 1)"])
        #expect(groups[1].awarded.map(\.entry) == ["M1"])
    }

    @Test func standingsGiveTheGapsAndTheCriteriaLost() throws {
        let set = Self.set()
        let entries = [Self.entry("M1", total: "92", tier: "xuat_sac", a1: "9"), Self.entry("M2", total: "86.5", a1: "6.5")]
        let result = Self.result(entries)
        let ranking = try Ranker.rank(result, set: set)
        let standings = try Standings.compute(ranking, result: result, set: set, awards: nil)
        #expect(standings[1].toNextRank == .of("5.5"))
        #expect(standings[1].toNextTier?.tier == "Xuất sắc")
        #expect(standings[1].toNextTier?.points == .of("3.5"))
        #expect(standings[1].lostMost.map(\.criterion) == ["A1"])
        #expect(standings[1].lostMost.map(\.points) == [.of("2.5")])
        #expect(standings[0].toNextRank == nil)
    }

    /// A gap too large for exact arithmetic is an error, never a gap left out.
    @Test func aGapThatOverflowsIsAnError() throws {
        let set = Self.set()
        var high = Self.entry("M1", total: "0", tier: "kha"), low = Self.entry("M2", total: "0", tier: "kha")
        high.total = Exact(numerator: Int128.max, denominator: 1)
        low.total = Exact(numerator: -Int128.max, denominator: 1)
        let result = Self.result([high, low])
        let ranking = try Ranker.rank(result, set: set)
        #expect(throws: ArithmeticFailure.self) { try Standings.compute(ranking, result: result, set: set, awards: nil) }
    }
}
