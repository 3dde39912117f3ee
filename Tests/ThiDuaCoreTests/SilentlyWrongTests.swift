import BigInt
import Foundation
import Testing
@testable import ThiDuaCore

/// Results that looked right and were not (issue 11), each named after what went wrong.
@Suite struct SilentlyWrongTests {
    typealias R = RankingTests

    // MARK: 1. z-scores in large groups

    /// A set with one jury criterion A1 (max 20, step 1) over the whole campaign as one group.
    static func zSet(aggregate: String = "mean", normalize: String = "zscore") -> CriteriaSet {
        Scenario.set("""
            id: t
            version: "1"
            title: Thử
            applies_to: model
            decimals: 2
            round: [total]
            jury: { aggregate: \(aggregate), min_jurors: 1, normalize: \(normalize)\(normalize == "zscore" ? ", normalize_by: []" : "") }
            groups:
              - id: A
                title: Nhóm A
                criteria:
                  - { id: A1, title: Tiêu chí 1, max: 20, source: jury, step: 1 }
            """)
    }

    /// Deterministic scores 0…20: juror j gives model i a number from a small linear congruential sequence.
    static func zCampaign(models count: Int, jurors: Int) -> (models: [Model], jurors: [Juror], scores: [Score], points: [[Int]]) {
        let models = (0..<count).map { Scenario.model(String(format: "M%05d", $0), unit: "U\($0 % 97)") }
        var state: UInt64 = 0x5eed
        var points: [[Int]] = []
        var scores: [Score] = []
        for j in 0..<jurors {
            var row: [Int] = []
            for i in 0..<count {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let p = Int((state >> 33) % 21)
                row.append(p)
                scores.append(Scenario.score(String(format: "GK%02d", j + 1), models[i].code, "A1", "\(p)"))
            }
            points.append(row)
        }
        return (models, Scenario.jurors(jurors), scores, points)
    }

    /// The totals computed here, independently of the engine: each juror's mean and population
    /// variance as exact fractions, z = ±√((x − μ)²/σ²) at 30 places, rescaled to 10 + z·20/6
    /// within 0…20, the jurors' mean, rounded half up to 2 places (the set rounds the total).
    static func referenceTotals(_ points: [[Int]], aggregate: String = "mean", zscore: Bool = true) -> [String] {
        let n = points[0].count
        let scale = BigInt(10).power(30)
        var perJuror: [[BigInt]] = []  // rescaled scores × 10^30
        for row in points {
            // μ = s/n; (x − μ)² / σ² = (n·x − s)² · n / Σ(n·x − s)², written with μ and σ² as fractions.
            let s = BigInt(row.reduce(0, +))
            let muNum = s, muDen = BigInt(n)
            var varNum = BigInt(0)
            for x in row {
                let d = BigInt(x) * muDen - muNum
                varNum += d * d
            }
            let varDen = muDen * muDen * BigInt(n)  // σ² = varNum / varDen
            perJuror.append(row.map { x -> BigInt in
                guard zscore else { return BigInt(x) * scale }
                let d = BigInt(x) * muDen - muNum       // (x − μ) = d / muDen
                guard varNum != 0 else { return 10 * scale }
                // z² = (d² / muDen²) / (varNum / varDen)
                let zNum = d * d * varDen
                let zDen = muDen * muDen * varNum
                var z = BigInt((zNum * scale * scale / zDen).magnitude.squareRoot())
                if d < 0 { z = -z }
                var v = 10 * scale + z * 20 / 6
                if v < 0 { v = 0 }
                if v > 20 * scale { v = 20 * scale }
                return v
            })
        }
        return (0..<n).map { i in
            // The jurors' values for entry i, combined as the set says.
            var values = perJuror.map { $0[i] }.sorted()
            switch aggregate {
            case "median":
                values = values.count % 2 == 1 ? [values[values.count / 2]] : [values[values.count / 2 - 1], values[values.count / 2]]
            case let trimmed where trimmed.hasPrefix("trimmed_mean"):
                let k = min(2, (values.count - 1) / 2)
                values = Array(values[k..<(values.count - k)])
            default: break
            }
            let sum = values.reduce(BigInt(0), +)
            // mean × 100, rounded half up (values are ≥ 0)
            let hundredths = (sum * 100 * 2 / BigInt(values.count) / scale + 1) / 2
            let whole = hundredths / 100, frac = hundredths % 100
            return "\(whole),\(frac < 10 ? "0" : "")\(frac)"
        }
    }

    static func checkZScores(models count: Int, jurors: Int, aggregate: String = "mean", normalize: String = "zscore") {
        let c = zCampaign(models: count, jurors: jurors)
        let result = Scenario.run(zSet(aggregate: aggregate, normalize: normalize), models: c.models, jurors: c.jurors, scores: c.scores)
        #expect(result.errors.isEmpty, "\(result.errors.prefix(3))")
        let expected = referenceTotals(c.points, aggregate: aggregate, zscore: normalize == "zscore")
        var wrong = 0
        for (i, e) in result.entries.enumerated() where e.total?.text(decimals: 2) != expected[i] {
            if wrong < 3 { Issue.record("\(e.entry): engine \(e.total?.text(decimals: 2) ?? "none"), reference \(expected[i])") }
            wrong += 1
        }
        #expect(wrong == 0, "\(wrong) of \(count) totals differ")
        // Nothing fell back to raw points: every juror's score went through a z-score.
        #expect(!result.entries.contains { e in e.trace.contains { $0.value == "bỏ qua" } })
    }

    /// 200 models in one group, 3 jurors: the 128-bit square root overflowed and every total was raw points.
    @Test func zScoresOverflowAndFallBackToRawPoints() {
        Self.checkZScores(models: 200, jurors: 3)
    }

    /// A group of 20,000 entries, against the independent computation at 30 places.
    @Test func zScoresOfAGroupOfTwentyThousandEntries() {
        Self.checkZScores(models: 20_000, jurors: 3)
    }

    /// 50 jurors on 600 entries, every aggregate, with and without z-scores: no fallback, every total as computed here.
    @Test(arguments: ["mean", "median", "trimmed_mean, trim: 2"], ["none", "zscore"])
    func fiftyJurorsEveryAggregateAndNormalisation(_ aggregate: String, _ normalize: String) {
        Self.checkZScores(models: 600, jurors: 50, aggregate: aggregate, normalize: normalize)
    }

    /// z is the exact square root rounded half up at 12 places, never rounded twice.
    @Test func zScoresAreRoundedOnceAtTwelvePlaces() throws {
        // Scores 0, 0, 1 → μ = 1/3, σ² = 2/9; for x = 1, z = √2 = 1.414213562373095…
        let outcomes = try Normalization.zScores([Exact(0), Exact(0), Exact(1)], max: Exact(6))
        #expect(outcomes[2].z == Exact.of("1.414213562373"))
        #expect(outcomes[0].z == Exact.of("-0.707106781187"))
    }

    // MARK: 2. A tie at a bloc's cap in a group that mixes blocs

    /// K1: M1 95, M2 90, M3 90 (tied); K2: M4 85. Two places per bloc.
    static let tieAtCap = [
        R.entry("M1", bloc: "K1", total: "95"), R.entry("M2", bloc: "K1", total: "90"),
        R.entry("M3", bloc: "K1", total: "90"), R.entry("M4", bloc: "K2", total: "85"),
    ]

    static func awarded(groupBy: String, boundary: String, seed: UInt64? = nil) throws -> [String] {
        let set = R.set(ranking: "{ group_by: \(groupBy), tie_break: [total desc] }",
            awards: "[{ id: gk, title: Giấy khen, authority: UBND, eligible: 'true', cap_per_bloc: 2, at_boundary: \(boundary) }]")
        return try R.awards(set, tieAtCap, seed: seed).forms[0].groups.flatMap { $0.awarded.map(\.entry) }.sorted()
    }

    @Test(arguments: ["all", "none", "draw"])
    func aTieAtABlocsCapInAGroupMixingBlocsIsSplitByEntryCode(_ rule: String) throws {
        let seed: UInt64? = rule == "draw" ? 7 : nil
        let byBloc = try Self.awarded(groupBy: "[bloc]", boundary: rule, seed: seed)
        let mixed = try Self.awarded(groupBy: "[]", boundary: rule, seed: seed)
        // The same tie, the same way, whether or not the group mixes blocs.
        #expect(mixed == byBloc)
        switch rule {
        case "all": #expect(mixed == ["M1", "M2", "M3", "M4"])
        case "none": #expect(mixed == ["M1", "M4"])
        default: #expect(mixed.count == 3 && mixed.contains("M1") && mixed.contains("M4"))
        }
    }

    @Test func aDrawAtABlocsCapInAGroupMixingBlocsAsksForASeed() throws {
        #expect(throws: AwardFailure.drawNeedsSeed(form: "gk", group: "tất cả", entries: ["M2", "M3"])) {
            try Self.awarded(groupBy: "[]", boundary: "draw")
        }
    }

    @Test func theTieAtABlocsCapIsPrintedInTheArithmetic() throws {
        let set = R.set(ranking: "{ group_by: [], tie_break: [total desc] }",
            awards: "[{ id: gk, title: Giấy khen, authority: UBND, eligible: 'true', cap_per_bloc: 2, at_boundary: none }]")
        let group = try R.awards(set, Self.tieAtCap).forms[0].groups[0]
        #expect(group.arithmetic == ["tối đa 2 mỗi khối (còn: K1 2, K2 2)", "không xét M2, M3 vì khối đã đủ"])
        #expect(group.boundaries == ["M2, M3 cùng hạng 2 ở ranh giới của khối K1 (còn 1): không ai trong số đó được (at_boundary: none), 0 thay vì 1"])
    }

    // MARK: 3. The order in which groups use up a bloc's places

    /// Two collectives and two individuals of one bloc, ranked by kind, at most 3 a bloc, 2 a group.
    static func byKind(capOrder: String?) throws -> AwardOutcome {
        let order = capOrder.map { ", cap_order: \($0)" } ?? ""
        let set = R.set(ranking: "{ group_by: [kind], tie_break: [total desc] }",
            awards: "[{ id: gk, title: Giấy khen, authority: UBND, eligible: 'true', per_group: 2, cap_per_bloc: 3\(order) }]")
        let entries = ["M1", "M2", "M3", "M4"].enumerated().map { R.entry($0.element, total: "\(90 - $0.offset)") }
        var models = entries.map { Scenario.model($0.entry, unit: $0.unit) }
        models[2].holder = .individual(name: "Nguyễn Văn A", position: "Trưởng thôn")
        models[3].holder = .individual(name: "Trần Thị B", position: "Chi hội trưởng")
        let result = R.result(entries)
        return try Awarding.decide(try Ranker.rank(result, set: set, models: models), result: result, set: set,
            campaign: Scenario.campaign, models: models).forms[0]
    }

    @Test func theOrderInWhichGroupsUseUpABlocsPlacesFollowsTheLabelsSortOrder() throws {
        // The default, stated and printed: the ranking's order (Cá nhân before Tập thể).
        let byDefault = try Self.byKind(capOrder: nil)
        #expect(byDefault.capOrder == ["Cá nhân", "Tập thể"])
        #expect(!byDefault.capOrderStated)
        #expect(byDefault.groups.map { $0.awarded.map(\.entry) } == [["M3", "M4"], ["M1"]])
        // The set says collectives first: they take 2 of the bloc's 3, the individuals the 1 left.
        let stated = try Self.byKind(capOrder: "[Tập thể, Cá nhân]")
        #expect(stated.capOrder == ["Tập thể", "Cá nhân"])
        #expect(stated.capOrderStated)
        #expect(stated.groups.map(\.group) == ["Cá nhân", "Tập thể"])  // shown in the ranking's order
        #expect(stated.groups.map { $0.awarded.map(\.entry) } == [["M3"], ["M1", "M2"]])
        #expect(stated.groups[0].arithmetic == ["tối đa 2 mỗi nhóm", "tối đa 3 mỗi khối (còn 1)"])
    }

    // MARK: 10. README and program agree

    @Test func tieBreakTotalAscIsRefusedAtLoad() {
        let yaml = """
            id: t
            version: "1"
            title: Thử
            applies_to: model
            groups:
              - id: A
                title: A
                criteria:
                  - { id: A1, title: Một, max: 10, source: jury }
            ranking: { tie_break: [total asc] }
            """
        #expect(throws: CriteriaFailure.self) { try CriteriaSet.load(bytes: Array(yaml.utf8), file: "t.yaml") }
        do {
            _ = try CriteriaSet.load(bytes: Array(yaml.utf8), file: "t.yaml")
        } catch {
            #expect(error.description.contains("t.yaml:10:"))
            #expect(error.description.contains("'total asc' không dùng được"))
        }
    }

    @Test func equalAwardPrecedenceIsRefusedAtLoad() {
        let yaml = """
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
            awards:
              - { id: bk, title: Bằng khen, authority: UBND tỉnh, eligible: 'true', precedence: 1 }
              - { id: gk, title: Giấy khen, authority: UBND huyện, eligible: 'true', precedence: 1 }
            """
        do {
            _ = try CriteriaSet.load(bytes: Array(yaml.utf8), file: "t.yaml")
            Issue.record("two forms with precedence 1 were accepted")
        } catch {
            #expect(error.description == "t.yaml:13:86: hai hình thức khen thưởng cùng precedence 1: 'bk' (dòng 12) và 'gk'; mỗi hình thức cần một precedence riêng")
        }
    }

    /// A formula reading a jury criterion below its quorum waits: no points, the entry incomplete, never an error.
    @Test func aFormulaReadingAJuryCriterionBelowQuorumWaits() {
        let set = Scenario.jurySet("{ aggregate: mean, min_jurors: 3 }", extra: """
              - id: B
                title: Nhóm B
                criteria:
                  - { id: B1, title: Theo A1, max: 20, source: formula, formula: score.A1 / 2 }
            """)
        let result = Scenario.run(set, models: [Scenario.model("M1")], jurors: Scenario.jurors(3),
            scores: Scenario.scores("M1", ["10", "12"]))
        let e = result.entries[0]
        #expect(e.status == "incomplete")
        #expect(e.errors.isEmpty)
        #expect(e.points("B1") == nil)
        #expect(e.total == nil)
    }
}
