import Foundation
import Testing
@testable import ThiDuaCore

/// Failures that used to turn into a value (`try?`): now exact, or an error the caller sees.
@Suite struct NoSilentFallbackTests {
    @Test func anUnreadableTokenAfterAnExpressionIsItsMistake() {
        // The lexer's complaint about what follows a complete expression used to be dropped.
        #expect(throws: ExpressionIssue.self) { try Expression.parse("1 + 2 \"open") }
    }

    @Test func textOfValuesTooLargeToScaleIsStillRoundedExactly() throws {
        let huge = try #require(Exact(numerator: Int128.max, denominator: 3))
        // 10^36 · (2^127 − 1) overflows 128 bits; the digits are worked out in unbounded integers.
        #expect(huge.text(decimals: 36) == "56713727820156410577229101238628035242," + String(repeating: "3", count: 36))
        #expect(Exact(numerator: 2, denominator: 3)!.text(decimals: 2) == "0,67")
        #expect(Exact(numerator: -1, denominator: 3000)!.text(decimals: 2) == "0,00")
        #expect(Exact(numerator: -5, denominator: 1000)!.text(decimals: 2) == "-0,01")
        #expect(Exact(numerator: 1, denominator: 3)!.vietnamese == "≈0,3333")
        #expect(Exact(numerator: 100_001, denominator: 1_000_003)!.vietnamese == "≈0,1")
        #expect(Exact(7).text(decimals: 0) == "7")
        // Products past 128 bits: (2^127 − 1)·7 over 1, and (2^127 − 1)·3 over 2.
        #expect(Exact(numerator: Int128.max, denominator: 1)!.isMultiple(of: Exact(numerator: 1, denominator: 7)!))
        #expect(!Exact(numerator: Int128.max, denominator: 1)!.isMultiple(of: Exact(numerator: 2, denominator: 3)!))
    }
}
