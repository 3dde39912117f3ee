/// Where a heading's lines break and how long the rule under it is, worked out from the widths of
/// Times New Roman (``FontWidths``, from its metric twin Liberation Serif) as Nghị định 30 asks:
/// the trích yếu and the issuing body are set in balanced lines (as a văn thư breaks them by
/// hand), and the rule under each is 2/5 of its longest line, within the decree's 1/3 to 1/2.
///
/// ```swift
/// let lines = TextLayout.balancedLines("Về việc tặng Bằng khen …", points: 14, bold: true, width: 467)
/// let rule = TextLayout.rule(under: lines, points: 14, bold: true, rulePoints: 13)   // NBSPs to underline
/// ```
public enum TextLayout {
    /// The width of `text` in points, set in `points` pt, bold or not. A character the table does
    /// not hold counts as wide as "M", so that an estimate never falls short.
    public static func width(_ text: String, points: Double, bold: Bool) -> Double {
        let table = bold ? FontWidths.bold : FontWidths.regular
        let wide = Double(table[0x4D] ?? 2048)
        var units = 0.0
        for scalar in text.unicodeScalars {
            if scalar.properties.canonicalCombiningClass != .notReordered { continue }   // a combining mark
            units += table[scalar.value].map(Double.init) ?? wide
        }
        return units / 2048 * points
    }

    /// `text` broken at spaces into the fewest lines that fit `width` points, as even as can be
    /// (the longest line as short as possible; of equal choices, the earlier lines the longer).
    public static func balancedLines(_ text: String, points: Double, bold: Bool, width: Double) -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.count > 1 else { return words }
        let space = Self.width(" ", points: points, bold: bold)
        let widths = words.map { Self.width($0, points: points, bold: bold) }
        func lineWidth(_ from: Int, _ to: Int) -> Double {   // words from..<to
            widths[from..<to].reduce(0, +) + space * Double(to - from - 1)
        }
        // The fewest lines: as a greedy break gives them.
        var count = 1
        var start = 0
        for i in 1..<words.count where lineWidth(start, i + 1) > width {
            count += 1
            start = i
        }
        guard count > 1 else { return [words.joined(separator: " ")] }
        // best[k][i]: the least possible longest line setting words i… in k lines, and where the first ends.
        let n = words.count
        var best = Array(repeating: Array(repeating: (longest: Double.infinity, end: n), count: n + 1), count: count + 1)
        best[0][n] = (0, n)
        for k in 1...count {
            for i in stride(from: n - 1, through: 0, by: -1) {
                // The first line takes words i..<j; the larger j first, so that ties keep earlier lines longer.
                for j in stride(from: n, to: i, by: -1) {
                    let first = lineWidth(i, j)
                    if first > width { continue }
                    let rest = best[k - 1][j].longest
                    let longest = max(first, rest)
                    if longest < best[k][i].longest - 1e-9 { best[k][i] = (longest, j) }
                }
            }
        }
        guard best[count][0].longest.isFinite else { return greedy(words, widths: widths, space: space, width: width) }
        var lines: [String] = []
        var i = 0
        var k = count
        while i < n {
            let j = best[k][i].end
            lines.append(words[i..<j].joined(separator: " "))
            i = j
            k -= 1
        }
        return lines
    }

    /// A word wider than the line: greedy breaking, that word alone on its line.
    private static func greedy(_ words: [String], widths: [Double], space: Double, width: Double) -> [String] {
        var lines: [[String]] = [[]]
        var used = 0.0
        for (word, w) in zip(words, widths) {
            if !lines[lines.count - 1].isEmpty && used + space + w > width {
                lines.append([])
                used = 0
            }
            used += (lines[lines.count - 1].isEmpty ? 0 : space) + w
            lines[lines.count - 1].append(word)
        }
        return lines.map { $0.joined(separator: " ") }
    }

    /// The share of its line a rule is drawn at: Nghị định 30 asks for 1/3 to 1/2.
    public static let ruleShare = 0.4

    /// The rule under `lines`: no-break spaces that the template underlines, as many as make
    /// ``ruleShare`` of the longest line at `rulePoints` pt (the rule paragraph's regular font).
    public static func rule(under lines: [String], points: Double, bold: Bool, rulePoints: Double) -> String {
        let longest = lines.map { width($0, points: points, bold: bold) }.max() ?? 0
        let nbsp = width("\u{00A0}", points: rulePoints, bold: false)
        let count = max(1, Int((longest * ruleShare / nbsp).rounded()))
        return String(repeating: "\u{00A0}", count: count)
    }
}
