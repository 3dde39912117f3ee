import Foundation

/// A template checked against a ``TemplateSchema``, ready to write documents: as an ODT
/// package (``write(pages:to:title:)``) or as one flat `.fodt` file (``writeFlat(pages:to:title:)``).
public struct CompiledTemplate: Sendable {
    indirect enum Node: Sendable {
        case element(Element)
        case text(String)
        case field(String)
        case item(list: String, field: String)
    }

    struct Element: Sendable {
        var name: String
        var attributes: [(String, String)]
        var children: [Node]
        /// Repeated once per item of this list.
        var repeats: String?
        /// Takes the page-break style on every page after the first.
        var breaksPage = false
    }

    let template: ODFTemplate
    let fontFaces: Element?
    let styles: Element?
    let automaticStyles: Element?
    let masterStyles: Element?
    let textAttributes: [(String, String)]
    let prelude: [Node]
    let page: [Node]
    /// The automatic style that starts each page after the first, with the attribute it goes in.
    let breakStyle: Element?
    let breakAttribute: String

    init(_ template: ODFTemplate, _ schema: TemplateSchema) throws(TemplateFailure) {
        self.template = template
        let file = template.name
        // Every placeholder must be one the document offers.
        for (name, line) in template.placeholders where Self.resolve(name, schema) == nil {
            let near = schema.names.filter { $0.hasPrefix(String(name.prefix(3))) }
            throw TemplateFailure(file: file, line: line, message: "chỗ giữ chỗ <\(name)> không có trong văn bản này"
                + (near.isEmpty ? "" : " (gần giống: \(near.map { "<\($0)>" }.joined(separator: ", ")))")
                + "; các chỗ giữ chỗ dùng được: \(schema.names.map { "<\($0)>" }.joined(separator: ", "))")
        }
        let used = Set(template.placeholders.map(\.name))
        for (name, meaning) in schema.required where !used.contains(name) {
            throw TemplateFailure(file: file, line: 1, message: "mẫu thiếu chỗ giữ chỗ <\(name)> (\(meaning)), văn bản cần nó")
        }
        func plain(_ e: TElement?, part: String) throws(TemplateFailure) -> Element? {
            guard let e else { return nil }
            guard case .element(let converted) = try Self.convert(.element(e), schema, file: file, listsAllowed: false, part: part) else { return nil }
            return converted
        }
        fontFaces = try plain(template.fontFaces, part: "khai báo phông chữ")
        styles = try plain(template.styles, part: "các kiểu")
        automaticStyles = try plain(template.automaticStyles, part: "các kiểu tự động")
        masterStyles = try plain(template.masterStyles, part: "trang mẫu (đầu trang, chân trang)")
        textAttributes = template.text.attributes
        var prelude: [Node] = []
        var page: [Node] = []
        for child in template.text.children {
            if case .element(let e) = child, ODFTemplate.prelude.contains(e.name) {
                prelude.append(try Self.convert(child, schema, file: file, listsAllowed: false, part: "phần khai báo"))
            } else {
                page.append(try Self.convert(child, schema, file: file, listsAllowed: true, part: ""))
            }
        }
        self.prelude = prelude
        // The first paragraph or table of the page starts each later page.
        var breakAttribute = "text:style-name"
        var breakStyle: Element?
        if let index = page.firstIndex(where: { if case .element(let e) = $0 { ["text:p", "text:h", "table:table"].contains(e.name) } else { false } }),
            case .element(var first) = page[index]
        {
            let isTable = first.name == "table:table"
            breakAttribute = isTable ? "table:style-name" : "text:style-name"
            let current = first.attributes.first { $0.0 == breakAttribute }?.1
            breakStyle = Self.breakStyle(base: current, table: isTable, automatic: automaticStyles, common: styles)
            first.breaksPage = true
            page[index] = .element(first)
        }
        self.page = page
        self.breakStyle = breakStyle
        self.breakAttribute = breakAttribute
    }

    /// `name` as the schema knows it: a field, or a list's field.
    static func resolve(_ name: String, _ schema: TemplateSchema) -> Node? {
        if schema.fields.contains(name) { return .field(name) }
        if schema.lists[name]?.contains("") == true { return .item(list: name, field: "") }
        if let dot = name.firstIndex(of: ".") {
            let list = String(name[..<dot]), field = String(name[name.index(after: dot)...])
            if schema.lists[list]?.contains(field) == true { return .item(list: list, field: field) }
        }
        return nil
    }

    /// Converts a subtree, replacing placeholders and marking the table row or paragraph that
    /// repeats for each list item.
    private static func convert(_ node: TNode, _ schema: TemplateSchema, file: String, listsAllowed: Bool, part: String) throws(TemplateFailure) -> Node {
        var lists: [(String, Int)] = []
        return try convert(node, schema, file: file, listsAllowed: listsAllowed, part: part, inRow: false, lists: &lists)
    }

    private static func convert(
        _ node: TNode, _ schema: TemplateSchema, file: String, listsAllowed: Bool, part: String, inRow: Bool,
        lists: inout [(String, Int)]
    ) throws(TemplateFailure) -> Node {
        switch node {
        case .text(let t):
            return .text(t)
        case .element(let e):
            if let name = e.placeholder {
                // Checked before conversion: every name resolves.
                let resolved = resolve(name, schema) ?? .text("")
                if case .item(let list, _) = resolved {
                    guard listsAllowed else {
                        throw TemplateFailure(file: file, line: e.line,
                            message: "chỗ giữ chỗ <\(name)> của danh sách '\(list)' chỉ dùng được trong phần thân văn bản, không trong \(part)")
                    }
                    lists.append((list, e.line))
                }
                return resolved
            }
            var inner: [(String, Int)] = []
            var children: [Node] = []
            children.reserveCapacity(e.children.count)
            let isRow = e.name == "table:table-row"
            for child in e.children {
                children.append(try convert(child, schema, file: file, listsAllowed: listsAllowed, part: part,
                    inRow: isRow || inRow, lists: &inner))
            }
            // The unit that repeats: for a list of lines its paragraph; for a list of items with
            // fields the table row, or outside a table the paragraph.
            var repeats: String?
            let isParagraph = e.name == "text:p" || e.name == "text:h"
            if isParagraph && !inner.isEmpty && inRow {
                let lines = inner.filter { schema.lists[$0.0] == [""] }
                if lines.count < inner.count && !lines.isEmpty {
                    throw TemplateFailure(file: file, line: lines[0].1,
                        message: "đoạn này có cả dòng của danh sách '\(lines[0].0)' và trường của một danh sách khác; tách thành hai đoạn")
                }
            }
            let isUnit = isRow || (isParagraph && (!inRow || inner.contains { schema.lists[$0.0] == [""] }))
            if isUnit, let (first, _) = inner.first {
                if let other = inner.first(where: { $0.0 != first }) {
                    throw TemplateFailure(file: file, line: other.1,
                        message: "một dòng bảng hay một đoạn chỉ lặp theo một danh sách, ở đây có cả '\(first)' và '\(other.0)'")
                }
                repeats = first
                inner = []
            }
            lists.append(contentsOf: inner)
            return .element(Element(name: e.name, attributes: e.attributes, children: children, repeats: repeats))
        }
    }

    /// The style that makes the first block of a page start a new page: a copy of its
    /// automatic style with `fo:break-before="page"`, or a new one whose parent is its style.
    private static func breakStyle(base: String?, table: Bool, automatic: Element?, common: Element?) -> Element {
        let family = table ? "table" : "paragraph"
        let properties = table ? "style:table-properties" : "style:paragraph-properties"
        let name = "ThiDua_trang_moi"
        if let base, let automatic,
            case .element(var style)? = automatic.children.first(where: {
                if case .element(let s) = $0 { s.name == "style:style" && s.attributes.contains { $0 == ("style:name", base) } } else { false }
            })
        {
            style.attributes = style.attributes.map { $0.0 == "style:name" ? ($0.0, name) : $0 }
            if let i = style.children.firstIndex(where: { if case .element(let p) = $0 { p.name == properties } else { false } }),
                case .element(var p) = style.children[i]
            {
                p.attributes.removeAll { $0.0 == "fo:break-before" }
                p.attributes.append(("fo:break-before", "page"))
                style.children[i] = .element(p)
            } else {
                style.children.insert(.element(Element(name: properties, attributes: [("fo:break-before", "page")], children: [])), at: 0)
            }
            return style
        }
        var attributes = [("style:name", name), ("style:family", family)]
        if let base { attributes.append(("style:parent-style-name", base)) }
        return Element(name: "style:style", attributes: attributes,
            children: [.element(Element(name: properties, attributes: [("fo:break-before", "page")], children: []))])
    }
}

// MARK: Writing

extension CompiledTemplate {
    static let textMimetype = "application/vnd.oasis.opendocument.text"

    /// Writes an ODT package: the body once per page's data, each copy from a new page.
    public func write(pages: [TemplateData], to url: URL, title: String? = nil) throws(TemplateFailure) {
        do {
            try ODFPackage.write(.text, parts: [
                ODFPart(path: "content.xml", bytes: try content(pages)),
                ODFPart(path: "styles.xml", bytes: try stylesPart(pages.first ?? TemplateData())),
                ODFPart(path: "meta.xml", bytes: try meta(title)),
            ], to: url)
        } catch let failure as TemplateFailure {
            throw failure
        } catch {
            throw TemplateFailure(file: url.path, line: 0, message: "\(error)")
        }
    }

    /// Writes one flat ODF file (`.fodt`).
    public func writeFlat(pages: [TemplateData], to url: URL, title: String? = nil) throws(TemplateFailure) {
        let bytes = try flat(pages, title: title)
        do {
            try Data(bytes).write(to: url)
        } catch {
            throw TemplateFailure(file: url.path, line: 0, message: "không ghi được tệp: \(error.localizedDescription)")
        }
    }

    func writer() throws(TemplateFailure) -> XMLWriter {
        do { return try XMLWriter(indent: false) } catch { throw TemplateFailure(file: template.name, line: 0, message: error.description) }
    }

    func declare(_ w: XMLWriter) {
        for (prefix, uri) in ODFTemplate.namespaces { w.attribute("xmlns:\(prefix)", uri) }
        w.attribute("office:version", "1.3")
    }

    func content(_ pages: [TemplateData]) throws(TemplateFailure) -> [UInt8] {
        let w = try writer()
        w.start("office:document-content")
        declare(w)
        writeDocumentBody(w, pages)
        w.end()
        return w.finish()
    }

    func stylesPart(_ first: TemplateData) throws(TemplateFailure) -> [UInt8] {
        let w = try writer()
        w.start("office:document-styles")
        declare(w)
        let context = Context(data: first, page: 0)
        for part in [fontFaces, styles, automaticStyles, masterStyles] {
            if let part { write(w, .element(part), context) }
        }
        w.end()
        return w.finish()
    }

    func meta(_ title: String?) throws(TemplateFailure) -> [UInt8] {
        let w = try writer()
        w.start("office:document-meta")
        declare(w)
        writeMeta(w, title)
        w.end()
        return w.finish()
    }

    func flat(_ pages: [TemplateData], title: String?) throws(TemplateFailure) -> [UInt8] {
        let w = try writer()
        w.start("office:document")
        declare(w)
        w.attribute("office:mimetype", Self.textMimetype)
        writeMeta(w, title)
        let context = Context(data: pages.first ?? TemplateData(), page: 0)
        for part in [fontFaces, styles] { if let part { write(w, .element(part), context) } }
        writeAutomaticStyles(w, context)
        if let masterStyles { write(w, .element(masterStyles), context) }
        writeBody(w, pages)
        w.end()
        return w.finish()
    }

    private func writeMeta(_ w: XMLWriter, _ title: String?) {
        w.start("office:meta")
        w.element("meta:generator", "ThiĐua")
        if let title { w.element("dc:title", title) }
        w.end()
    }

    private func writeDocumentBody(_ w: XMLWriter, _ pages: [TemplateData]) {
        let context = Context(data: pages.first ?? TemplateData(), page: 0)
        if let fontFaces { write(w, .element(fontFaces), context) }
        writeAutomaticStyles(w, context)
        writeBody(w, pages)
    }

    private func writeAutomaticStyles(_ w: XMLWriter, _ context: Context) {
        w.start("office:automatic-styles")
        for child in automaticStyles?.children ?? [] { write(w, child, context) }
        if let breakStyle { write(w, .element(breakStyle), context) }
        w.end()
    }

    private func writeBody(_ w: XMLWriter, _ pages: [TemplateData]) {
        w.start("office:body")
        w.start("office:text")
        for (n, v) in textAttributes { w.attribute(n, v) }
        let first = Context(data: pages.first ?? TemplateData(), page: 0)
        for node in prelude { write(w, node, first) }
        for (index, data) in pages.enumerated() {
            let context = Context(data: data, page: index)
            for node in page { write(w, node, context) }
        }
        w.end()
        w.end()
    }

    struct Context {
        var data: TemplateData
        var page: Int
        var items: [String: [String: String]] = [:]
    }

    private func write(_ w: XMLWriter, _ node: Node, _ context: Context) {
        switch node {
        case .text(let t):
            w.text(t)
        case .field(let name):
            Self.writeText(w, context.data.fields[name] ?? "")
        case .item(let list, let field):
            Self.writeText(w, context.items[list]?[field] ?? "")
        case .element(let e):
            if let list = e.repeats, context.items[list] == nil {
                var inner = context
                for item in context.data.lists[list] ?? [] {
                    inner.items[list] = item
                    writeElement(w, e, inner)
                }
            } else {
                writeElement(w, e, context)
            }
        }
    }

    private func writeElement(_ w: XMLWriter, _ e: Element, _ context: Context) {
        w.start(e.name)
        for (name, value) in e.attributes {
            if context.page > 0 {
                if e.breaksPage && name == breakAttribute { continue }
                if name == "text:anchor-page-number", let n = Int(value) {
                    w.attribute(name, String(n + context.page))
                    continue
                }
                if name == "draw:name" {
                    w.attribute(name, "\(value)_\(context.page + 1)")
                    continue
                }
            }
            w.attribute(name, value)
        }
        if e.breaksPage && context.page > 0 { w.attribute(breakAttribute, "ThiDua_trang_moi") }
        for child in e.children { write(w, child, context) }
        w.end()
    }

    /// Text as ODF keeps it: a line break for `\n`, a tab for `\t`, `text:s` for runs of spaces.
    static func writeText(_ w: XMLWriter, _ value: String) {
        guard value.utf8.contains(where: { $0 == 0x0A || $0 == 0x09 || $0 == 0x20 }) else {
            w.text(value)
            return
        }
        var run = ""
        var spaces = 0
        func flushSpaces() {
            guard spaces > 0 else { return }
            run.append(" ")
            if spaces > 1 {
                w.text(run)
                run = ""
                w.start("text:s")
                w.attribute("text:c", String(spaces - 1))
                w.end()
            }
            spaces = 0
        }
        for ch in value {
            switch ch {
            case " ":
                spaces += 1
            case "\n", "\r\n", "\t":
                flushSpaces()
                if !run.isEmpty { w.text(run); run = "" }
                w.start(ch == "\t" ? "text:tab" : "text:line-break")
                w.end()
            default:
                flushSpaces()
                run.append(ch)
            }
        }
        flushSpaces()
        if !run.isEmpty { w.text(run) }
    }
}
