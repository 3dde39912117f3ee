/// The expressions the generator writes, as a tree: the generator renders them to the text of
/// the criteria language (fully bracketed), and the reference evaluates the tree itself, by the
/// README's "Expressions" chapter. The engine's parser and evaluator are never used.
indirect enum RefExpr: Hashable, Sendable {
    // numbers
    case number(RefQ)
    case metric(String)
    case score(String)
    case subtotal(String)
    case ownMax
    case name(RefName)
    case add(RefExpr, RefExpr), sub(RefExpr, RefExpr), mul(RefExpr, RefExpr), div(RefExpr, RefExpr)
    case neg(RefExpr)
    case minOf([RefExpr]), maxOf([RefExpr])
    case clamp(RefExpr, RefExpr, RefExpr)
    case round(RefExpr, Int?)
    case floor(RefExpr), ceil(RefExpr), abs(RefExpr)
    case ifThen(RefExpr, RefExpr, RefExpr)
    // yes/no
    case bool(Bool)
    /// A fact read as yes/no.
    case fact(String)
    /// A fact declared `text`, read as it is.
    case textFact(String)
    case hasMetric(String), hasFact(String)
    case compare(RefExpr, String, RefExpr)
    case and(RefExpr, RefExpr), or(RefExpr, RefExpr), not(RefExpr)
    case textIn(RefExpr, [String])
    // text
    case text(String)
    case tier, entryKind, entryField, entryUnit
    // dates (all in March 2024: the day of the month)
    /// `days_between(entry.registered_on, date("2024-03-DD"))`: DD − the registration day.
    case daysFromRegistration(Int)
    /// `entry.registered_on OP date("2024-03-DD")`.
    case registeredCompare(String, Int)

    /// Plain names of a result (the "Names" table).
    enum RefName: String, Hashable, Sendable {
        case base, bonus, penalty, total
        case lowestShare = "lowest_share"
        case criteriaAtMax = "criteria_at_max"
    }

    /// The expression as criteria-language text.
    var text: String {
        switch self {
        case .number(let q): q.isNegative ? "(-\(q.magnitude))" : "\(q)"
        case .metric(let m): "metrics.\(m)"
        case .score(let id): "score.\(id)"
        case .subtotal(let id): "subtotal.\(id)"
        case .ownMax: "max"
        case .name(let n): n.rawValue
        case .add(let a, let b): "(\(a.text) + \(b.text))"
        case .sub(let a, let b): "(\(a.text) - \(b.text))"
        case .mul(let a, let b): "(\(a.text) * \(b.text))"
        case .div(let a, let b): "(\(a.text) / \(b.text))"
        case .neg(let a): "(-\(a.text))"
        case .minOf(let xs): "min(\(xs.map(\.text).joined(separator: ", ")))"
        case .maxOf(let xs): "max(\(xs.map(\.text).joined(separator: ", ")))"
        case .clamp(let x, let l, let h): "clamp(\(x.text), \(l.text), \(h.text))"
        case .round(let x, let n): n.map { "round(\(x.text), \($0))" } ?? "round(\(x.text))"
        case .floor(let x): "floor(\(x.text))"
        case .ceil(let x): "ceil(\(x.text))"
        case .abs(let x): "abs(\(x.text))"
        case .ifThen(let c, let a, let b): "if(\(c.text), \(a.text), \(b.text))"
        case .bool(let b): b ? "true" : "false"
        case .fact(let f), .textFact(let f): "facts.\(f)"
        case .hasMetric(let m): "has(metrics.\(m))"
        case .hasFact(let f): "has(facts.\(f))"
        case .compare(let a, let op, let b): "(\(a.text) \(op) \(b.text))"
        case .and(let a, let b): "(\(a.text) and \(b.text))"
        case .or(let a, let b): "(\(a.text) or \(b.text))"
        case .not(let a): "(not \(a.text))"
        case .textIn(let a, let list): "(\(a.text) in [\(list.map { "\"\($0)\"" }.joined(separator: ", "))])"
        case .text(let s): "\"\(s)\""
        case .tier: "tier"
        case .entryKind: "entry.kind"
        case .entryField: "entry.field"
        case .entryUnit: "entry.unit"
        case .daysFromRegistration(let d): "days_between(entry.registered_on, date(\"2024-03-\(d < 10 ? "0" : "")\(d)\"))"
        case .registeredCompare(let op, let d): "(entry.registered_on \(op) date(\"\(d < 10 ? "0" : "")\(d)/03/2024\"))"
        }
    }

    /// The criteria whose `score.ID` the expression names anywhere (even in a branch not taken).
    var criteriaRead: Set<String> {
        switch self {
        case .score(let id): [id]
        case .add(let a, let b), .sub(let a, let b), .mul(let a, let b), .div(let a, let b), .and(let a, let b), .or(let a, let b),
             .compare(let a, _, let b):
            a.criteriaRead.union(b.criteriaRead)
        case .neg(let a), .round(let a, _), .floor(let a), .ceil(let a), .abs(let a), .not(let a), .textIn(let a, _): a.criteriaRead
        case .minOf(let xs), .maxOf(let xs): xs.reduce(into: Set<String>()) { $0.formUnion($1.criteriaRead) }
        case .clamp(let a, let b, let c), .ifThen(let a, let b, let c): a.criteriaRead.union(b.criteriaRead).union(c.criteriaRead)
        default: []
        }
    }
}

/// A value of the language.
enum RefValue: Hashable, Sendable {
    case number(RefQ)
    case bool(Bool)
    case text(String)
}

/// Why an evaluation failed (each is an error of the entry, unless a `default` applies).
enum RefFailure: Error, Hashable, Sendable {
    case divisionByZero
    case missing(String)
    /// A fact read as yes/no that is not `true`/`false`/`có`/`không` (in any case).
    case notYesNo(String)
}

/// What an expression may read for one entry.
struct RefEnv: Sendable {
    var metrics: [String: RefQ] = [:]
    var facts: [String: String] = [:]
    var scores: [String: RefQ] = [:]
    var subtotals: [String: RefQ] = [:]
    var names: [RefExpr.RefName: RefQ] = [:]
    var ownMax: RefQ?
    var tier: String?
    var kind = ""
    var registeredDay = 1
    var field = ""
    var unit = ""
}

enum RefEval {
    static func number(_ e: RefExpr, _ env: RefEnv) throws(RefFailure) -> RefQ {
        guard case .number(let q) = try value(e, env) else { fatalError("generator wrote a non-number where a number goes: \(e.text)") }
        return q
    }

    static func bool(_ e: RefExpr, _ env: RefEnv) throws(RefFailure) -> Bool {
        guard case .bool(let b) = try value(e, env) else { fatalError("generator wrote a non-condition where a condition goes: \(e.text)") }
        return b
    }

    static func text(_ e: RefExpr, _ env: RefEnv) throws(RefFailure) -> String {
        guard case .text(let s) = try value(e, env) else { fatalError("generator wrote a non-text where a text goes: \(e.text)") }
        return s
    }

    static func value(_ e: RefExpr, _ env: RefEnv) throws(RefFailure) -> RefValue {
        switch e {
        case .number(let q): return .number(q)
        case .metric(let m):
            guard let v = env.metrics[m] else { throw .missing("metrics.\(m)") }
            return .number(v)
        case .score(let id):
            guard let v = env.scores[id] else { throw .missing("score.\(id)") }
            return .number(v)
        case .subtotal(let id):
            guard let v = env.subtotals[id] else { throw .missing("subtotal.\(id)") }
            return .number(v)
        case .ownMax: return .number(env.ownMax!)
        case .name(let n):
            guard let v = env.names[n] else { throw .missing(n.rawValue) }
            return .number(v)
        case .add(let a, let b): return .number(try number(a, env) + number(b, env))
        case .sub(let a, let b): return .number(try number(a, env) - number(b, env))
        case .mul(let a, let b): return .number(try number(a, env) * number(b, env))
        case .div(let a, let b):
            let x = try number(a, env), y = try number(b, env)
            guard let q = x / y else { throw .divisionByZero }
            return .number(q)
        case .neg(let a): return .number(-(try number(a, env)))
        case .minOf(let xs):
            var best: RefQ?
            for x in xs { let v = try number(x, env); if best == nil || v < best! { best = v } }
            return .number(best!)
        case .maxOf(let xs):
            var best: RefQ?
            for x in xs { let v = try number(x, env); if best == nil || best! < v { best = v } }
            return .number(best!)
        case .clamp(let x, let l, let h):
            let v = try number(x, env), low = try number(l, env), high = try number(h, env)
            return .number(v < low ? low : (high < v ? high : v))
        case .round(let x, let n): return .number(try number(x, env).rounded(n ?? 0))
        case .floor(let x): return .number(RefQ(try number(x, env).floor))
        case .ceil(let x): return .number(RefQ(try number(x, env).ceil))
        case .abs(let x): return .number(try number(x, env).magnitude)
        case .ifThen(let c, let a, let b): return try bool(c, env) ? value(a, env) : value(b, env)
        case .bool(let b): return .bool(b)
        case .fact(let f):
            guard let v = env.facts[f] else { throw .missing("facts.\(f)") }
            switch v.lowercased() {
            case "true", "có": return .bool(true)
            case "false", "không": return .bool(false)
            default: throw .notYesNo("facts.\(f)")
            }
        case .textFact(let f):
            guard let v = env.facts[f] else { throw .missing("facts.\(f)") }
            return .text(v)
        case .hasMetric(let m): return .bool(env.metrics[m] != nil)
        case .hasFact(let f): return .bool(env.facts[f] != nil)
        case .compare(let a, let op, let b):
            let x = try value(a, env), y = try value(b, env)
            switch (x, y) {
            case (.number(let p), .number(let q)):
                switch op {
                case "<": return .bool(p < q)
                case "<=": return .bool(p <= q)
                case ">": return .bool(p > q)
                case ">=": return .bool(p >= q)
                case "==": return .bool(p == q)
                case "!=": return .bool(p != q)
                default: fatalError("operator \(op)")
                }
            default:
                switch op {
                case "==": return .bool(x == y)
                case "!=": return .bool(x != y)
                default: fatalError("operator \(op) on \(x), \(y)")
                }
            }
        case .and(let a, let b): return .bool(try bool(a, env) ? bool(b, env) : false)
        case .or(let a, let b): return .bool(try bool(a, env) ? true : bool(b, env))
        case .not(let a): return .bool(!(try bool(a, env)))
        case .textIn(let a, let list): return .bool(list.contains(try text(a, env)))
        case .text(let s): return .text(s)
        case .tier: return .text(env.tier ?? "")
        case .entryKind: return .text(env.kind)
        case .entryField: return .text(env.field)
        case .entryUnit: return .text(env.unit)
        case .daysFromRegistration(let d): return .number(RefQ(d - env.registeredDay))
        case .registeredCompare(let op, let d):
            let r = env.registeredDay
            switch op {
            case "<": return .bool(r < d)
            case "<=": return .bool(r <= d)
            case ">": return .bool(r > d)
            case ">=": return .bool(r >= d)
            case "==": return .bool(r == d)
            default: return .bool(r != d)
            }
        }
    }
}
