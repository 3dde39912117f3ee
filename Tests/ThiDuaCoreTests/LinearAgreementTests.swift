import Foundation
import Testing
@testable import ThiDuaCore

/// Krippendorff's alpha in linear time, and Vietnamese sorting with each key worked out once:
/// the same answers as before, with the time printed (no timing assertion).
@Suite struct LinearAgreementTests {
    /// The quadratic definition the linear form replaced, for comparison.
    static func quadraticAlpha(_ units: [[Double]]) -> Double? {
        let n = Double(units.reduce(0) { $0 + $1.count })
        guard n > 1 else { return nil }
        var observed = 0.0
        for u in units {
            var sum = 0.0
            for a in u { for b in u { sum += (a - b) * (a - b) } }
            observed += sum / Double(u.count - 1)
        }
        observed /= n
        let all = units.flatMap { $0 }
        var expected = 0.0
        for a in all { for b in all { expected += (a - b) * (a - b) } }
        expected /= n * (n - 1)
        guard expected > 0 else { return nil }
        return 1 - observed / expected
    }

    @Test func theLinearAlphaEqualsTheQuadraticDefinition() {
        var state: UInt64 = 13
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        for _ in 0..<20 {
            let units = (0..<(2 + next(30))).map { _ in (0..<(2 + next(5))).map { _ in Exact(numerator: Int128(next(41)), denominator: 2)! } }
            let linear = JuryAgreement.krippendorffInterval(units)
            let quadratic = Self.quadraticAlpha(units.map { $0.map(\.double) })
            #expect((linear == nil) == (quadratic == nil))
            if let linear, let quadratic { #expect(abs(linear - quadratic) < 1e-12, "\(linear) vs \(quadratic)") }
        }
    }

    @Test func alphaOfTwoHundredThousandScoresIsLinear() {
        // 100,000 units of two scores (c, c + 1), c = 0 or 10 in turn: D_o = 1 and
        // D_e = 101U/(2U − 1), so α = 1 − (2U − 1)/(101U).
        let u = 100_000
        let units = (0..<u).map { i -> [Exact] in let c = i % 2 == 0 ? 0 : 10; return [Exact(c), Exact(c + 1)] }
        let start = ContinuousClock.now
        let alpha = JuryAgreement.krippendorffInterval(units)
        print("Krippendorff alpha of \(2 * u) scores: \(ContinuousClock.now - start)")
        #expect(abs(alpha! - (1 - Double(2 * u - 1) / Double(101 * u))) < 1e-12)
    }

    @Test func sortingByPrecomputedKeysGivesTheOrderOfPrecedes() {
        let syllables = ["an", "Ấp", "bắc", "Đồng", "dương", "xoài", "mả", "mã", "má", "mạ", "ma", "Phường", "2", "10", "Dz", "ư", "ơn"]
        var state: UInt64 = 7
        let names = (0..<10_000).map { _ -> String in
            (0..<3).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return syllables[Int(state >> 33) % syllables.count]
            }.joined(separator: " ")
        }
        var start = ContinuousClock.now
        let byPrecedes = names.sorted(by: VietnameseOrder.precedes)
        let comparing = ContinuousClock.now - start
        start = ContinuousClock.now
        let byKeys = VietnameseOrder.sorted(names)
        print("VietnameseOrder, \(names.count) names: sorted(by: precedes) \(comparing), sorted (keys once) \(ContinuousClock.now - start)")
        #expect(byKeys == byPrecedes)
        struct Unit { var code: Int; var name: String }
        let units = names.prefix(1000).enumerated().map { Unit(code: $0.offset, name: $0.element) }
        #expect(VietnameseOrder.sorted(units, by: \.name).map(\.code)
            == units.sorted { VietnameseOrder.precedes($0.name, $1.name) }.map(\.code))
    }
}
