import Foundation

// Writing a compiled template: an ODT package or a flat file, the body once per page.
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
        if let style = pageBreaks.style { write(w, .element(style), context) }
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
            if pageBreaks.paragraph && index > 0 {
                w.start("text:p")
                w.attribute("text:style-name", pageBreaks.styleName)
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
            if e.breaksPage && name == pageBreaks.attribute { continue }
            if name == "text:anchor-page-number", let n = Int(value) {
                w.attribute(name, String(n + context.page))
            } else if name == "draw:name" || name == "xml:id" || name == "text:continue-list" {
                w.attribute(name, "\(value)_\(context.page + 1)")
            } else {
                w.attribute(name, value)
            }
        }
        if e.breaksPage && context.page > 0 { w.attribute(pageBreaks.attribute, pageBreaks.styleName) }
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
