/// The type checker: resolves names against a ``Scope``, checks every function's arity and
/// every operand's type, and collects every mistake with its position.
public struct CheckedExpression: Sendable, Hashable {
    /// The expression with its names resolved to ``Reference``s.
    public var expression: Expression
    public var type: ValueType
    /// Every criterion whose points the expression reads (`score.ID`).
    public var criteria: Set<String>
}

extension Expression {
    /// Checks the expression; `expecting` is the type its place needs (a condition needs yes/no).
    public func checked(in scope: Scope, expecting: ValueType? = nil) -> Result<CheckedExpression, ExpressionIssues> {
        var checker = ExpressionChecker(scope: scope)
        let (resolved, type) = checker.check(self)
        if let expecting, !type.matches(expecting) {
            checker.issues.append(ExpressionIssue(offset: range.start, message: "biểu thức cần cho \(expecting), nhưng cho \(type)"))
        }
        if checker.issues.isEmpty {
            return .success(CheckedExpression(expression: resolved, type: type, criteria: checker.criteria))
        }
        return .failure(ExpressionIssues(issues: checker.issues))
    }
}

public struct ExpressionIssues: Error, Sendable, Hashable {
    public var issues: [ExpressionIssue]
}

struct ExpressionChecker {
    let scope: Scope
    var issues: [ExpressionIssue] = []
    var criteria: Set<String> = []

    private mutating func fail(_ at: SourceRange, _ message: String) {
        issues.append(ExpressionIssue(offset: at.start, message: message))
    }

    mutating func check(_ e: Expression) -> (Expression, ValueType) {
        switch e {
        case .number: return (e, .number)
        case .text: return (e, .text)
        case .bool: return (e, .bool)
        case .reference(let r, _): return (e, type(of: r))
        case .list(let items, let range):
            var resolved: [Expression] = []
            var element = ValueType.unknown
            for item in items {
                let (x, t) = check(item)
                resolved.append(x)
                if element == .unknown {
                    element = t
                } else if !t.matches(element) {
                    fail(item.range, "các phần tử của danh sách phải cùng kiểu: phần tử này là \(t), phần tử đầu là \(element)")
                }
            }
            return (.list(resolved, range), .list(element))
        case .name(let parts, let range):
            guard let reference = resolve(parts, range) else { return (e, .unknown) }
            return (.reference(reference, range), type(of: reference))
        case .unary(let op, let operand, let range):
            let (x, t) = check(operand)
            switch op {
            case .negate:
                if !t.matches(.number) { fail(operand.range, "dấu '-' cần một số, gặp \(t)") }
                return (.unary(op, x, range), .number)
            case .not:
                if !t.matches(.bool) { fail(operand.range, "'not' cần đúng/sai, gặp \(t)") }
                return (.unary(op, x, range), .bool)
            }
        case .binary(let op, let left, let right, let range):
            let (l, lt) = check(left)
            let (r, rt) = check(right)
            let node = Expression.binary(op, l, r, range)
            switch op {
            case .add, .subtract, .multiply, .divide:
                if !lt.matches(.number) { fail(left.range, "'\(op.rawValue)' cần số ở bên trái, gặp \(lt)") }
                if !rt.matches(.number) { fail(right.range, "'\(op.rawValue)' cần số ở bên phải, gặp \(rt)") }
                return (node, .number)
            case .and, .or:
                if !lt.matches(.bool) { fail(left.range, "'\(op.rawValue)' cần đúng/sai ở bên trái, gặp \(lt)") }
                if !rt.matches(.bool) { fail(right.range, "'\(op.rawValue)' cần đúng/sai ở bên phải, gặp \(rt)") }
                return (node, .bool)
            case .equal, .notEqual:
                if case .list = lt { fail(left.range, "không so sánh được danh sách bằng '\(op.rawValue)'; dùng 'in'") }
                if !lt.matches(rt) { fail(range, "không so sánh được \(lt) với \(rt)") }
                return (node, .bool)
            case .less, .lessOrEqual, .greater, .greaterOrEqual:
                if !(lt.matches(.number) || lt.matches(.date)) {
                    fail(left.range, "'\(op.rawValue)' so sánh số hoặc ngày, gặp \(lt)")
                } else if !lt.matches(rt) {
                    fail(range, "không so sánh được \(lt) với \(rt)")
                }
                return (node, .bool)
            case .in:
                guard case .list(let element) = rt else {
                    if rt != .unknown { fail(right.range, "'in' cần một danh sách ở bên phải, gặp \(rt)") }
                    return (node, .bool)
                }
                if !lt.matches(element) { fail(range, "'in' tìm \(lt) trong danh sách \(element)") }
                return (node, .bool)
            }
        case .call(let function, let arguments, let range):
            return checkCall(function, arguments, range)
        }
    }

    private mutating func checkCall(_ f: Function, _ arguments: [Expression], _ range: SourceRange) -> (Expression, ValueType) {
        guard f.arity.contains(arguments.count) else {
            let wanted = f.arity.lowerBound == f.arity.upperBound
                ? "\(f.arity.lowerBound)" : f.arity.upperBound > 3 ? "ít nhất \(f.arity.lowerBound)" : "\(f.arity.lowerBound) hoặc \(f.arity.upperBound)"
            fail(range, "hàm \(f.rawValue) cần \(wanted) đối số, gặp \(arguments.count)")
            // Still report the mistakes inside the arguments.
            for argument in arguments { _ = check(argument) }
            return (.call(f, arguments, range), returnType(f, []))
        }
        if f == .has {
            // A metric or fact the entry may not report, or a value that may be missing (verified_score).
            guard case .name(let parts, let r) = arguments[0],
                (parts.count == 2 && (parts[0] == "metrics" || parts[0] == "facts")) || Variable(rawValue: parts.joined(separator: ".")) != nil
            else {
                fail(arguments[0].range, "hàm has cần một tên metrics.…, facts.… hoặc một tên riêng như verified_score")
                return (.call(f, arguments, range), .bool)
            }
            guard let reference = resolve(parts, r) else { return (.call(f, arguments, range), .bool) }
            return (.call(f, [.reference(reference, r)], range), .bool)
        }
        var resolved: [Expression] = []
        var types: [ValueType] = []
        for argument in arguments {
            let (x, t) = check(argument)
            resolved.append(x)
            types.append(t)
        }
        func need(_ i: Int, _ type: ValueType) {
            if !types[i].matches(type) {
                fail(arguments[i].range, "đối số thứ \(i + 1) của \(f.rawValue) phải là \(type), gặp \(types[i])")
            }
        }
        switch f {
        case .min, .max, .clamp, .abs, .floor, .ceil:
            for i in types.indices { need(i, .number) }
        case .round:
            need(0, .number)
            if arguments.count == 2 {
                if case .number(let n, _) = arguments[1], n.isInteger, n >= .zero, n <= Exact(12) {
                } else {
                    fail(arguments[1].range, "số chữ số thập phân của round phải là một số nguyên viết sẵn từ 0 đến 12")
                }
            }
        case .if:
            need(0, .bool)
            if !types[1].matches(types[2]) {
                fail(range, "hai nhánh của if phải cùng kiểu: \(types[1]) và \(types[2])")
            }
        case .date:
            if case .text(let t, let r) = arguments[0] {
                if Day(parsing: t) == nil { fail(r, "ngày không hợp lệ: \"\(t)\" (viết 25/11/2024 hoặc 2024-11-25)") }
            } else {
                fail(arguments[0].range, "hàm date cần một ngày viết sẵn trong dấu nháy kép, ví dụ date(\"25/11/2024\")")
            }
        case .daysBetween:
            need(0, .date)
            need(1, .date)
        case .has:
            break
        }
        return (.call(f, resolved, range), returnType(f, types))
    }

    private func returnType(_ f: Function, _ types: [ValueType]) -> ValueType {
        switch f {
        case .if: types.count == 3 ? (types[1] == .unknown ? types[2] : types[1]) : .unknown
        case .date: .date
        case .has: .bool
        default: .number
        }
    }

    private func type(of reference: Reference) -> ValueType {
        switch reference {
        case .metric, .score, .subtotal, .models: .number
        case .fact(let name): scope.factTypes[name] ?? .bool
        case .textFact: .text
        case .variable(let v): v.type
        }
    }

    private mutating func resolve(_ parts: [String], _ range: SourceRange) -> Reference? {
        let written = parts.joined(separator: ".")
        if let variable = Variable(rawValue: written) {
            guard scope.variables.contains(variable) else {
                let allowed = scope.variables.map(\.rawValue).sorted()
                fail(range, "không dùng được '\(written)' ở đây" + (allowed.isEmpty ? "" : " (dùng được: \(allowed.joined(separator: ", ")))"))
                return nil
            }
            return .variable(variable)
        }
        guard parts.count == 2 else {
            let spaces = ["metrics", "facts", "score", "subtotal", "entry", "report", "campaign", "models", "pledge"]
            if parts.count > 2 || spaces.contains(parts[0]) {
                fail(range, "không có tên '\(written)'")
            } else {
                fail(range, "không có tên '\(written)' (tên riêng dùng được: \(scope.variables.map(\.rawValue).sorted().joined(separator: ", ")); hoặc metrics.…, facts.…, score.…)")
            }
            return nil
        }
        let (space, name) = (parts[0], parts[1])
        switch space {
        case "metrics", "facts":
            guard scope.entryData else {
                fail(range, "không đọc được \(space).… ở đây")
                return nil
            }
            if space == "metrics" {
                if let declared = scope.declaredMetrics, !declared.contains(name) {
                    fail(range, "chỉ số '\(name)' chưa khai báo trong inputs.metrics")
                    return nil
                }
                return .metric(name)
            }
            if scope.factsClosed, scope.factTypes[name] == nil {
                fail(range, "dữ kiện '\(name)' chưa khai báo trong inputs.facts")
                return nil
            }
            // The declared type decides how the entry's text is read.
            return scope.factTypes[name] == .text ? .textFact(name) : .fact(name)
        case "score":
            guard scope.allCriteria.contains(name) else {
                fail(range, "không có tiêu chí '\(name)' trong bộ tiêu chí")
                return nil
            }
            guard scope.criteria.contains(name) else {
                fail(range, "không đọc được điểm tiêu chí '\(name)' ở đây")
                return nil
            }
            criteria.insert(name)
            return .score(name)
        case "models":
            guard scope.variables.contains(.pledgeTotal) else {
                fail(range, "models.… chỉ dùng trong bộ tiêu chí xếp hạng đơn vị (applies_to: unit)")
                return nil
            }
            return .models(name)
        case "subtotal":
            guard scope.groups.contains(name) else {
                fail(range, "không có nhóm tiêu chí '\(name)' đọc được ở đây")
                return nil
            }
            return .subtotal(name)
        case "entry", "report", "campaign":
            fail(range, "không có tên '\(written)'")
            return nil
        default:
            let spaces = ["metrics", "facts", "score", "subtotal", "entry", "report", "campaign", "models", "pledge"]
            // `metric.x` for `metrics.x`, `scores.A1` for `score.A1`.
            let near = spaces.first { $0 == space + "s" || $0 + "s" == space }
            fail(range, "không có không gian tên '\(space)' (có: \(spaces.joined(separator: ", ")))"
                + (near.map { "; có phải '\($0).\(name)'?" } ?? ""))
            return nil
        }
    }
}
