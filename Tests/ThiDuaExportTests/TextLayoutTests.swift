import Testing
@testable import ThiDuaExport

/// Line breaks and rules worked out from Times New Roman's widths (its metric twin Liberation
/// Serif 2, whose Vietnamese letters 1.07 lacks).
@Suite struct TextLayoutTests {
    @Test func widthsAreTheFontsOwn() {
        // fontTools on LiberationSerif-Bold.ttf: 159.1 pt at 13 pt, 250.3 pt at 12 pt.
        #expect(abs(TextLayout.width("Độc lập - Tự do - Hạnh phúc", points: 13, bold: true) - 159.1) < 0.1)
        #expect(abs(TextLayout.width("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", points: 12, bold: true) - 250.3) < 0.1)
        // A decomposed letter measures as its composed form: the combining mark has no width.
        #expect(TextLayout.width("Ho\u{0302}\u{0323}i", points: 14, bold: false) == TextLayout.width("Hội", points: 14, bold: false))
    }

    @Test func aLineThatFitsStaysWholeAndALongerOneIsBalanced() {
        #expect(TextLayout.balancedLines("ỦY BAN NHÂN DÂN", points: 13, bold: true, width: 160) == ["ỦY BAN NHÂN DÂN"])
        // 217 pt in a 161 pt column: two lines, not "ỦY BAN NHÂN DÂN TỈNH BÌNH" and "AN".
        #expect(TextLayout.balancedLines("ỦY BAN NHÂN DÂN TỈNH BÌNH AN", points: 13, bold: true, width: 161)
            == ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH AN"])
        let subject = "Về việc tặng Cờ thi đua của UBND tỉnh cho các tập thể dẫn đầu khối thi đua các phường, xã thị xã Phú Lâm năm 2024"
        let lines = TextLayout.balancedLines(subject, points: 14, bold: true, width: 430)
        #expect(lines.count == 2)
        #expect(lines.joined(separator: " ") == subject)
        let widths = lines.map { TextLayout.width($0, points: 14, bold: true) }
        #expect(widths.allSatisfy { $0 <= 430 } && widths.min()! > 0.8 * widths.max()!, "\(widths)")
    }

    @Test func aWordWiderThanTheLineStandsAlone() {
        let lines = TextLayout.balancedLines("Số QĐ-UBND-TỈNH-BÌNH-AN-PHÚ-LÂM-2024 năm", points: 14, bold: true, width: 100)
        #expect(lines == ["Số", "QĐ-UBND-TỈNH-BÌNH-AN-PHÚ-LÂM-2024", "năm"])
    }

    @Test func theRuleIsTwoFifthsOfTheLongestLine() {
        let lines = ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH AN"]
        let rule = TextLayout.rule(under: lines, points: 13, bold: true, rulePoints: 13)
        #expect(rule.unicodeScalars.allSatisfy { $0 == "\u{00A0}" })
        let share = TextLayout.width(rule, points: 13, bold: false) / TextLayout.width(lines[0], points: 13, bold: true)
        #expect(abs(share - 0.4) < 0.02, "\(share)")
    }
}
