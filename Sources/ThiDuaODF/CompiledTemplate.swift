import Foundation

/// A template checked against a ``TemplateSchema``, ready to write documents: as an ODT
/// package (``write(pages:to:title:)``) or as one flat `.fodt` file (``writeFlat(pages:to:title:)``).
public struct CompiledTemplate: Sendable {
    indirect enum Node: Sendable {
        case element(Element)
        case text(String)
        case field(String)
        case item(list: String, field: String)
        /// Markup that holds no data, written once when the template is compiled.
        case raw([UInt8])
    }

    struct Element: Sendable {
        var name: String
        var attributes: [(String, String)]
        var children: [Node]
        /// Repeated once per item of this list.
        var repeats: String?
        /// Takes the page-break style on every page after the first.
        var breaksPage = false
        /// Written differently on pages after the first (page break, anchor page, frame name).
        var pageDependent = false
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
    /// The page-break style's name: one the template does not use.
    let breakStyleName: String
    /// Later pages open with an empty paragraph carrying the break (the first block repeats).
    let breakParagraph: Bool
    /// What the template holds that is probably a mistake but does not stop it: text typed like
    /// a placeholder that names no field. The command line prints them.
    public let warnings: [TemplateWarning]

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
        // Before the required ones: a required field typed as text is named as such.
        warnings = try Self.checkTypedPlaceholders(template, schema)
        let used = Set(template.placeholders.map(\.name))
        // A required name may offer alternatives, `dong_trich_yeu|trich_yeu`: one of them is enough.
        for (name, meaning) in schema.required {
            let alternatives = name.split(separator: "|").map(String.init)
            guard !alternatives.contains(where: used.contains) else { continue }
            throw TemplateFailure(file: file, line: 1, message: "mẫu thiếu chỗ giữ chỗ "
                + alternatives.map { "<\($0)>" }.joined(separator: " hoặc ") + " (\(meaning)), văn bản cần nó")
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
        // The first paragraph or table of the page that is written once starts each later page.
        var breakAttribute = "text:style-name"
        var breakStyle: Element?
        var styleNames: Set<String> = []
        for part in [template.styles, template.automaticStyles] {
            if let part { Self.styleNames(part, into: &styleNames) }
        }
        var breakStyleName = "ThiDua_trang_moi"
        var n = 2
        while styleNames.contains(breakStyleName) {
            breakStyleName = "ThiDua_trang_moi_\(n)"
            n += 1
        }
        self.breakStyleName = breakStyleName
        // The first paragraph or table of the page takes the break on later pages. When it is
        // repeated for a list (and might be written several times, or not at all), an empty
        // paragraph with the break opens each later page instead.
        var breakParagraph = false
        let firstBlock = page.firstIndex(where: {
            if case .element(let e) = $0 { ["text:p", "text:h", "table:table", "text:list", "text:section"].contains(e.name) } else { false }
        })
        if let index = firstBlock, case .element(let e) = page[index], e.repeats != nil || !["text:p", "text:h", "table:table"].contains(e.name) {
            breakParagraph = true
            breakStyle = Self.breakStyle(base: nil, table: false, name: breakStyleName, automatic: nil)
        } else if let index = firstBlock, case .element(var first) = page[index] {
            let isTable = first.name == "table:table"
            breakAttribute = isTable ? "table:style-name" : "text:style-name"
            let current = first.attributes.first { $0.0 == breakAttribute }?.1
            // A style with a master page starts a page by itself. A break-before on top of it
            // is a second break: LibreOffice's DOCX writes a page break and a section break, and
            // every page after the first follows a blank one (the overprint certificate, 6 → 11).
            let startsPage = Self.startsPage(current, automatic: template.automaticStyles, common: template.styles)
            breakStyle = Self.breakStyle(base: current, table: isTable, name: breakStyleName, automatic: automaticStyles,
                addBreak: !startsPage)
            first.breaksPage = true
            first.pageDependent = true
            page[index] = .element(first)
        }
        do {
            self.page = try page.map { (node) throws(ODFFailure) in try Self.freeze(node) }
        } catch {
            throw TemplateFailure(file: file, line: 1, message: "không chuẩn bị được phần cố định của mẫu: \(error)")
        }
        self.breakParagraph = breakParagraph
        self.breakStyle = breakStyle
        self.breakAttribute = breakAttribute
    }

    /// Every `style:name` under an element.
    static func styleNames(_ e: TElement, into names: inout Set<String>) {
        for (name, value) in e.attributes where name == "style:name" { names.insert(value) }
        for case .element(let child) in e.children { styleNames(child, into: &names) }
    }

    /// Attributes whose values must differ from page to page: anchors, names and ids.
    static let perPage: Set<String> = ["text:anchor-page-number", "draw:name", "xml:id", "text:continue-list"]

    /// Turns every part of a page that holds no data into bytes once, so that writing a page
    /// copies them rather than writing each element again.
    static func freeze(_ node: Node) throws(ODFFailure) -> Node {
        guard case .element(var e) = node else { return node }
        var children: [Node] = []
        for child in try e.children.map({ (c) throws(ODFFailure) in try freeze(c) }) {
            if case .raw(let more) = child, case .raw(let bytes)? = children.last {
                children[children.count - 1] = .raw(bytes + more)
            } else {
                children.append(child)
            }
        }
        e.children = children
        let constant = e.repeats == nil && !e.pageDependent && children.allSatisfy {
            switch $0 {
            case .raw, .text: true
            case .element, .field, .item: false
            }
        }
        guard constant else { return .element(e) }
        let bytes = try StreamingXMLWriter.document(declaration: false) { w in
            w.start(e.name)
            for (name, value) in e.attributes { w.attribute(name, value) }
            for child in children {
                switch child {
                case .raw(let b): w.raw(b)
                case .text(let t): w.text(t)
                case .element, .field, .item: break
                }
            }
            w.end()
        }
        return .raw(bytes)
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
            let pageDependent = e.attributes.contains { perPage.contains($0.0) }
            return .element(Element(name: e.name, attributes: e.attributes, children: children, repeats: repeats,
                pageDependent: pageDependent))
        }
    }

    /// Whether a paragraph or table style (automatic, or common, through its parents) has a
    /// master page: a block of that style begins a new page with it (ODF 1.3, 20.310).
    static func startsPage(_ name: String?, automatic: TElement?, common: TElement?) -> Bool {
        var next = name
        var seen: Set<String> = []
        while let current = next, seen.insert(current).inserted {
            let style = [automatic, common].lazy.compactMap { part in
                part?.children.lazy.compactMap { node -> TElement? in
                    guard case .element(let e) = node, e.name == "style:style",
                        e.attributes.contains(where: { $0 == ("style:name", current) }) else { return nil }
                    return e
                }.first
            }.first
            guard let style else { return false }
            if let master = style.attributes.first(where: { $0.0 == "style:master-page-name" })?.1, !master.isEmpty { return true }
            next = style.attributes.first { $0.0 == "style:parent-style-name" }?.1
        }
        return false
    }

    /// The style that makes the first block of a page start a new page: a copy of its
    /// automatic style with `fo:break-before="page"`, or a new one whose parent is its style.
    /// When the style has a master page (`addBreak` false) the copy adds nothing: the master
    /// page already starts the page.
    private static func breakStyle(base: String?, table: Bool, name: String, automatic: Element?, addBreak: Bool = true) -> Element {
        let family = table ? "table" : "paragraph"
        let properties = table ? "style:table-properties" : "style:paragraph-properties"
        if let base, let automatic,
            case .element(var style)? = automatic.children.first(where: {
                if case .element(let s) = $0 { s.name == "style:style" && s.attributes.contains { $0 == ("style:name", base) } } else { false }
            })
        {
            style.attributes = style.attributes.map { $0.0 == "style:name" ? ($0.0, name) : $0 }
            if !addBreak {
                return style
            } else if let i = style.children.firstIndex(where: { if case .element(let p) = $0 { p.name == properties } else { false } }),
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
            children: addBreak ? [.element(Element(name: properties, attributes: [("fo:break-before", "page")], children: []))] : [])
    }
}

// MARK: Writing

extension CompiledTemplate {
    static let textMimetype = "application/vnd.oasis.opendocument.text"

    /// Writes an ODT package: the body once per page's data, each copy from a new page.
    /// `content.xml` streams into its compressed entry as it is written.
    public func write(pages: [TemplateData], to url: URL, title: String? = nil) throws(TemplateFailure) {
        let first = Context(data: pages.first ?? TemplateData(), page: 0)
        do {
            try ODFPackage.write(.text, streaming: [
                ODFStreamedPart(path: "content.xml") { w in
                    root(w, "office:document-content")
                    writeDocumentBody(w, pages)
                    w.end()
                },
                ODFStreamedPart(path: "styles.xml") { w in
                    root(w, "office:document-styles")
                    for part in [fontFaces, styles, automaticStyles, masterStyles] {
                        if let part { write(w, .element(part), first) }
                    }
                    w.end()
                },
                ODFStreamedPart(path: "meta.xml") { w in
                    root(w, "office:document-meta")
                    writeMeta(w, title)
                    w.end()
                },
            ], to: url)
        } catch {
            throw TemplateFailure(file: url.path, line: 0, message: error.description)
        }
    }

    /// Writes one flat ODF file (`.fodt`).
    public func writeFlat(pages: [TemplateData], to url: URL, title: String? = nil) throws(TemplateFailure) {
        let first = Context(data: pages.first ?? TemplateData(), page: 0)
        do {
            try ODFFlatFile.write(to: url) { w in
                root(w, "office:document")
                w.attribute("office:mimetype", Self.textMimetype)
                writeMeta(w, title)
                for part in [fontFaces, styles] { if let part { write(w, .element(part), first) } }
                writeAutomaticStyles(w, first)
                if let masterStyles { write(w, .element(masterStyles), first) }
                writeBody(w, pages)
                w.end()
            }
        } catch {
            throw TemplateFailure(file: url.path, line: 0, message: error.description)
        }
    }

    private func root(_ w: StreamingXMLWriter, _ name: String) {
        w.start(name)
        ODFNamespace.declare(w)
        w.attribute("office:version", "1.3")
    }

    private func writeMeta(_ w: StreamingXMLWriter, _ title: String?) {
        w.start("office:meta")
        w.element("meta:generator", "ThiĐua")
        if let title { w.element("dc:title", title) }
        w.end()
    }

    private func writeDocumentBody(_ w: StreamingXMLWriter, _ pages: [TemplateData]) {
        let context = Context(data: pages.first ?? TemplateData(), page: 0)
        if let fontFaces { write(w, .element(fontFaces), context) }
        writeAutomaticStyles(w, context)
        writeBody(w, pages)
    }

    private func writeAutomaticStyles(_ w: StreamingXMLWriter, _ context: Context) {
        w.start("office:automatic-styles")
        for child in automaticStyles?.children ?? [] { write(w, child, context) }
        if let breakStyle { write(w, .element(breakStyle), context) }
        w.end()
    }

    private func writeBody(_ w: StreamingXMLWriter, _ pages: [TemplateData]) {
        w.start("office:body")
        w.start("office:text")
        for (n, v) in textAttributes { w.attribute(n, v) }
        let first = Context(data: pages.first ?? TemplateData(), page: 0)
        for node in prelude { write(w, node, first) }
        for (index, data) in pages.enumerated() {
            let context = Context(data: data, page: index)
            if breakParagraph && index > 0 {
                w.start("text:p")
                w.attribute("text:style-name", breakStyleName)
                w.end()
            }
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

    private func write(_ w: StreamingXMLWriter, _ node: Node, _ context: Context) {
        switch node {
        case .text(let t):
            w.text(t)
        case .field(let name):
            Self.writeText(w, context.data.fields[name] ?? "")
        case .item(let list, let field):
            Self.writeText(w, context.items[list]?[field] ?? "")
        case .raw(let bytes):
            w.raw(bytes)
        case .element(let e):
            if let list = e.repeats, context.items[list] == nil {
                var inner = context
                let items = context.data.lists[list] ?? []
                // A table needs a row: an empty list leaves one empty row, a paragraph none.
                for item in items.isEmpty && e.name == "table:table-row" ? [[:]] : items {
                    inner.items[list] = item
                    writeElement(w, e, inner)
                }
            } else {
                writeElement(w, e, context)
            }
        }
    }

    private func writeElement(_ w: StreamingXMLWriter, _ e: Element, _ context: Context) {
        w.start(e.name)
        if context.page == 0 || !e.pageDependent {
            for (name, value) in e.attributes { w.attribute(name, value) }
            for child in e.children { write(w, child, context) }
            w.end()
            return
        }
        // A later page: its own page-break style, anchor page and frame names.
        for (name, value) in e.attributes {
            if e.breaksPage && name == breakAttribute { continue }
            if name == "text:anchor-page-number", let n = Int(value) {
                w.attribute(name, String(n + context.page))
            } else if name == "draw:name" || name == "xml:id" || name == "text:continue-list" {
                w.attribute(name, "\(value)_\(context.page + 1)")
            } else {
                w.attribute(name, value)
            }
        }
        if e.breaksPage && context.page > 0 { w.attribute(breakAttribute, breakStyleName) }
        for child in e.children { write(w, child, context) }
        w.end()
    }

    /// Text as ODF keeps it: a line break for `\n`, a tab for `\t`, `text:s` for the spaces of a
    /// run after the first.
    static func writeText(_ w: StreamingXMLWriter, _ value: String) {
        var plain = true
        var previous: UInt8 = 0
        for b in value.utf8 {
            if b == 0x0A || b == 0x09 || b == 0x0D || (b == 0x20 && previous == 0x20) {
                plain = false
                break
            }
            previous = b
        }
        if plain {
            w.text(value)
            return
        }
        let bytes = Array(value.utf8)
        var start = 0  // bytes[start..<i] are plain text not yet written
        var i = 0
        func flush(_ end: Int) {
            if end > start { w.text(String(decoding: bytes[start..<end], as: UTF8.self)) }
        }
        while i < bytes.count {
            switch bytes[i] {
            case 0x0A, 0x09:
                flush(i)
                w.start(bytes[i] == 0x09 ? "text:tab" : "text:line-break")
                w.end()
                i += 1
                start = i
            case 0x0D:
                flush(i)
                i += 1
                start = i
            case 0x20 where i + 1 < bytes.count && bytes[i + 1] == 0x20:
                // One plain space, the rest of the run as text:s.
                var end = i
                while end < bytes.count && bytes[end] == 0x20 { end += 1 }
                flush(i + 1)
                w.start("text:s")
                w.attribute("text:c", String(end - i - 1))
                w.end()
                i = end
                start = i
            default:
                i += 1
            }
        }
        flush(bytes.count)
    }
}
