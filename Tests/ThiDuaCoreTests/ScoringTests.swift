import Foundation
import Testing
@testable import ThiDuaCore

/// Hand-checked cases of the engine: each number below was worked out by hand.
@Suite struct ScoringTests {
    @Test func trimmedMeanOfSevenJurorsDropsTheHighestAndTheLowest() {
        let set = Scenario.jurySet("{ aggregate: trimmed_mean, trim: 1, min_jurors: 3 }")
        let result = Scenario.run(set, models: [Scenario.model("M1")], jurors: Scenario.jurors(7),
            scores: Scenario.scores("M1", ["12", "14", "15", "15.5", "16", "18", "19.5"]))
        let e = result.entries[0]
        // (14 + 15 + 15.5 + 16 + 18) / 5 = 78.5 / 5
        #expect(e.points("A1") == .of("15.7"))
        #expect(e.total == .of("15.7"))
        let line = e.trace.first { $0.item == "A1" }!
        #expect(line.inputs.contains("bỏ (thấp) GK01 12"))
        #expect(line.inputs.contains("bỏ (cao) GK07 19,5"))
    }

    @Test func withTooFewJurorsToTrimFewerAreDroppedAndTheTraceSaysSo() {
        let set = Scenario.jurySet("{ aggregate: trimmed_mean, trim: 2 }")
        let three = Scenario.run(set, models: [Scenario.model("M1")], jurors: Scenario.jurors(3),
            scores: Scenario.scores("M1", ["10", "12", "20"])).entries[0]
        // trim 2 needs 5 scores; with 3, one is dropped at each end and 12 remains.
        #expect(three.points("A1") == .of("12"))
        #expect(three.trace.contains { $0.rule.contains("bộ tiêu chí định bỏ 2 mỗi đầu, nhưng chỉ có 3 điểm") })
        let two = Scenario.run(set, models: [Scenario.model("M1")], jurors: Scenario.jurors(2),
            scores: Scenario.scores("M1", ["10", "13"])).entries[0]
        #expect(two.points("A1") == .of("11.5"))
    }

    @Test func belowTheQuorumTheEntryIsIncompleteNeverScored() {
        let set = Scenario.jurySet("{ aggregate: mean, min_jurors: 5 }")
        let e = Scenario.run(set, models: [Scenario.model("M1")], jurors: Scenario.jurors(4),
            scores: Scenario.scores("M1", ["10", "12", "14", "16"])).entries[0]
        #expect(e.points("A1") == nil)
        #expect(e.total == nil)
        #expect(e.tier == nil)
        #expect(e.isIncomplete && !e.isRanked)
        #expect(e.incomplete == ["A1: 4 thành viên chấm hợp lệ, cần ít nhất 5"])
    }

    @Test func medianOfAnEvenNumberIsTheMeanOfTheMiddleTwo() {
        let set = Scenario.jurySet("{ aggregate: median }")
        let e = Scenario.run(set, models: [Scenario.model("M1")], jurors: Scenario.jurors(4),
            scores: Scenario.scores("M1", ["19", "10", "12", "13.5"])).entries[0]
        #expect(e.points("A1") == .of("12.75"))
    }

    @Test func aJurorOfTheEntrysOwnUnitIsExcludedAndListed() {
        let set = Scenario.jurySet("{ aggregate: mean }")
        let jurors = Scenario.jurors(4) { $0 == 4 ? "U1" : "U9" }
        let e = Scenario.run(set, models: [Scenario.model("M1", unit: "U1")], jurors: jurors,
            scores: Scenario.scores("M1", ["10", "12", "14", "20"])).entries[0]
        #expect(e.points("A1") == .of("12"))
        let conflict = e.trace.first { $0.item == "xung đột lợi ích" }
        #expect(conflict?.inputs == ["GK04 (U1): A1"])
    }

    @Test func parentAndChildUnitsCountOnlyWithUnitTree() {
        let units = [ThiDuaCore.Unit(code: "TX", name: "Thị xã", kind: .locality),
                     ThiDuaCore.Unit(code: "U1", name: "Phường 1", kind: .ward, parent: "TX"),
                     ThiDuaCore.Unit(code: "U1A", name: "Khu phố 1", kind: .agency, parent: "U1")]
        let jurors = Scenario.jurors(3) { ["TX", "U1A", "U9"][$0 - 1] }
        let scores = Scenario.scores("M1", ["10", "14", "18"])
        let plain = Scenario.run(Scenario.jurySet("{ aggregate: mean, conflicts: unit }"), models: [Scenario.model("M1")],
            jurors: jurors, scores: scores, units: units).entries[0]
        #expect(plain.points("A1") == .of("14"))
        let tree = Scenario.run(Scenario.jurySet("{ aggregate: mean, conflicts: unit_tree }"), models: [Scenario.model("M1")],
            jurors: jurors, scores: scores, units: units).entries[0]
        // GK01 sits in the parent (TX) and GK02 in a child (U1A): only GK03 counts.
        #expect(tree.points("A1") == .of("18"))
    }

    @Test func theLatestRowOfTheLogCounts() {
        let set = Scenario.jurySet("{ aggregate: mean }")
        let log = [Scenario.score("GK01", "M1", "A1", "8", at: 0), Scenario.score("GK01", "M1", "A1", "18", at: 30)]
        let e = Scenario.run(set, models: [Scenario.model("M1")], jurors: Scenario.jurors(1), scores: log.reversed()).entries[0]
        #expect(e.points("A1") == .of("18"))
    }

    @Test func aScoreOverTheMaxOrOffTheStepIsAnErrorNamingEntryAndCriterion() {
        let set = Scenario.jurySet("{ aggregate: mean }")
        let e = Scenario.run(set, models: [Scenario.model("M1")], jurors: Scenario.jurors(2),
            scores: Scenario.scores("M1", ["23", "12.25"]) + [Scenario.score("GK01", "M1", "Z9", "3")]).entries[0]
        #expect(e.errors.map(\.description) == [
            "M1, A1: GK01 chấm 23, vượt điểm tối đa 20",
            "M1, A1: GK02 chấm 12,25, không theo bước chấm 0,5",
            "M1, Z9: có điểm của GK01 cho tiêu chí không có trong bộ tiêu chí t",
        ])
        #expect(e.total == nil)
    }

    @Test func aVetoedEntryKeepsItsPointsButHasNoTierAndIsNotRanked() {
        let set = Scenario.jurySet("{ aggregate: mean }", extra: """
            veto:
              - { id: KL, title: Có cán bộ bị kỷ luật, when: facts.ky_luat }
            tiers:
              - { id: tot, title: Tốt, min: 10 }
              - { id: khac, title: Khác }
            """)
        let e = Scenario.run(set, models: [Scenario.model("M1", facts: ["ky_luat": .bool(true)])], jurors: Scenario.jurors(1),
            scores: Scenario.scores("M1", ["15"])).entries[0]
        #expect(e.total == .of("15"))
        #expect(e.vetoes.map(\.id) == ["KL"])
        #expect(e.tier == nil)
        #expect(!e.isRanked)
    }

    @Test func aBonusOverItsCapIsCutToTheCapAndTheTotalBonusToBonusCap() {
        let set = Scenario.jurySet("{ aggregate: mean }", extra: """
            bonus:
              - { id: B1, title: Nhân rộng, points: metrics.n * 2, cap: 5 }
              - { id: B2, title: Sáng kiến, points: 4 }
            bonus_cap: 6
            """)
        let e = Scenario.run(set, models: [Scenario.model("M1", metrics: ["n": "4"])], jurors: Scenario.jurors(1),
            scores: Scenario.scores("M1", ["10"])).entries[0]
        #expect(e.bonuses.map(\.points) == [.of("5"), .of("4")])
        #expect(e.bonus == .of("6"))
        #expect(e.total == .of("16"))
        #expect(e.trace.contains { $0.rule.contains("giới hạn 5, tính ra 8") })
    }

    @Test func aTierConditionCanFailAtATotalOverTheThreshold() {
        let set = Scenario.set("""
            id: t
            version: "1"
            title: Thử
            applies_to: model
            jury: { aggregate: mean }
            groups:
              - id: A
                title: A
                criteria:
                  - { id: A1, title: Một, max: 90, source: jury }
                  - { id: A2, title: Hai, max: 10, source: jury }
            tiers:
              - { id: xuat_sac, title: Xuất sắc, min: 90, require: lowest_share >= 0.5 }
              - { id: tot, title: Tốt, min: 80 }
              - { id: khac, title: Khác }
            """)
        let scores = [Scenario.score("GK01", "M1", "A1", "88"), Scenario.score("GK01", "M1", "A2", "4"),
                      Scenario.score("GK01", "M2", "A1", "85"), Scenario.score("GK01", "M2", "A2", "5")]
        let r = Scenario.run(set, models: [Scenario.model("M1"), Scenario.model("M2")], jurors: Scenario.jurors(1), scores: scores)
        // M1: 92 ≥ 90 but A2 has 4 of 10 (under half), so Tốt; M2: 90 with A2 at exactly half, so Xuất sắc.
        #expect(r.entries[0].total == .of("92"))
        #expect(r.entries[0].tier == "tot")
        #expect(r.entries[1].total == .of("90"))
        #expect(r.entries[1].tier == "xuat_sac")
    }

    static func thirds(round: String) -> CriteriaSet {
        Scenario.set("""
            id: t
            version: "1"
            title: Thử
            applies_to: model
            round: \(round)
            groups:
              - id: A
                title: A
                criteria:
                  - { id: X1, title: Một phần ba, max: 1, source: formula, formula: metrics.a / 3 }
                  - { id: X2, title: Một phần ba, max: 1, source: formula, formula: metrics.a / 3 }
                  - { id: X3, title: Một phần ba, max: 1, source: formula, formula: metrics.a / 3 }
            """)
    }

    @Test func oneThirdThreeTimesTiesWithOneWhenNothingIsRounded() {
        let models = [Scenario.model("M1", metrics: ["a": "1"])]
        let exact = Scenario.run(Self.thirds(round: "[]"), models: models, jurors: [], scores: []).entries[0]
        #expect(exact.points("X1") == .of("1/3"))
        #expect(exact.total == .one)
        // Rounding each criterion at 2 places, as the set then says, gives 0.99: the set decides.
        let rounded = Scenario.run(Self.thirds(round: "[criterion]"), models: models, jurors: [], scores: []).entries[0]
        #expect(rounded.total == .of("0.99"))
        let atTotal = Scenario.run(Self.thirds(round: "[total]"), models: models, jurors: [], scores: []).entries[0]
        #expect(atTotal.total == .one)
    }

    static let ratioSet = Scenario.set("""
        id: t
        version: "1"
        title: Thử
        applies_to: model
        groups:
          - id: D
            title: D
            criteria:
              - { id: D1, title: Tỷ lệ, max: 10, source: formula, formula: metrics.a / metrics.b * max }
              - { id: D2, title: Tỷ lệ có mặc định, max: 10, source: formula, formula: metrics.a / metrics.b * max, default: 2 }
        """)

    @Test func divisionByZeroIsAnErrorForThatEntryAndCriterionUnlessTheSetGivesADefault() {
        let r = Scenario.run(Self.ratioSet, models: [Scenario.model("M1", metrics: ["a": "3", "b": "0"]),
                                                      Scenario.model("M2", metrics: ["a": "3"]),
                                                      Scenario.model("M3", metrics: ["a": "3", "b": "4"])], jurors: [], scores: [])
        #expect(r.errors.map(\.description) == ["M1, D1: chia cho 0", "M2, D1: thiếu giá trị metrics.b"])
        #expect(r.entries[0].points("D2") == .of("2"))
        #expect(r.entries[0].total == nil)
        #expect(r.entries[2].points("D1") == .of("7.5"))
        #expect(r.entries[2].total == .of("15"))
    }

    @Test func aJurorWhoseScoresAreAllEqualGetsTheMiddleUnderZScores() {
        let set = Scenario.jurySet("{ aggregate: mean, normalize: zscore, normalize_by: [] }")
        let models = ["M1", "M2", "M3"].map { Scenario.model($0) }
        var log: [Score] = []
        for (i, m) in ["M1", "M2", "M3"].enumerated() {
            log.append(Scenario.score("GK01", m, "A1", "15"))
            log.append(Scenario.score("GK02", m, "A1", ["10", "12", "14"][i]))
        }
        let r = Scenario.run(set, models: models, jurors: Scenario.jurors(2), scores: log)
        // GK02: mean 12, variance 8/3; z of 10 is −√(4/(8/3)) = −√1.5 ≈ −1.224744871392 → 10 − 1.224744871392·20/6.
        // GK01 gives 15 everywhere (SD 0): z = 0, the middle, 10. M1 = (10 + 5.917517095360) / 2.
        let m1 = r.entries[0]
        #expect(m1.points("A1") == .of("7.95875854768"))
        #expect(m1.trace.contains { $0.rule.contains("GK01, A1: mọi điểm bằng nhau (độ lệch chuẩn 0), coi z = 0 cho mọi mô hình") })
        #expect(r.entries[1].points("A1") == .of("10"))
    }

    /// Found by the scaling property: raw scores kept for a juror with σ = 0 moved when the juror's
    /// scores were multiplied. With z = 0 for such a juror, scaling changes nothing.
    @Test func scalingAJurorWhoseScoresAreAllEqualChangesNothing() {
        let set = Scenario.jurySet("{ aggregate: mean, normalize: zscore, normalize_by: [] }")
        let models = ["M1", "M2", "M3"].map { Scenario.model($0) }
        func run(_ constant: String) -> [Exact?] {
            var log: [Score] = []
            for (i, m) in ["M1", "M2", "M3"].enumerated() {
                log.append(Scenario.score("GK01", m, "A1", constant))
                log.append(Scenario.score("GK02", m, "A1", ["10", "12", "14"][i]))
            }
            return Scenario.run(set, models: models, jurors: Scenario.jurors(2), scores: log).entries.map(\.total)
        }
        #expect(run("5") == run("15"))
    }

    @Test func fewerThanThreeEntriesKeepRawScoresUnderZScores() {
        let set = Scenario.jurySet("{ aggregate: mean, normalize: zscore, normalize_by: [] }")
        let r = Scenario.run(set, models: [Scenario.model("M1"), Scenario.model("M2")], jurors: Scenario.jurors(1),
            scores: [Scenario.score("GK01", "M1", "A1", "10"), Scenario.score("GK01", "M2", "A1", "16")])
        #expect(r.entries.map { $0.points("A1") } == [.of("10"), .of("16")])
        #expect(r.entries[0].trace.contains { $0.rule.contains("chỉ chấm 2 mô hình (cần ít nhất 3), giữ điểm gốc") })
    }

    /// The normalisation group is named as the ranking names its groups: the bloc's code, the
    /// field's and the kind's titles, not their YAML values.
    @Test func aNormalisationGroupIsNamedAsARankingGroupIs() {
        let set = Scenario.jurySet("{ aggregate: mean, normalize: zscore, normalize_by: [bloc, field, kind] }")
        let bloc = Bloc(code: "KHOI-XP", name: "Khối phường", year: 2024, leader: "U1", members: ["U1"])
        let r = Scenario.run(set, models: [Scenario.model("M1"), Scenario.model("M2")], jurors: Scenario.jurors(1),
            scores: [Scenario.score("GK01", "M1", "A1", "10"), Scenario.score("GK01", "M2", "A1", "16")], blocs: [bloc])
        let note = r.entries[0].trace.first { $0.rule.contains("chỉ chấm 2 mô hình") }?.rule
        #expect(note == "GK01, A1 trong nhóm KHOI-XP · Kinh tế · Tập thể: chỉ chấm 2 mô hình (cần ít nhất 3), giữ điểm gốc")
        let outside = Scenario.run(set, models: [Scenario.model("M1", unit: "U9")], jurors: Scenario.jurors(1),
            scores: [Scenario.score("GK01", "M1", "A1", "10")], blocs: [bloc])
        #expect(outside.entries[0].trace.contains { $0.rule.hasPrefix("GK01, A1 trong nhóm — · Kinh tế · Tập thể:") })
    }

    @Test func checkCriteriaGivePointsWhenTheirConditionHolds() {
        let set = Scenario.set("""
            id: t
            version: "1"
            title: Thử
            applies_to: model
            inputs: { facts: { bao_cao: bool, dia_ban: text } }
            groups:
              - id: C
                title: C
                criteria:
                  - { id: C1, title: Có báo cáo, max: 5, source: check, when: facts.bao_cao }
                  - { id: C2, title: Địa bàn khó khăn, max: 5, source: check, when: 'facts.dia_ban in ["miền núi", "hải đảo"]', points: 3 }
            """)
        let r = Scenario.run(set, models: [
            Scenario.model("M1", facts: ["bao_cao": .bool(true), "dia_ban": .text("hải đảo")]),
            Scenario.model("M2", facts: ["bao_cao": .bool(false), "dia_ban": .text("đồng bằng")]),
            Scenario.model("M3", facts: ["bao_cao": .text("x"), "dia_ban": .text("đồng bằng")]),
        ], jurors: [], scores: [])
        #expect(r.entries[0].total == .of("8"))
        #expect(r.entries[1].total == .of("0"))
        #expect(r.entries[2].errors.map(\.description) == ["M3, C1: facts.bao_cao cần đúng/sai (true/false, có/không), gặp \"x\""])
    }
}
