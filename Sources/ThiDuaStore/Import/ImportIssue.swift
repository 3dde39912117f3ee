/// One thing wrong in an imported file, at a row and column: `file:row:column: cần …, nhưng gặp …`.
public struct ImportIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// The record number, the header being row 1 (as a spreadsheet numbers rows).
    public var row: Int
    /// The column number, from 1.
    public var column: Int
    public var expected: String
    public var found: String
    /// Where in a spreadsheet (`GK03!D7`, or what a value was read from), named instead of
    /// `row:column`; then `row` and `column` are the sheet's.
    public var place: String?
    /// The problem in words, said instead of "cần …, nhưng gặp …".
    public var message: String?

    public init(file: String, row: Int, column: Int, expected: String, found: String, place: String? = nil) {
        self.file = file
        self.row = row
        self.column = column
        self.expected = expected
        self.found = found
        self.place = place
    }

    /// A problem at a place in a spreadsheet, said in words.
    public init(file: String, place: String, row: Int, column: Int, message: String) {
        self.init(file: file, row: row, column: column, expected: "", found: "", place: place)
        self.message = message
    }

    public var description: String {
        let problem = message ?? "cần \(expected), nhưng gặp \(found)"
        if let place { return "\(file): \(place): \(problem)" }
        return "\(file):\(row):\(column): \(problem)"
    }
}

/// A file refused whole: nothing of it was stored. Lists every problem found.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    public var file: String
    /// The problems, in file order (at most ``keptIssues`` of them).
    public var issues: [ImportIssue]
    /// How many problems there were in all.
    public var total: Int

    /// How many problems are printed before the count.
    public static let printedIssues = 50
    /// How many problems are kept in memory.
    public static let keptIssues = 1000

    public init(file: String, issues: [ImportIssue], total: Int? = nil) {
        self.file = file
        self.issues = issues
        self.total = total ?? issues.count
    }

    public var description: String {
        var lines = issues.prefix(Self.printedIssues).map(\.description)
        let more = total - min(issues.count, Self.printedIssues)
        if more > 0 {
            lines.append("… và còn \(more) lỗi nữa (tổng cộng \(total) lỗi)")
        }
        lines.append("\(file): không nhập dòng nào")
        return lines.joined(separator: "\n")
    }
}

/// Shows a value found in a file: quoted, shortened if long, or "ô trống" (an empty cell).
func shown(_ text: String) -> String {
    if text.isEmpty { return "ô trống" }
    if text.count > 60 { return "\"\(text.prefix(57))…\" (\(text.count) ký tự)" }
    return "\"\(text)\""
}
