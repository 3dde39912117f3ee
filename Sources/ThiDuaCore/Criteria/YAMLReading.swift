import Yams

/// Reads a composed YAML document with positions, collecting every mistake rather than
/// stopping at the first.
struct YAMLReading {
    let file: String
    let lines: [Substring]
    var issues: [CriteriaIssue] = []

    init(file: String, source: String) {
        self.file = file
        lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    }

    mutating func fail(_ node: Node?, _ message: String) {
        let mark = node?.mark
        issues.append(CriteriaIssue(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message))
    }

    mutating func fail(line: Int, column: Int, _ message: String) {
        issues.append(CriteriaIssue(file: file, line: line, column: column, message: message))
    }

    /// A node shown in a message: its text if it is a short scalar, else its kind.
    func shown(_ node: Node) -> String {
        switch node {
        case .scalar(let s): s.string.isEmpty ? "giá trị rỗng" : "\"\(s.string.count > 40 ? String(s.string.prefix(37)) + "…" : s.string)\""
        case .mapping: "một bảng khóa: giá trị"
        case .sequence: "một danh sách"
        case .alias: "một bí danh YAML"
        }
    }

    // MARK: Mappings

    /// The keys of a mapping, checked against those allowed; unknown keys are mistakes.
    mutating func mapping(_ node: Node, _ what: String, allowed: [String]) -> [String: (key: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            fail(node, "\(what) phải là một bảng khóa: giá trị, gặp \(shown(node))")
            return nil
        }
        var result: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard case .scalar(let k) = key else {
                fail(key, "khóa phải là một tên, gặp \(shown(key))")
                continue
            }
            guard allowed.contains(k.string) else {
                // `{ title: Tính mới, sáng tạo }` splits at the comma into a key without a value
                // that no key name looks like: say how to keep the text whole.
                let hint = value.scalar?.string.isEmpty == true && !k.string.unicodeScalars.allSatisfy(\.isWordPart)
                    ? "; nếu đây là phần sau dấu phẩy của một chuỗi, hãy đặt cả chuỗi trong dấu nháy kép" : ""
                fail(key, "khóa không có trong \(what): '\(k.string)' (các khóa dùng được: \(allowed.joined(separator: ", ")))\(hint)")
                continue
            }
            result[k.string] = (key, value)
        }
        return result
    }

    /// Reports an id used before (`seen` maps each id to the line it was first used on).
    mutating func unique(_ id: String, at node: Node?, _ seen: inout [String: Int], _ what: String, _ note: String = "") {
        if let first = seen[id] {
            fail(node, "\(what) lặp lại: '\(id)', đã dùng ở dòng \(first)\(note)")
        } else {
            seen[id] = node?.mark?.line ?? 1
        }
    }

    mutating func required(_ fields: [String: (key: Node, value: Node)], _ key: String, in node: Node, _ what: String) -> Node? {
        guard let value = fields[key]?.value else {
            fail(node, "thiếu khóa bắt buộc '\(key)' trong \(what)")
            return nil
        }
        return value
    }

    // MARK: Scalars

    mutating func string(_ node: Node, _ key: String) -> String? {
        guard case .scalar(let s) = node, !s.string.isEmpty else {
            fail(node, "'\(key)' phải là một chuỗi, gặp \(shown(node))")
            return nil
        }
        return s.string.nfc
    }

    /// An id that expressions can name: a letter or `_`, then letters, digits or `_`.
    mutating func identifier(_ node: Node, _ key: String = "id") -> String? {
        guard let text = string(node, key) else { return nil }
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, first.isWordStart, scalars.allSatisfy(\.isWordPart) else {
            fail(node, "'\(key)' phải gồm chữ cái Latin không dấu, chữ số và '_', bắt đầu bằng chữ cái, gặp \(shown(node))")
            return nil
        }
        return text
    }

    /// A set id: letters, digits, `-`, `_` and `.`.
    mutating func code(_ node: Node, _ key: String) -> String? {
        guard let text = string(node, key) else { return nil }
        guard text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }) else {
            fail(node, "'\(key)' chỉ gồm chữ cái không dấu, chữ số, '-', '_' và '.', gặp \(shown(node))")
            return nil
        }
        return text
    }

    /// An exact number written `20`, `0.5` or `0,5`.
    mutating func number(_ node: Node, _ key: String, atLeast minimum: Exact? = nil, above: Exact? = nil) -> Exact? {
        guard case .scalar(let s) = node, let value = Exact(s.string) else {
            fail(node, "'\(key)' phải là một số (ví dụ 20 hoặc 0,5), gặp \(shown(node))")
            return nil
        }
        if let minimum, value < minimum {
            fail(node, "'\(key)' phải ≥ \(minimum.vietnamese), gặp \(value.vietnamese)")
            return nil
        }
        if let above, value <= above {
            fail(node, "'\(key)' phải > \(above.vietnamese), gặp \(value.vietnamese)")
            return nil
        }
        return value
    }

    mutating func integer(_ node: Node, _ key: String, in range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let s) = node, let value = Int(s.string) else {
            fail(node, "'\(key)' phải là một số nguyên, gặp \(shown(node))")
            return nil
        }
        guard range.contains(value) else {
            let upper = range.upperBound == Int.max ? "" : " đến \(range.upperBound)"
            fail(node, "'\(key)' phải từ \(range.lowerBound)\(upper), gặp \(value)")
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, _ key: String) -> Bool? {
        guard case .scalar(let s) = node, ["true", "false"].contains(s.string) else {
            fail(node, "'\(key)' phải là true hoặc false, gặp \(shown(node))")
            return nil
        }
        return s.string == "true"
    }

    mutating func choice<T: RawRepresentable>(_ node: Node, _ key: String, _ options: [T]) -> T? where T.RawValue == String {
        guard case .scalar(let s) = node, let value = T(rawValue: s.string), options.contains(where: { $0.rawValue == s.string }) else {
            fail(node, "'\(key)' phải là một trong: \(options.map(\.rawValue).joined(separator: ", ")); gặp \(shown(node))")
            return nil
        }
        return value
    }

    mutating func list(_ node: Node, _ key: String) -> [Node]? {
        guard case .sequence(let s) = node else {
            fail(node, "'\(key)' phải là một danh sách, gặp \(shown(node))")
            return nil
        }
        return Array(s)
    }

    // MARK: Expressions

    /// Parses and checks an expression, reporting mistakes at their place inside it.
    mutating func expression(_ node: Node, _ key: String, scope: Scope, expecting: ValueType) -> CheckedExpression? {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            fail(node, "'\(key)' phải là một biểu thức, gặp \(shown(node))")
            return nil
        }
        let source = scalar.string
        let parsed: Expression
        do {
            parsed = try Expression.parse(source)
        } catch {
            report(error, in: scalar, key)
            return nil
        }
        switch parsed.checked(in: scope, expecting: expecting) {
        case .success(let checked):
            return checked
        case .failure(let failure):
            for issue in failure.issues { report(issue, in: scalar, key) }
            return nil
        }
    }

    private mutating func report(_ issue: ExpressionIssue, in scalar: Node.Scalar, _ key: String) {
        let (line, column) = position(of: issue.offset, in: scalar)
        fail(line: line, column: column, "\(key): \(issue.message)")
    }

    /// The file position of the `offset`-th Unicode scalar of a scalar's value.
    func position(of offset: Int, in scalar: Node.Scalar) -> (Int, Int) {
        guard let mark = scalar.mark else { return (1, 1) }
        switch scalar.style {
        case .singleQuoted, .doubleQuoted:
            return (mark.line, mark.column + 1 + offset)
        default:
            // Plain, literal (`|`) and folded (`>`) values keep every non-blank character of
            // the file in order; only line breaks and indentation change. So the value's n-th
            // non-blank character is the file's n-th non-blank character from the value's start.
            let value = Array(scalar.string.unicodeScalars)
            var index = min(max(offset, 0), value.count)
            while index < value.count, value[index].isBlank { index += 1 }
            let atEnd = index == value.count
            let wanted = value[..<index].filter { !$0.isBlank }.count - (atEnd ? 1 : 0)
            guard wanted >= 0 else { return (mark.line, mark.column) }
            // A block scalar's text starts on the line after its `|` or `>`.
            let block = scalar.style == .literal || scalar.style == .folded
            var line = block ? mark.line + 1 : mark.line
            var start = block ? 0 : mark.column - 1
            var seen = 0
            while line - 1 < lines.count {
                for (column, character) in lines[line - 1].unicodeScalars.enumerated() where column >= start && !character.isBlank {
                    if seen == wanted { return (line, column + 1 + (atEnd ? 1 : 0)) }
                    seen += 1
                }
                line += 1
                start = 0
            }
            return (mark.line, mark.column + offset)
        }
    }
}

extension Unicode.Scalar {
    /// Blank in YAML's sense: what line folding and indentation may add or remove.
    var isBlank: Bool { self == " " || self == "\t" || self == "\n" || self == "\r" }
}
