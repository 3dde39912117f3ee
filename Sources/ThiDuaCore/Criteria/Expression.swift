/// A parsed expression of the criteria language, with the position of every node.
///
/// The language has exact numbers, booleans, strings, lists and dates; names such as
/// `metrics.ho_tham_gia`, `facts.ky_luat`, `score.A1`, `target`, `actual`, `max`; the
/// operators `+ - * /`, comparisons, `and or not`, `in`; and a fixed set of functions
/// (``Function``). See the README's "Expressions" section.
///
/// ```swift
/// let expression = try Expression.parse("min(20, metrics.ho_tham_gia / metrics.tong_so_ho * 20)")
/// ```
public indirect enum Expression: Sendable, Hashable {
    case number(Exact, SourceRange)
    case text(String, SourceRange)
    case bool(Bool, SourceRange)
    case list([Expression], SourceRange)
    /// A name as written (`metrics.x`, `target`); the checker resolves it to a ``Reference``.
    case name([String], SourceRange)
    case reference(Reference, SourceRange)
    case unary(UnaryOperator, Expression, SourceRange)
    case binary(BinaryOperator, Expression, Expression, SourceRange)
    case call(Function, [Expression], SourceRange)

    public var range: SourceRange {
        switch self {
        case .number(_, let r), .text(_, let r), .bool(_, let r), .list(_, let r), .name(_, let r),
            .reference(_, let r), .unary(_, _, let r), .binary(_, _, _, let r), .call(_, _, let r):
            r
        }
    }
}

/// Where a node sits in its expression, in Unicode scalars from the start (0-based).
public struct SourceRange: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }
    func to(_ other: SourceRange) -> SourceRange { SourceRange(start, other.end) }
}

public enum UnaryOperator: String, Sendable, Hashable {
    case negate = "-"
    case not
}

public enum BinaryOperator: String, Sendable, Hashable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case and, or
    case `in`
}

/// The functions of the criteria language.
public enum Function: String, Sendable, Hashable, CaseIterable {
    case min, max, clamp, round, floor, ceil, abs
    case `if`
    case date
    case daysBetween = "days_between"
    case has

    /// How many arguments it takes.
    var arity: ClosedRange<Int> {
        switch self {
        case .min, .max: 1...32
        case .clamp, .if: 3...3
        case .round: 1...2
        case .floor, .ceil, .abs, .date, .has: 1...1
        case .daysBetween: 2...2
        }
    }
}
