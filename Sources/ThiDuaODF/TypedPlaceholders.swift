import Foundation

/// A note about a template that does not stop it from being used, printed for the user.
public struct TemplateWarning: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { "\(file):\(line): cảnh báo: \(message)" }
}

/// Text in a paragraph that looks like a placeholder, `<nguoi_nhan>` or `&lt;ten&gt;`, but was
/// typed as ordinary text: ThiĐua would print it as it is.
struct TypedPlaceholder: Sendable {
    /// The text as found, brackets included.
    var text: String
    /// What is inside the brackets.
    var name: String
    var line: Int
    /// The whole paragraph's text, to find it in LibreOffice.
    var paragraph: String
    /// Where the paragraph is: the body or a master page's header and footer.
    var part: String
}

extension ODFTemplate {
    /// How to insert a real placeholder, for the messages.
    static let howToInsert = "chèn chỗ giữ chỗ bằng Chèn › Trường › Trường khác… › Hàm › Chỗ dành sẵn "
        + "(Insert › Field › More Fields › Functions › Placeholder), định dạng Văn bản"

    /// Every `<…>` and `&lt;…&gt;` typed in the text of a paragraph of the body or of a master
    /// page, outside LibreOffice's placeholder fields, in document order.
    func typedPlaceholders() -> [TypedPlaceholder] {
        var found: [TypedPlaceholder] = []
        Self.scan(text, part: "phần thân văn bản", into: &found)
        if let masterStyles { Self.scan(masterStyles, part: "đầu trang, chân trang (trang mẫu)", into: &found) }
        return found
    }

    private static func scan(_ e: TElement, part: String, into found: inout [TypedPlaceholder]) {
        if e.name == "text:p" || e.name == "text:h" {
            var text = ""
            paragraphText(e, into: &text)
            for (typed, name) in bracketed(text) {
                found.append(TypedPlaceholder(text: typed, name: name, line: e.line, paragraph: text, part: part))
            }
        }
        for case .element(let child) in e.children { scan(child, part: part, into: &found) }
    }

    /// A paragraph's own text: spans and links included, a paragraph nested in it (in a frame or
    /// a note) left to itself, a placeholder field as nothing.
    private static func paragraphText(_ e: TElement, into text: inout String) {
        for child in e.children {
            switch child {
            case .text(let t):
                text += t
            case .element(let c):
                switch c.name {
                case "text:p", "text:h": continue
                case "text:s", "text:tab": text += " "
                case "text:line-break": text += "\n"
                default: if c.placeholder == nil { paragraphText(c, into: &text) }
                }
            }
        }
    }

    /// Each `<name>` or `&lt;name&gt;` in a text, with the name inside: up to 60 characters on
    /// one line, no bracket inside, no space at either end (`a < b, c > d` is no placeholder).
    static func bracketed(_ text: String) -> [(String, String)] {
        var result: [(String, String)] = []
        for (open, close) in [("<", ">"), ("&lt;", "&gt;")] {
            var rest = text[...]
            while let start = rest.range(of: open) {
                let after = rest[start.upperBound...]
                guard let end = after.range(of: close) else { break }
                let inner = after[..<end.lowerBound]
                if let first = inner.first, let last = inner.last, !first.isWhitespace, !last.isWhitespace, inner.count <= 60,
                    !inner.contains(where: { "<>\n".contains($0) }), !inner.contains("&lt;")
                {
                    result.append((String(rest[start.lowerBound..<end.upperBound]), String(inner)))
                    rest = after[end.upperBound...]
                } else {
                    rest = after
                }
            }
        }
        return result
    }
}

extension CompiledTemplate {
    /// Refuses a known field typed as text (a mistake: the document would print `<nguoi_nhan>`
    /// where the name belongs), naming every one; warns about any other `<…>` typed as text.
    static func checkTypedPlaceholders(_ template: ODFTemplate, _ schema: TemplateSchema) throws(TemplateFailure) -> [TemplateWarning] {
        let file = template.name
        var mistakes: [(line: Int, message: String)] = []
        var warnings: [TemplateWarning] = []
        for typed in template.typedPlaceholders() {
            let quoted = Self.quote(typed.paragraph, around: typed.text)
            if resolve(typed.name, schema) != nil {
                mistakes.append((typed.line, "\(typed.part), đoạn “\(quoted)”: '\(typed.text)' được gõ như chữ thường, không phải chỗ giữ chỗ, "
                    + "nên văn bản sẽ in nguyên chữ đó thay cho dữ liệu. Xóa chữ đó rồi \(ODFTemplate.howToInsert), "
                    + "chỗ dành sẵn <\(typed.name)>"))
            } else {
                let near = schema.names.filter { $0.hasPrefix(String(typed.name.prefix(3))) }
                warnings.append(TemplateWarning(file: file, line: typed.line,
                    message: "\(typed.part), đoạn “\(quoted)”: '\(typed.text)' là chữ thường và sẽ được in nguyên văn. "
                        + "Nếu đó là chỗ cần điền dữ liệu, xóa chữ đó rồi \(ODFTemplate.howToInsert)"
                        + (near.isEmpty ? "; các chỗ giữ chỗ dùng được: \(schema.names.map { "<\($0)>" }.joined(separator: ", "))"
                            : " (gần giống: \(near.map { "<\($0)>" }.joined(separator: ", ")))")))
            }
        }
        if let first = mistakes.first {
            let more = mistakes.dropFirst().map { "\n\(file):\($0.line): \($0.message)" }.joined()
            throw TemplateFailure(file: file, line: first.line, message: first.message + more)
        }
        return warnings
    }

    /// A paragraph's text on one line; a long one cut to the 30 characters either side of `found`.
    static func quote(_ text: String, around found: String) -> String {
        let line = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard line.count > 80, let range = line.range(of: found) else { return line }
        let start = line.index(range.lowerBound, offsetBy: -30, limitedBy: line.startIndex) ?? line.startIndex
        let end = line.index(range.upperBound, offsetBy: 30, limitedBy: line.endIndex) ?? line.endIndex
        return (start == line.startIndex ? "" : "…") + line[start..<end] + (end == line.endIndex ? "" : "…")
    }
}
