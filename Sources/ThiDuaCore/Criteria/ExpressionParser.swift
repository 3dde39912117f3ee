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
        let expression = try parser.parseExpression().expression
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
///
/// An expression is at most ``maximumDepth`` levels deep, counting brackets, calls, lists,
/// operators and each term of a sum: the checker and the evaluator walk it recursively, and a
/// formula of a thousand nested brackets or terms would overflow their stack. Deeper is a mistake
/// named at the place it goes too deep, found before the tree is built.
struct ExpressionParser {
    static let maximumDepth = 100

    /// A parsed node with its height (a name or a number is 1).
    struct Parsed {
        var expression: Expression
        var height: Int
    }

    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var lookahead: Token??
    /// How many brackets, calls, lists and operators the parser is inside.
    private var nesting = 0

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

    mutating func parseExpression() throws(ExpressionIssue) -> Parsed {
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

    /// The mistake of an expression deeper than ``maximumDepth``, at `offset`.
    private static func tooDeep(_ offset: Int) -> ExpressionIssue {
        ExpressionIssue(offset: offset, message: "biểu thức lồng quá sâu: quá \(maximumDepth) tầng ngoặc, hàm, danh sách, phép tính "
            + "hoặc số hạng; tách thành nhiều tiêu chí")
    }

    /// A node over `children`, one level higher than the highest of them; `token` is its
    /// operator, named when the node is one level too many.
    private func node(_ expression: Expression, over children: [Parsed], at token: Token) throws(ExpressionIssue) -> Parsed {
        let height = 1 + children.reduce(0) { max($0, $1.height) }
        guard height <= Self.maximumDepth else { throw Self.tooDeep(token.range.start) }
        return Parsed(expression: expression, height: height)
    }

    /// Runs `body` one level deeper: a bracket, a call, a list or an operator's operand.
    private mutating func nested(at offset: Int, _ body: (inout ExpressionParser) throws(ExpressionIssue) -> Parsed)
        throws(ExpressionIssue) -> Parsed
    {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Self.maximumDepth else { throw Self.tooDeep(offset) }
        return try body(&self)
    }

    private mutating func parseBinary(_ minimum: Int) throws(ExpressionIssue) -> Parsed {
        var left = try parseUnary(minimum)
        while let token = try peekToken(), let (op, precedence) = Self.binaryOperator(token), precedence > minimum {
            _ = try next()
            // Comparisons do not chain: `a < b < c` is a mistake, not `(a < b) < c`.
            let right = try nested(at: token.range.start) { (p) throws(ExpressionIssue) in try p.parseBinary(precedence == 4 ? 4 : precedence) }
            if precedence == 4, let after = try peekToken(), let (_, p) = Self.binaryOperator(after), p == 4 {
                throw ExpressionIssue(offset: after.range.start,
                    message: "không viết liền hai phép so sánh; dùng 'and': a < b and b < c")
            }
            left = try node(.binary(op, left.expression, right.expression, left.expression.range.to(right.expression.range)), over: [left, right], at: token)
        }
        return left
    }

    private mutating func parseUnary(_ minimum: Int) throws(ExpressionIssue) -> Parsed {
        guard let token = try peekToken() else {
            throw ExpressionIssue(offset: scalars.count, message: "biểu thức kết thúc giữa chừng: cần một giá trị")
        }
        if case .word("not") = token.kind, minimum <= 3 {
            _ = try next()
            let operand = try nested(at: token.range.start) { (p) throws(ExpressionIssue) in try p.parseBinary(3) }
            return try node(.unary(.not, operand.expression, token.range.to(operand.expression.range)), over: [operand], at: token)
        }
        if case .symbol("-") = token.kind {
            _ = try next()
            let operand = try nested(at: token.range.start) { (p) throws(ExpressionIssue) in try p.parseUnary(6) }
            if case .number(let n, let r) = operand.expression { return Parsed(expression: .number(n.negated(), token.range.to(r)), height: 1) }
            return try node(.unary(.negate, operand.expression, token.range.to(operand.expression.range)), over: [operand], at: token)
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(ExpressionIssue) -> Parsed {
        guard let token = try next() else {
            throw ExpressionIssue(offset: scalars.count, message: "biểu thức kết thúc giữa chừng: cần một giá trị")
        }
        let leaf = { (e: Expression) in Parsed(expression: e, height: 1) }
        switch token.kind {
        case .number(let n):
            return leaf(.number(n, token.range))
        case .text(let t):
            return leaf(.text(t, token.range))
        case .symbol("("):
            let inner = try nested(at: token.range.start) { (p) throws(ExpressionIssue) in try p.parseExpression() }
            let close = try expect(")", opened: token)
            return Parsed(expression: rewrap(inner.expression, token.range.to(close.range)), height: inner.height)
        case .symbol("["):
            var items: [Parsed] = []
            if let t = try peekToken(), case .symbol("]") = t.kind {
                _ = try next()
                return leaf(.list([], token.range.to(t.range)))
            }
            while true {
                items.append(try nested(at: token.range.start) { (p) throws(ExpressionIssue) in try p.parseExpression() })
                guard let t = try next() else {
                    throw ExpressionIssue(offset: token.range.start, message: "danh sách mở bằng '[' ở đây chưa được đóng")
                }
                if case .symbol("]") = t.kind { return try node(.list(items.map(\.expression), token.range.to(t.range)), over: items, at: token) }
                guard case .symbol(",") = t.kind else {
                    throw ExpressionIssue(offset: t.range.start, message: "cần ',' hoặc ']' trong danh sách, gặp \(t.shown)")
                }
            }
        case .word(let word):
            if word == "true" { return leaf(.bool(true, token.range)) }
            if word == "false" { return leaf(.bool(false, token.range)) }
            if ["and", "or", "not", "in"].contains(word) {
                throw ExpressionIssue(offset: token.range.start, message: "cần một giá trị, gặp từ khóa '\(word)'")
            }
            if let t = try peekToken(), case .symbol("(") = t.kind {
                _ = try next()
                guard let function = Function(rawValue: word) else {
                    throw ExpressionIssue(offset: token.range.start,
                        message: "không có hàm '\(word)' (các hàm: \(Function.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                var arguments: [Parsed] = []
                if let t = try peekToken(), case .symbol(")") = t.kind {
                    _ = try next()
                    return leaf(.call(function, [], token.range.to(t.range)))
                }
                while true {
                    arguments.append(try nested(at: token.range.start) { (p) throws(ExpressionIssue) in try p.parseExpression() })
                    guard let t = try next() else {
                        throw ExpressionIssue(offset: token.range.start, message: "lời gọi hàm '\(word)(' ở đây chưa được đóng bằng ')'")
                    }
                    if case .symbol(")") = t.kind {
                        return try node(.call(function, arguments.map(\.expression), token.range.to(t.range)), over: arguments, at: token)
                    }
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
            return leaf(.name(parts, range))
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
