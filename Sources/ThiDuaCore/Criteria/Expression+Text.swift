extension Expression {
    /// The expression written back as text (numbers with a point), for traces and messages.
    public var shown: String {
        switch self {
        case .number(let n, _): n.description
        case .text(let t, _): "\"\(t)\""
        case .bool(let b, _): b ? "true" : "false"
        case .list(let items, _): "[" + items.map(\.shown).joined(separator: ", ") + "]"
        case .name(let parts, _): parts.joined(separator: ".")
        case .reference(let r, _): r.description
        case .unary(.negate, let a, _): "-" + a.wrapped(above: 6)
        case .unary(.not, let a, _): "not " + a.wrapped(above: 3)
        case .binary(let op, let a, let b, _):
            "\(a.wrapped(above: op.precedence - 1)) \(op.rawValue) \(b.wrapped(above: op.precedence))"
        case .call(let f, let args, _): "\(f.rawValue)(" + args.map(\.shown).joined(separator: ", ") + ")"
        }
    }

    private func wrapped(above precedence: Int) -> String {
        if case .binary(let op, _, _, _) = self, op.precedence <= precedence { return "(\(shown))" }
        if case .unary(.not, _, _) = self, precedence >= 3 { return "(\(shown))" }
        return shown
    }

    /// Every name the expression reads, in order of first appearance.
    public var references: [Reference] {
        var seen: [Reference] = []
        func walk(_ e: Expression) {
            switch e {
            case .reference(let r, _): if !seen.contains(r) { seen.append(r) }
            case .list(let items, _): items.forEach(walk)
            case .unary(_, let a, _): walk(a)
            case .binary(_, let a, let b, _): walk(a); walk(b)
            case .call(_, let args, _): args.forEach(walk)
            default: break
            }
        }
        walk(self)
        return seen
    }
}

extension BinaryOperator {
    var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in: 4
        case .add, .subtract: 5
        case .multiply, .divide: 6
        }
    }
}
