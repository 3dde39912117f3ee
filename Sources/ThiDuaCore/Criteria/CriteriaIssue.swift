/// One mistake in a criteria file: `file:line:column: message`.
public struct CriteriaIssue: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// A criteria file refused whole, with every mistake found in it, in file order.
public struct CriteriaFailure: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var issues: [CriteriaIssue]

    public init(file: String, issues: [CriteriaIssue]) {
        self.file = file
        self.issues = issues
    }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
