/// How each page of a ``CompiledTemplate`` after the first starts a new page: the first
/// paragraph or table of the page takes a page-break style, or, when that block repeats for a
/// list (and might be written several times, or not at all), an empty paragraph carrying the
/// break opens each later page.
struct PageBreaks: Sendable {
    typealias Node = CompiledTemplate.Node
    typealias Element = CompiledTemplate.Element

    /// The automatic style that starts each page after the first.
    var style: Element?
    /// The attribute the style goes in: `text:style-name`, or `table:style-name` for a table.
    var attribute = "text:style-name"
    /// The page-break style's name: one the template does not use.
    var styleName: String
    /// Later pages open with an empty paragraph carrying the break.
    var paragraph = false

    /// Plans the breaks of `page`, marking the block that takes the break.
    init(_ page: inout [Node], template: ODFTemplate, automaticStyles: Element?) {
        styleName = Self.unusedStyleName(template)
        let blocks = ["text:p", "text:h", "table:table", "text:list", "text:section"]
        let firstBlock = page.firstIndex(where: { if case .element(let e) = $0 { blocks.contains(e.name) } else { false } })
        guard let index = firstBlock, case .element(var first) = page[index] else { return }
        if first.repeats != nil || !["text:p", "text:h", "table:table"].contains(first.name) {
            paragraph = true
            style = Self.breakStyle(base: nil, table: false, name: styleName, automatic: nil)
            return
        }
        let isTable = first.name == "table:table"
        attribute = isTable ? "table:style-name" : "text:style-name"
        let current = first.attributes.first { $0.0 == attribute }?.1
        // A style with a master page starts a page by itself. A break-before on top of it
        // is a second break: LibreOffice's DOCX writes a page break and a section break, and
        // every page after the first follows a blank one (the overprint certificate, 6 → 11).
        let startsPage = Self.startsPage(current, automatic: template.automaticStyles, common: template.styles)
        style = Self.breakStyle(base: current, table: isTable, name: styleName, automatic: automaticStyles, addBreak: !startsPage)
        first.breaksPage = true
        first.pageDependent = true
        page[index] = .element(first)
    }

    /// `ThiDua_trang_moi`, or with a number after it when the template has a style of that name.
    static func unusedStyleName(_ template: ODFTemplate) -> String {
        var names: Set<String> = []
        for part in [template.styles, template.automaticStyles] {
            if let part { styleNames(part, into: &names) }
        }
        var name = "ThiDua_trang_moi"
        var n = 2
        while names.contains(name) {
            name = "ThiDua_trang_moi_\(n)"
            n += 1
        }
        return name
    }

    /// Every `style:name` under an element.
    static func styleNames(_ e: TElement, into names: inout Set<String>) {
        for (name, value) in e.attributes where name == "style:name" { names.insert(value) }
        for case .element(let child) in e.children { styleNames(child, into: &names) }
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
    static func breakStyle(base: String?, table: Bool, name: String, automatic: Element?, addBreak: Bool = true) -> Element {
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
