import Foundation

/// A template checked against a ``TemplateSchema``, ready to write documents: as an ODT
/// package (``write(pages:to:title:)``) or as one flat `.fodt` file (``writeFlat(pages:to:title:)``).
///
/// Compiling is four steps, each in its own file: the placeholders are checked against the
/// schema (here), the template's tree is converted to nodes (``TemplateConverter``), the page
/// break of every page after the first is planned (``PageBreaks``), and what holds no data is
/// frozen into bytes (``freeze(_:)``). Writing is in `CompiledTemplate+Writing.swift`.
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
    /// How each page after the first starts a new page.
    let pageBreaks: PageBreaks
    /// What the template holds that is probably a mistake but does not stop it: text typed like
    /// a placeholder that names no field. The command line prints them.
    public let warnings: [TemplateWarning]

    init(_ template: ODFTemplate, _ schema: TemplateSchema) throws(TemplateFailure) {
        self.template = template
        warnings = try Self.check(template, against: schema)
        let file = template.name
        func part(_ e: TElement?, _ name: String) throws(TemplateFailure) -> Element? {
            guard let e else { return nil }
            return try TemplateConverter(schema: schema, file: file, part: name).element(e)
        }
        fontFaces = try part(template.fontFaces, "khai báo phông chữ")
        styles = try part(template.styles, "các kiểu")
        automaticStyles = try part(template.automaticStyles, "các kiểu tự động")
        masterStyles = try part(template.masterStyles, "trang mẫu (đầu trang, chân trang)")
        textAttributes = template.text.attributes
        // The declarations before the body are written once; the rest is the page.
        let declarations = TemplateConverter(schema: schema, file: file, part: "phần khai báo")
        let body = TemplateConverter(schema: schema, file: file, part: nil)
        var prelude: [Node] = []
        var page: [Node] = []
        for child in template.text.children {
            if case .element(let e) = child, ODFTemplate.prelude.contains(e.name) {
                prelude.append(try declarations.convert(child))
            } else {
                page.append(try body.convert(child))
            }
        }
        self.prelude = prelude
        pageBreaks = PageBreaks(&page, template: template, automaticStyles: automaticStyles)
        do {
            self.page = try page.map { (node) throws(ODFFailure) in try Self.freeze(node) }
        } catch {
            throw TemplateFailure(file: file, line: 1, message: "không chuẩn bị được phần cố định của mẫu: \(error)")
        }
    }

    /// Checks the template's placeholders against what the document offers: every one must be
    /// known, a required field must not be typed as text, and every required field must be
    /// there. Returns what is probably a mistake but does not stop the template.
    static func check(_ template: ODFTemplate, against schema: TemplateSchema) throws(TemplateFailure) -> [TemplateWarning] {
        let file = template.name
        for (name, line) in template.placeholders where resolve(name, schema) == nil {
            let near = schema.names.filter { $0.hasPrefix(String(name.prefix(3))) }
            throw TemplateFailure(file: file, line: line, message: "chỗ giữ chỗ <\(name)> không có trong văn bản này"
                + (near.isEmpty ? "" : " (gần giống: \(near.map { "<\($0)>" }.joined(separator: ", ")))")
                + "; các chỗ giữ chỗ dùng được: \(schema.names.map { "<\($0)>" }.joined(separator: ", "))")
        }
        // Before the required ones: a required field typed as text is named as such.
        let warnings = try checkTypedPlaceholders(template, schema)
        let used = Set(template.placeholders.map(\.name))
        // A required name may offer alternatives, `dong_trich_yeu|trich_yeu`: one of them is enough.
        for (name, meaning) in schema.required {
            let alternatives = name.split(separator: "|").map(String.init)
            guard !alternatives.contains(where: used.contains) else { continue }
            throw TemplateFailure(file: file, line: 1, message: "mẫu thiếu chỗ giữ chỗ "
                + alternatives.map { "<\($0)>" }.joined(separator: " hoặc ") + " (\(meaning)), văn bản cần nó")
        }
        return warnings
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
}
