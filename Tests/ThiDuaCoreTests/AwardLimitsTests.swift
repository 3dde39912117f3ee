import Foundation
import Testing
@testable import ThiDuaCore

/// The quota arithmetic of ``GroupLimits``: a failure is thrown, never a quota of 0.
@Suite struct AwardLimitsTests {
    @Test func aQuotaThatCannotBeComputedExactlyIsAnArithmeticError() throws {
        // 99.99…9% (30 digits) of 999,999,999,999 entries needs about 10^42 over 10^30: past 128
        // bits. (A real campaign is far smaller; the failure is thrown, never a quota of 0.)
        let p = try #require(Exact("99.9999999999999999999999999999"))
        #expect(throws: ArithmeticFailure.overflow) { try GroupLimits.percent(p, of: 999_999_999_999, "", .down) }
        let (places, text) = try GroupLimits.percent(Exact(15), of: 7, "7 đủ điều kiện", .nearest)
        #expect(places == 1 && text == "15% của 7 đủ điều kiện = 1,05 → 1 (làm tròn gần nhất)")
        #expect(AwardFailure.arithmetic(form: "gk", group: "K1", failure: .overflow).description
            == "gk, nhóm K1: không tính được chỉ tiêu: số vượt quá phạm vi tính chính xác")
    }
}
