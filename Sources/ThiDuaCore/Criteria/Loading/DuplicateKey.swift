/// Where a key that Yams found twice in one mapping is written the second time. Yams reports
/// only the first use; the second is read from the text after it, without parsing the file
/// again: in a block mapping, the next line at the first key's indentation that begins with
/// the key; in a flow mapping (`{ … }`), the next entry of the same braces that begins with it.
enum DuplicateKey {
    /// `line` and `column` (1-based, in Unicode scalars, as Yams counts) are the first use's; nil
    /// when the text there is not the key, or no second use reads as described.
    static func secondUse(of key: String, line: Int, column: Int, in source: String) -> (line: Int, column: Int)? {
        let text = Text(source, key: key)
        let (l, c) = (line - 1, column - 1)
        guard l >= 0, l < text.lines.count, c >= 0, text.key(at: l, c, quoted: false) else { return nil }
        let before = text.lines[l][..<c].reversed().first { $0 != " " }
        let found = before == "{" || before == "," ? text.nextInFlow(after: l, c + text.keyScalars.count) : text.nextInBlock(after: l, indent: c)
        return found.map { ($0.line + 1, $0.column + 1) }
    }

    private struct Text {
        let lines: [[Unicode.Scalar]]
        let keyScalars: [Unicode.Scalar]

        init(_ source: String, key: String) {
            lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
            keyScalars = Array(key.unicodeScalars)
        }

        /// Whether the key begins at (`l`, `c`), as written or between quotes, followed by ':'.
        func key(at l: Int, _ c: Int, quoted: Bool = true) -> Bool {
            let line = lines[l]
            var end = c
            if quoted, c < line.count, line[c] == "\"" || line[c] == "'" {
                guard matches(line, c + 1), c + 1 + keyScalars.count < line.count, line[c + 1 + keyScalars.count] == line[c] else { return false }
                end = c + keyScalars.count + 2
            } else {
                guard matches(line, c) else { return false }
                end = c + keyScalars.count
            }
            while end < line.count, line[end] == " " { end += 1 }
            return end < line.count && line[end] == ":"
        }

        private func matches(_ line: [Unicode.Scalar], _ c: Int) -> Bool {
            c + keyScalars.count <= line.count && Array(line[c..<c + keyScalars.count]) == keyScalars
        }

        /// The next line at `indent` that begins with the key, before the mapping ends (a line
        /// indented less); blank lines, comments and more-indented lines are inside it.
        func nextInBlock(after l: Int, indent: Int) -> (line: Int, column: Int)? {
            for i in lines.indices.dropFirst(l + 1) {
                let spaces = lines[i].prefix { $0 == " " }.count
                if spaces == lines[i].count || lines[i][spaces] == "#" { continue }
                if spaces < indent { return nil }
                if spaces == indent && key(at: i, indent) { return (i, indent) }
            }
            return nil
        }

        /// The next entry of the braces that hold (`l`, `c`) which begins with the key, skipping
        /// quoted text, comments and nested brackets; nil at the closing brace.
        func nextInFlow(after l: Int, _ c: Int) -> (line: Int, column: Int)? {
            var depth = 0
            var quote: Unicode.Scalar?
            var previous: Unicode.Scalar = ":"
            var entryStarts = false
            var (i, j) = (l, c)
            while i < lines.count {
                guard j < lines[i].count else { (i, j) = (i + 1, 0); continue }
                let ch = lines[i][j]
                if let q = quote {
                    if ch == "\\" && q == "\"" { j += 1 } else if ch == q {
                        if q == "'" && j + 1 < lines[i].count && lines[i][j + 1] == "'" { j += 1 } else { quote = nil; previous = ch }
                    }
                    j += 1
                    continue
                }
                if ch == " " { j += 1; continue }
                if ch == "#" && (j == 0 || lines[i][j - 1] == " ") { (i, j) = (i + 1, 0); continue }
                if entryStarts && depth == 0 && key(at: i, j) { return (i, j) }
                entryStarts = false
                switch ch {
                case "\"", "'": if "{[,:".unicodeScalars.contains(previous) { quote = ch }
                case "{", "[": depth += 1
                case "}", "]":
                    if depth == 0 { return nil }
                    depth -= 1
                case ",": entryStarts = depth == 0
                default: break
                }
                previous = ch
                j += 1
            }
            return nil
        }
    }
}
