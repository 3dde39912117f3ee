/// A mistake in an expression, at a position inside it.
public struct ExpressionIssue: Error, Sendable, Hashable {
    /// Unicode scalars from the start of the expression (0-based).
    public var offset: Int
    public var message: String
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }
}

extension Expression {
    /// Parses `source`; throws the first syntax mistake with its position.
    public static func parse(_ source: String) throws(ExpressionIssue) -> Expression {
        var parser = ExpressionParser(source)
        let expression = try parser.parseExpression()
        // A token the lexer cannot read after the expression is that mistake, not the end.
        if let token = try parser.peekToken() {
            throw ExpressionIssue(offset: token.range.start, message: "thừa \(token.shown) sau khi biểu thức đã kết thúc")
        }
        return expression
    }
}

struct Token: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case number(Exact), text(String), word(String), symbol(String)
    }
    var kind: Kind
    var range: SourceRange

    var shown: String {
        switch kind {
        case .number(let n): "số \(n.vietnamese)"
        case .text(let t): "chuỗi \"\(t)\""
        case .word(let w): "'\(w)'"
        case .symbol(let s): "'\(s)'"
        }
    }
}

/// A Pratt parser over a small lexer. Precedence, low to high: `or`, `and`, `not`,
/// comparisons and `in`, `+ -`, `* /`, unary `-`, then names, literals, calls and parentheses.
struct ExpressionParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var lookahead: Token??

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    private mutating func next() throws(ExpressionIssue) -> Token? {
        if let lookahead {
            self.lookahead = nil
            return lookahead
        }
        return try lex()
    }

    mutating func peekToken() throws(ExpressionIssue) -> Token? {
        if let lookahead { return lookahead }
        let token = try lex()
        lookahead = .some(token)
        return token
    }

    // MARK: Lexer

    private mutating func lex() throws(ExpressionIssue) -> Token? {
        while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
        guard position < scalars.count else { return nil }
        let start = position
        let c = scalars[position]
        if c.isASCIIDigit {
            while position < scalars.count, scalars[position].isASCIIDigit { position += 1 }
            if position + 1 < scalars.count, scalars[position] == ".", scalars[position + 1].isASCIIDigit {
                position += 1
                while position < scalars.count, scalars[position].isASCIIDigit { position += 1 }
            }
            let text = String(String.UnicodeScalarView(scalars[start..<position]))
            guard let value = Exact(text) else {
                throw ExpressionIssue(offset: start, message: "số quá dài: \(text) (tối đa 30 chữ số)")
            }
            return Token(kind: .number(value), range: SourceRange(start, position))
        }
        if c.isWordStart {
            while position < scalars.count, scalars[position].isWordPart { position += 1 }
            return Token(kind: .word(String(String.UnicodeScalarView(scalars[start..<position]))), range: SourceRange(start, position))
        }
        if c == "\"" {
            position += 1
            var text = String.UnicodeScalarView()
            while position < scalars.count, scalars[position] != "\"" {
                text.append(scalars[position])
                position += 1
            }
            guard position < scalars.count else {
                throw ExpressionIssue(offset: start, message: "chuỗi mở bằng dấu \" ở đây chưa được đóng")
            }
            position += 1
            return Token(kind: .text(String(text)), range: SourceRange(start, position))
        }
        let two = position + 1 < scalars.count ? String(String.UnicodeScalarView([c, scalars[position + 1]])) : ""
        if ["==", "!=", "<=", ">="].contains(two) {
            position += 2
            return Token(kind: .symbol(two), range: SourceRange(start, position))
        }
        if "+-*/<>()[],.".unicodeScalars.contains(c) {
            position += 1
            return Token(kind: .symbol(String(c)), range: SourceRange(start, position))
        }
        if c == "=" {
            throw ExpressionIssue(offset: start, message: "cần '==' để so sánh bằng, gặp '='")
        }
        if c == "'" {
            throw ExpressionIssue(offset: start, message: "chuỗi viết trong dấu nháy kép \"…\", gặp dấu nháy đơn")
        }
        throw ExpressionIssue(offset: start, message: "ký tự không dùng được trong biểu thức: '\(c)'")
    }

    // MARK: Grammar

    mutating func parseExpression() throws(ExpressionIssue) -> Expression {
        try parseBinary(0)
    }

    private static func binaryOperator(_ token: Token) -> (BinaryOperator, Int)? {
        switch token.kind {
        case .word("or"): (.or, 1)
        case .word("and"): (.and, 2)
        case .symbol("=="): (.equal, 4)
        case .symbol("!="): (.notEqual, 4)
        case .symbol("<"): (.less, 4)
        case .symbol("<="): (.lessOrEqual, 4)
        case .symbol(">"): (.greater, 4)
        case .symbol(">="): (.greaterOrEqual, 4)
        case .word("in"): (.in, 4)
        case .symbol("+"): (.add, 5)
        case .symbol("-"): (.subtract, 5)
        case .symbol("*"): (.multiply, 6)
        case .symbol("/"): (.divide, 6)
        default: nil
        }
    }

    private mutating func parseBinary(_ minimum: Int) throws(ExpressionIssue) -> Expression {
        var left = try parseUnary(minimum)
        while let token = try peekToken(), let (op, precedence) = Self.binaryOperator(token), precedence > minimum {
            _ = try next()
            // Comparisons do not chain: `a < b < c` is a mistake, not `(a < b) < c`.
            let right = try parseBinary(precedence == 4 ? 4 : precedence)
            if precedence == 4, let after = try peekToken(), let (_, p) = Self.binaryOperator(after), p == 4 {
                throw ExpressionIssue(offset: after.range.start,
                    message: "không viết liền hai phép so sánh; dùng 'and': a < b and b < c")
            }
            left = .binary(op, left, right, left.range.to(right.range))
        }
        return left
    }

    private mutating func parseUnary(_ minimum: Int) throws(ExpressionIssue) -> Expression {
        guard let token = try peekToken() else {
            throw ExpressionIssue(offset: scalars.count, message: "biểu thức kết thúc giữa chừng: cần một giá trị")
        }
        if case .word("not") = token.kind, minimum <= 3 {
            _ = try next()
            let operand = try parseBinary(3)
            return .unary(.not, operand, token.range.to(operand.range))
        }
        if case .symbol("-") = token.kind {
            _ = try next()
            let operand = try parseUnary(6)
            if case .number(let n, let r) = operand { return .number(n.negated(), token.range.to(r)) }
            return .unary(.negate, operand, token.range.to(operand.range))
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(ExpressionIssue) -> Expression {
        guard let token = try next() else {
            throw ExpressionIssue(offset: scalars.count, message: "biểu thức kết thúc giữa chừng: cần một giá trị")
        }
        switch token.kind {
        case .number(let n):
            return .number(n, token.range)
        case .text(let t):
            return .text(t, token.range)
        case .symbol("("):
            let inner = try parseExpression()
            let close = try expect(")", opened: token)
            return rewrap(inner, token.range.to(close.range))
        case .symbol("["):
            var items: [Expression] = []
            if let t = try peekToken(), case .symbol("]") = t.kind {
                _ = try next()
                return .list([], token.range.to(t.range))
            }
            while true {
                items.append(try parseExpression())
                guard let t = try next() else {
                    throw ExpressionIssue(offset: token.range.start, message: "danh sách mở bằng '[' ở đây chưa được đóng")
                }
                if case .symbol("]") = t.kind { return .list(items, token.range.to(t.range)) }
                guard case .symbol(",") = t.kind else {
                    throw ExpressionIssue(offset: t.range.start, message: "cần ',' hoặc ']' trong danh sách, gặp \(t.shown)")
                }
            }
        case .word(let word):
            if word == "true" { return .bool(true, token.range) }
            if word == "false" { return .bool(false, token.range) }
            if ["and", "or", "not", "in"].contains(word) {
                throw ExpressionIssue(offset: token.range.start, message: "cần một giá trị, gặp từ khóa '\(word)'")
            }
            if let t = try peekToken(), case .symbol("(") = t.kind {
                _ = try next()
                guard let function = Function(rawValue: word) else {
                    throw ExpressionIssue(offset: token.range.start,
                        message: "không có hàm '\(word)' (các hàm: \(Function.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                var arguments: [Expression] = []
                if let t = try peekToken(), case .symbol(")") = t.kind {
                    _ = try next()
                    return .call(function, [], token.range.to(t.range))
                }
                while true {
                    arguments.append(try parseExpression())
                    guard let t = try next() else {
                        throw ExpressionIssue(offset: token.range.start, message: "lời gọi hàm '\(word)(' ở đây chưa được đóng bằng ')'")
                    }
                    if case .symbol(")") = t.kind { return .call(function, arguments, token.range.to(t.range)) }
                    guard case .symbol(",") = t.kind else {
                        throw ExpressionIssue(offset: t.range.start, message: "cần ',' hoặc ')' giữa các đối số của '\(word)', gặp \(t.shown)")
                    }
                }
            }
            var parts = [word]
            var range = token.range
            while let t = try peekToken(), case .symbol(".") = t.kind {
                _ = try next()
                guard let part = try next(), case .word(let w) = part.kind else {
                    throw ExpressionIssue(offset: t.range.end, message: "cần một tên sau dấu '.' trong '\(parts.joined(separator: "."))'")
                }
                parts.append(w)
                range = range.to(part.range)
            }
            return .name(parts, range)
        case .symbol(let s):
            throw ExpressionIssue(offset: token.range.start, message: "cần một giá trị, gặp '\(s)'")
        }
    }

    private mutating func expect(_ symbol: String, opened: Token) throws(ExpressionIssue) -> Token {
        guard let t = try next() else {
            throw ExpressionIssue(offset: opened.range.start, message: "dấu '\(opened.shown.dropFirst().dropLast())' ở đây chưa được đóng bằng '\(symbol)'")
        }
        guard case .symbol(symbol) = t.kind else {
            throw ExpressionIssue(offset: t.range.start, message: "cần '\(symbol)', gặp \(t.shown)")
        }
        return t
    }

    /// Widens a parenthesised node's range to include its parentheses.
    private func rewrap(_ e: Expression, _ r: SourceRange) -> Expression {
        switch e {
        case .number(let v, _): .number(v, r)
        case .text(let v, _): .text(v, r)
        case .bool(let v, _): .bool(v, r)
        case .list(let v, _): .list(v, r)
        case .name(let v, _): .name(v, r)
        case .reference(let v, _): .reference(v, r)
        case .unary(let o, let a, _): .unary(o, a, r)
        case .binary(let o, let a, let b, _): .binary(o, a, b, r)
        case .call(let f, let a, _): .call(f, a, r)
        }
    }
}

extension Unicode.Scalar {
    var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }
    var isWordStart: Bool { (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A) || value == 0x5F }
    var isWordPart: Bool { isWordStart || isASCIIDigit }
}
