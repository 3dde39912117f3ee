/// A value of the criteria language.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case number(Exact)
    case bool(Bool)
    case text(String)
    case date(Day)
    case list([Value])

    public var description: String {
        switch self {
        case .number(let n): n.vietnamese
        case .bool(let b): b ? "đúng" : "sai"
        case .text(let t): "\"\(t)\""
        case .date(let d): d.vietnamese
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }

    var type: ValueType {
        switch self {
        case .number: .number
        case .bool: .bool
        case .text: .text
        case .date: .date
        case .list(let items): .list(items.first?.type ?? .unknown)
        }
    }
}

/// Why an expression could not be evaluated for an entry.
public enum EvaluationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case divisionByZero
    case overflow
    /// The entry has no such metric or fact, or a name has no value here.
    case missing(Reference)
    /// A value of the wrong type (a yes/no fact written as another text, `x`).
    case typeMismatch(Reference, expected: ValueType, found: Value)
    /// The same, for a value that came out of a sub-expression (shown as written).
    case typeMismatchIn(String, expected: ValueType, found: Value)

    public var description: String {
        switch self {
        case .divisionByZero: "chia cho 0"
        case .overflow: "số vượt quá phạm vi tính chính xác"
        case .missing(let r): "thiếu giá trị \(r)"
        // A yes/no fact says which words are yes/no.
        case .typeMismatch(.fact(let name), .bool, let found): "facts.\(name) cần đúng/sai (true/false, có/không), gặp \(found)"
        case .typeMismatch(let r, let expected, let found): "\(r) cần \(expected), gặp \(found)"
        case .typeMismatchIn(let e, let expected, let found): "\(e) cần \(expected), gặp \(found)"
        }
    }

    public init(_ arithmetic: ArithmeticFailure) {
        self = arithmetic == .divisionByZero ? .divisionByZero : .overflow
    }
}

/// Gives the values of names while an expression is evaluated.
public protocol EvaluationContext {
    /// The value of `reference`, or nil if there is none (a metric the entry does not report).
    func value(of reference: Reference) -> Value?
}

extension CheckedExpression {
    public func evaluate(_ context: some EvaluationContext) throws(EvaluationFailure) -> Value {
        try expression.evaluate(context)
    }

    /// Evaluates an expression checked to give a number.
    public func number(_ context: some EvaluationContext) throws(EvaluationFailure) -> Exact {
        try expression.number(context)
    }

    /// Evaluates an expression checked to give yes/no.
    public func bool(_ context: some EvaluationContext) throws(EvaluationFailure) -> Bool {
        try expression.bool(context)
    }
}

extension Expression {
    func evaluate(_ c: some EvaluationContext) throws(EvaluationFailure) -> Value {
        switch self {
        case .number(let n, _): return .number(n)
        case .text(let t, _): return .text(t)
        case .bool(let b, _): return .bool(b)
        case .list(let items, _):
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try item.evaluate(c)) }
            return .list(values)
        case .name:
            preconditionFailure("evaluated before checking")
        case .reference(let r, _):
            guard let value = c.value(of: r) else { throw .missing(r) }
            return value
        case .unary(.negate, let a, _):
            return .number(try a.number(c).negated())
        case .unary(.not, let a, _):
            return .bool(!(try a.bool(c)))
        case .binary(let op, let a, let b, _):
            switch op {
            case .and:
                if !(try a.bool(c)) { return .bool(false) }
                return .bool(try b.bool(c))
            case .or:
                if try a.bool(c) { return .bool(true) }
                return .bool(try b.bool(c))
            case .add, .subtract, .multiply, .divide:
                let x = try a.number(c)
                let y = try b.number(c)
                do {
                    switch op {
                    case .add: return .number(try x.adding(y))
                    case .subtract: return .number(try x.subtracting(y))
                    case .multiply: return .number(try x.multiplying(y))
                    default: return .number(try x.dividing(by: y))
                    }
                } catch {
                    throw EvaluationFailure(error)
                }
            case .equal, .notEqual:
                // The checker made both sides the same type; only an entry's data can differ (a fact
                // given as text where a yes/no is compared), and that is an error, never a quiet `false`.
                let x = try a.evaluate(c)
                let y = try b.evaluate(c)
                if !x.type.matches(y.type) { throw a.isReference ? mismatch(a, y.type, x) : mismatch(b, x.type, y) }
                return .bool((x == y) == (op == .equal))
            case .less, .lessOrEqual, .greater, .greaterOrEqual:
                let x = try a.evaluate(c)
                let y = try b.evaluate(c)
                let order: Int
                switch (x, y) {
                case (.number(let p), .number(let q)): order = p < q ? -1 : (p == q ? 0 : 1)
                case (.date(let p), .date(let q)): order = p < q ? -1 : (p == q ? 0 : 1)
                // Blame the side whose value is wrong: the right one when the left is fine.
                case (.number, _): throw mismatch(b, .number, y)
                case (.date, _): throw mismatch(b, .date, y)
                default: throw mismatch(a, .number, x)
                }
                switch op {
                case .less: return .bool(order < 0)
                case .lessOrEqual: return .bool(order <= 0)
                case .greater: return .bool(order > 0)
                default: return .bool(order >= 0)
                }
            case .in:
                let x = try a.evaluate(c)
                guard case .list(let items) = try b.evaluate(c) else { preconditionFailure("checked as a list") }
                if let first = items.first, !x.type.matches(first.type) { throw mismatch(a, first.type, x) }
                return .bool(items.contains(x))
            }
        case .call(let f, let arguments, _):
            return try call(f, arguments, c)
        }
    }

    private func call(_ f: Function, _ arguments: [Expression], _ c: some EvaluationContext) throws(EvaluationFailure) -> Value {
        do {
            switch f {
            case .min, .max:
                var best = try arguments[0].number(c)
                for argument in arguments.dropFirst() {
                    let n = try argument.number(c)
                    if f == .min ? n < best : n > best { best = n }
                }
                return .number(best)
            case .clamp:
                let x = try arguments[0].number(c)
                let low = try arguments[1].number(c)
                let high = try arguments[2].number(c)
                return .number(x < low ? low : (x > high ? high : x))
            case .abs:
                return .number(try arguments[0].number(c).magnitude)
            case .round:
                var decimals = 0
                if arguments.count == 2, case .number(let n, _) = arguments[1] { decimals = Int(n.numerator) }
                return .number(try arguments[0].number(c).rounded(decimals: decimals))
            case .floor:
                return .number(try arguments[0].number(c).floored())
            case .ceil:
                return .number(try arguments[0].number(c).ceiled())
            case .if:
                return try arguments[0].bool(c) ? arguments[1].evaluate(c) : arguments[2].evaluate(c)
            case .date:
                guard case .text(let t, _) = arguments[0], let day = Day(parsing: t) else {
                    preconditionFailure("checked as a date written out")
                }
                return .date(day)
            case .daysBetween:
                guard case .date(let from) = try arguments[0].evaluate(c), case .date(let to) = try arguments[1].evaluate(c)
                else { preconditionFailure("checked as dates") }
                return .number(Exact(to.daysSinceEpoch - from.daysSinceEpoch))
            case .has:
                guard case .reference(let r, _) = arguments[0] else { preconditionFailure("checked as a name") }
                return .bool(c.value(of: r) != nil)
            }
        } catch let failure as EvaluationFailure {
            throw failure
        } catch let failure as ArithmeticFailure {
            throw EvaluationFailure(failure)
        } catch {
            preconditionFailure("\(error)")
        }
    }

    fileprivate func number(_ c: some EvaluationContext) throws(EvaluationFailure) -> Exact {
        let value = try evaluate(c)
        guard case .number(let n) = value else { throw mismatch(self, .number, value) }
        return n
    }

    fileprivate func bool(_ c: some EvaluationContext) throws(EvaluationFailure) -> Bool {
        let value = try evaluate(c)
        guard case .bool(let b) = value else { throw mismatch(self, .bool, value) }
        return b
    }

    var isReference: Bool {
        if case .reference = self { return true }
        return false
    }

    /// A runtime type mismatch can only come from an entry's data (a fact of the wrong kind).
    private func mismatch(_ e: Expression, _ expected: ValueType, _ found: Value) -> EvaluationFailure {
        if case .reference(let r, _) = e { return .typeMismatch(r, expected: expected, found: found) }
        return .typeMismatchIn(e.shown, expected: expected, found: found)
    }
}
