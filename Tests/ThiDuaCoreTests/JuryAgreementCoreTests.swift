import Foundation
import Testing
@testable import ThiDuaCore

/// Kendall's W and Krippendorff's alpha on cases small enough to work out by hand.
@Suite struct JuryAgreementCoreTests {
    static let set = Scenario.jurySet("{ aggregate: mean }")

    static func report(_ table: [[String]]) -> JuryAgreement {
        // table[juror][model]: points for A1.
        let models = table[0].indices.map { Scenario.model("M\($0 + 1)") }
        var log: [Score] = []
        for (j, row) in table.enumerated() {
            for (m, points) in row.enumerated() { log.append(Scenario.score(String(format: "GK%02d", j + 1), "M\(m + 1)", "A1", points)) }
        }
        return JuryAgreement.compute(ScoringInput(set: Self.set, campaign: Scenario.campaign, models: models,
            jurors: Scenario.jurors(table.count), scores: log))
    }

    @Test func jurorsInTheSameOrderAgreeFullyAndOppositeOnesNotAtAll() {
        let same = Self.report([["10", "12", "15", "18"], ["11", "13", "14", "20"], ["9", "10", "16", "17"]])
        #expect(same.concordance[0].w == 1)
        #expect(same.concordance[0].chiSquare == 9)  // m(n−1)W = 3·3·1
        let opposite = Self.report([["10", "12", "15", "18"], ["18", "15", "12", "10"]])
        #expect(opposite.concordance[0].w == 0)
    }

    @Test func tiesAreCorrected() {
        // Juror 2 ties M1 and M2: ranks (1.5, 1.5, 3); R = (2.5, 3.5, 6), mean 4, S = 2.25 + 0.25 + 4 = 6.5;
        // W = 12·6.5 / (4·(27 − 3) − 2·(8 − 2)) = 78 / 84.
        let r = Self.report([["10", "12", "15"], ["11", "11", "14"]])
        #expect(abs(r.concordance[0].w! - 78.0 / 84.0) < 1e-15)
    }

    @Test func alphaIsOneWhenEveryoneAgreesAndBelowZeroWhenTheyDisagreeSystematically() {
        let agree = Self.report([["10", "12", "15"], ["10", "12", "15"]])
        #expect(agree.reliability[0].alpha == 1)
        // Two units, values (0, 10) and (10, 0): D_o = 100 per pair, D_e over 4 values.
        // n = 4; D_o = (1/4)·(200/1 + 200/1) = 100; D_e = (1/12)·Σ_{i≠j}(a−b)² = (1/12)·8·100 = 200/3; α = 1 − 1.5.
        let split = Self.report([["0", "10"], ["10", "0"]])
        #expect(abs(split.reliability[0].alpha! - (1 - 1.5)) < 1e-15)
    }

    @Test func theChiSquareTailMatchesKnownValues() {
        // P(χ²₂ > 2 ln 20) = 1/20 exactly; P(χ²₁ > 3.841458820694124) = 0.05.
        #expect(abs(ChiSquare.survival(2 * log(20.0), degrees: 2) - 0.05) < 1e-14)
        #expect(abs(ChiSquare.survival(3.841458820694124, degrees: 1) - 0.05) < 1e-12)
        #expect(abs(ChiSquare.survival(30, degrees: 10) - 0.000857) < 1e-6)
    }
}
