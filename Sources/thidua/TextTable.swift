import ThiDuaCore
import ThiDuaServices

/// A table for the terminal, its columns aligned by display width so Vietnamese text lines up.
struct TextTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []
    /// Cells wider than this are cut with "…".
    var maxWidth = 48

    init(_ headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let cells = ([headers] + rows).map { row in row.map { clip($0.replacingOccurrences(of: "\n", with: " ")) } }
        var widths = headers.map { _ in 0 }
        for row in cells { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.displayWidth) } }
        var lines: [String] = []
        for (n, row) in cells.enumerated() {
            let padded = row.enumerated().map { i, cell in
                let fill = String(repeating: " ", count: widths[i] - cell.displayWidth)
                return alignments[i] == .right ? fill + cell : (i == row.count - 1 ? cell : cell + fill)
            }
            lines.append(String(padded.joined(separator: "  ").reversed().drop(while: { $0 == " " }).reversed()))
            if n == 0 { lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) }
        }
        return lines.joined(separator: "\n")
    }

    private func clip(_ text: String) -> String {
        guard text.displayWidth > maxWidth else { return text }
        var out = ""
        var width = 0
        for character in text {
            if width + character.displayWidth > maxWidth - 1 { break }
            out.append(character)
            width += character.displayWidth
        }
        return out + "…"
    }
}
