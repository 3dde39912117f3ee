import Foundation
import PropertyBased
import Testing
@testable import ThiDuaCore

/// Properties of the engine over random campaigns.
@Suite struct ScoringPropertyTests {
    /// A random campaign: models with metrics and facts, jurors (some affiliated with a model's
    /// unit), a score log with corrections, all from one seed.
    struct Campaign {
        var models: [Model]
        var jurors: [Juror]
        var scores: [Score]
    }

    static func campaign(seed: UInt64, models modelCount: Int, jurors jurorCount: Int) -> Campaign {
        var rng = SplitMix(seed)
        let models = (1...modelCount).map { i in
            Scenario.model(String(format: "M%02d", i), unit: "U\(rng.next(4))",
                metrics: ["a": "\(rng.next(50) + 1)", "b": "\(rng.next(50) + 51)"], facts: ["ky_luat": .bool(rng.next(6) == 0)])
        }
        let jurors = Scenario.jurors(jurorCount) { i in i % 3 == 0 ? "U\(i % 4)" : nil }
        var scores: [Score] = []
        for m in models {
            for j in jurors {
                for c in ["A1", "A2"] {
                    scores.append(Scenario.score(j.code, m.code, c, "\(Double(rng.next(41)) / 2)", at: Int(rng.next(30))))
                    if rng.next(8) == 0 {
                        var correction = Scenario.score(j.code, m.code, c, "\(Double(rng.next(41)) / 2)", at: 40)
                        correction.correctionReason = "Sửa"
                        scores.append(correction)
                    }
                }
            }
        }
        return Campaign(models: models, jurors: jurors, scores: scores)
    }

    static let set = Scenario.set("""
        id: t
        version: "1"
        title: Thử
        applies_to: model
        round: [criterion]
        jury: { aggregate: trimmed_mean, trim: 1, min_jurors: 2, normalize: zscore, normalize_by: [] }
        groups:
          - id: A
            title: Hội đồng
            cap: 35
            criteria:
              - { id: A1, title: Một, max: 20, source: jury }
              - { id: A2, title: Hai, max: 20, source: jury }
          - id: B
            title: Số liệu
            criteria:
              - { id: B1, title: Tỷ lệ, max: 10, source: formula, formula: metrics.a / metrics.b * max }
        bonus:
          - { id: T, title: Thưởng, when: score.A1 > 15, points: 2 }
        veto:
          - { id: KL, title: Kỷ luật, when: facts.ky_luat }
        tiers:
          - { id: tot, title: Tốt, min: 30, require: lowest_share >= 0.5 }
          - { id: khac, title: Khác }
        """)

    @Test func theOrderOfTheInputsNeverChangesTheResults() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...9), Gen.int(in: 1...7)) { seed, models, jurors in
            let c = Self.campaign(seed: UInt64(seed), models: models, jurors: jurors)
            let units = (0..<4).map { ThiDuaCore.Unit(code: "U\($0)", name: "Đơn vị \($0)", kind: .agency) }
            let first = Scenario.run(Self.set, models: c.models, jurors: c.jurors, scores: c.scores, units: units)
            var rng = SplitMix(UInt64(seed) &+ 17)
            let second = Scenario.run(Self.set, models: c.models.shuffled(using: &rng), jurors: c.jurors.shuffled(using: &rng),
                scores: c.scores.shuffled(using: &rng), units: units.shuffled(using: &rng))
            #expect(first == second)
            #expect(first.text == second.text)
        }
    }

    @Test func withoutATraceEveryNumberIsTheSame() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...9), Gen.int(in: 1...7)) { seed, models, jurors in
            let c = Self.campaign(seed: UInt64(seed), models: models, jurors: jurors)
            let units = (0..<4).map { ThiDuaCore.Unit(code: "U\($0)", name: "Đơn vị \($0)", kind: .agency) }
            for set in [Self.set, Self.set.withoutNormalisation] {
                let input = ScoringInput(set: set, campaign: Scenario.campaign, units: units, models: c.models, jurors: c.jurors, scores: c.scores)
                func numbers(_ r: ScoringResult) -> [EntryResult] {
                    r.entries.map { e in
                        var e = e
                        e.trace = []
                        e.tracing = true
                        return e
                    }
                }
                let traced = Engine.score(input, trace: true)
                let plain = Engine.score(input, trace: false)
                #expect(plain.entries.allSatisfy { $0.trace.isEmpty })
                #expect(numbers(traced) == numbers(plain))
            }
        }
    }

    @Test func scalingAllOfAJurorsScoresLeavesZScoredResultsUnchanged() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 3...8), Gen.int(in: 2...4)) { seed, models, factor in
            let c = Self.campaign(seed: UInt64(seed), models: models, jurors: 4)
            // Jurors score on 0…10 so that a factor up to 4 stays within a 0…40 scale: the set's max is 40.
            let set = Scenario.set("""
                id: t
                version: "1"
                title: Thử
                applies_to: model
                round: []
                jury: { aggregate: mean, normalize: zscore, normalize_by: [] }
                groups:
                  - id: A
                    title: A
                    criteria:
                      - { id: A1, title: Một, max: 40, source: jury }
                      - { id: A2, title: Hai, max: 40, source: jury }
                """)
            let halved = c.scores.map { s in
                var s = s
                s.points = try! s.points.dividing(by: Exact(2)).floored()
                return s
            }
            let scaled = halved.map { s in
                var s = s
                if s.juror == "GK02" { s.points = try! s.points.multiplying(Exact(factor)) }
                return s
            }
            let base = Scenario.run(set, models: c.models, jurors: c.jurors, scores: halved)
            let after = Scenario.run(set, models: c.models, jurors: c.jurors, scores: scaled)
            #expect(base.entries.map(\.total) == after.entries.map(\.total))
            #expect(base.entries.map(\.criteria) == after.entries.map(\.criteria))
        }
    }
}

/// SplitMix64: a small seeded generator, so every random campaign can be made again.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(_ bound: UInt64) -> UInt64 { next() % bound }
}

extension CriteriaSet {
    /// The same set with jury scores taken as they are, for the engine's other path.
    var withoutNormalisation: CriteriaSet {
        var set = self
        set.jury?.normalize = .none
        return set
    }
}
