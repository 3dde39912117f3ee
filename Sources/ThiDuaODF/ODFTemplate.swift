import CLibXML2
import Foundation

/// A text document template: a flat ODF file (`.fodt`) that a user opens in LibreOffice, edits
/// and saves, with placeholders where ThiĐua writes its data.
///
/// A placeholder is LibreOffice's own placeholder field (Chèn › Trường › Trường khác › Hàm ›
/// Chỗ giữ chỗ), whose text is the name in angle brackets: `<nguoi_nhan>`. It survives
/// LibreOffice saving the file again, whatever fonts or positions are changed around it.
///
/// - `<name>` is a field: it is replaced by its text.
/// - `<list>` is one line of a list of lines: its paragraph is repeated once per line.
/// - `<list.field>` is a field of one item of a list: the table row that holds it — or, outside
///   a table, its paragraph — is repeated once per item.
/// An empty list leaves its paragraph or row out.
/// - ``render(pages:)`` repeats the whole body once per page's data, each copy from a new
///   page: one certificate per awardee in one file.
///
/// What a document may use is given by a ``TemplateSchema``; ``compile(_:)`` refuses a template
/// with an unknown placeholder or without one the document needs, naming the line, and one where
/// a field's name is typed as plain text (`<nguoi_nhan>` in a paragraph, printed as it is); any
/// other `<…>` typed as text comes back in ``CompiledTemplate/warnings``. The output
/// is strict ODF 1.3: elements and attributes of LibreOffice's extension namespaces are left out.
public struct ODFTemplate: Sendable {
    public let name: String
    let fontFaces: TElement?
    let styles: TElement?
    let automaticStyles: TElement?
    let masterStyles: TElement?
    let text: TElement

    /// Every placeholder in the template, in document order, with its line.
    public let placeholders: [(name: String, line: Int)]

    /// Parses a flat ODF text document; `name` is the file named in messages.
    public init(flat bytes: [UInt8], name: String) throws(TemplateFailure) {
        self.name = name
        // No network, no entity substitution, no messages on stderr: a mistake comes back as the error.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue
            | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let parsed: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), name, "UTF-8", options)
            }
        }
        guard let doc = parsed else {
            let line = xmlGetLastError()?.pointee.line ?? 0
            throw TemplateFailure(file: name, line: Int(line), message: "không phải XML đúng cú pháp"
                + (xmlGetLastError()?.pointee.message.map { ": " + String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""))
        }
        defer { xmlFreeDoc(doc) }
        if doc.pointee.intSubset != nil {
            throw TemplateFailure(file: name, line: 1, message: "mẫu không được có khai báo DOCTYPE hay thực thể (entity)")
        }
        guard let root = xmlDocGetRootElement(doc), Self.namespace(root) == ODFTemplate.office, Self.local(root) == "document" else {
            throw TemplateFailure(file: name, line: 1, message: "cần một tệp ODF phẳng (.fodt, phần tử gốc office:document), gặp tệp khác")
        }
        let mimetype = Self.attribute(root, "mimetype", ODFTemplate.office)
        guard mimetype == "application/vnd.oasis.opendocument.text" else {
            throw TemplateFailure(file: name, line: 1,
                message: "cần một văn bản (application/vnd.oasis.opendocument.text), gặp \(mimetype.map { "'\($0)'" } ?? "tệp không ghi loại")")
        }
        var found: [String: TElement] = [:]
        var textElement: TElement?
        var names: [(String, Int)] = []
        var child = root.pointee.children
        while let node = child {
            defer { child = node.pointee.next }
            guard node.pointee.type == XML_ELEMENT_NODE, Self.namespace(node) == ODFTemplate.office else { continue }
            let local = Self.local(node)
            switch local {
            case "font-face-decls", "styles", "automatic-styles", "master-styles":
                found[local] = try Self.convert(node, file: name, placeholders: &names)
            case "body":
                var b = node.pointee.children
                while let body = b {
                    defer { b = body.pointee.next }
                    if body.pointee.type == XML_ELEMENT_NODE, Self.local(body) == "text", Self.namespace(body) == ODFTemplate.office {
                        textElement = try Self.convert(body, file: name, placeholders: &names)
                    }
                }
            default:
                break  // office:meta, office:settings, office:scripts: ThiĐua writes its own or none
            }
        }
        guard let textElement else {
            throw TemplateFailure(file: name, line: 1, message: "mẫu không có phần thân văn bản (office:body/office:text)")
        }
        fontFaces = found["font-face-decls"]
        styles = found["styles"]
        automaticStyles = found["automatic-styles"]
        masterStyles = found["master-styles"]
        text = textElement
        placeholders = names
    }

    /// Checks the template against what a document offers and prepares it for rendering.
    public func compile(_ schema: TemplateSchema) throws(TemplateFailure) -> CompiledTemplate {
        try CompiledTemplate(self, schema)
    }

    // MARK: Reading the tree

    static let office = ODFNamespace.all[0].uri
    static let xmlNS = "http://www.w3.org/XML/1998/namespace"

    /// The parts of `office:text` written once, before the pages.
    static let prelude: Set<String> = ["text:variable-decls", "text:sequence-decls", "text:user-field-decls",
        "text:dde-connection-decls", "office:forms", "text:tracked-changes", "table:calculation-settings",
        "table:content-validations", "table:label-ranges", "text:alphabetical-index-auto-mark-file"]

    static func namespace(_ node: xmlNodePtr) -> String? {
        node.pointee.ns?.pointee.href.map { String(cString: $0) }
    }

    static func local(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    static func attribute(_ node: xmlNodePtr, _ local: String, _ ns: String) -> String? {
        guard let attr = xmlHasNsProp(node, local, ns) else { return nil }
        return attributeValue(attr)
    }

    /// An attribute's value from its text children, entities already substituted by the parser.
    static func attributeValue(_ attr: xmlAttrPtr) -> String {
        var value = ""
        var c = attr.pointee.children
        while let child = c {
            if let content = child.pointee.content { value += String(cString: content) }
            c = child.pointee.next
        }
        return value
    }

    /// The text inside an element, descendants included.
    static func textContent(_ node: xmlNodePtr) -> String {
        var value = ""
        var c = node.pointee.children
        while let child = c {
            if child.pointee.type == XML_TEXT_NODE || child.pointee.type == XML_CDATA_SECTION_NODE, let content = child.pointee.content {
                value += String(cString: content)
            } else if child.pointee.type == XML_ELEMENT_NODE {
                value += textContent(child)
            }
            c = child.pointee.next
        }
        return value
    }

    private static func convert(_ node: xmlNodePtr, file: String, placeholders: inout [(String, Int)]) throws(TemplateFailure) -> TElement? {
        guard let ns = namespace(node), let prefix = ODFNamespace.prefixes[ns] else { return nil }
        let local = local(node)
        let line = Int(xmlGetLineNo(node))
        if prefix == "text" && local == "placeholder" {
            let content = textContent(node)
            let trimmed = content.trimmingCharacters(in: .whitespaces)
            let name = trimmed.hasPrefix("<") && trimmed.hasSuffix(">") ? String(trimmed.dropFirst().dropLast()) : trimmed
            guard !name.isEmpty, name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2E }) else {
                throw TemplateFailure(file: file, line: line,
                    message: "chỗ giữ chỗ '\(content)' không đúng dạng <ten_o> (chữ thường không dấu, chữ số, '_' và '.')")
            }
            placeholders.append((name, line))
            return TElement(name: "text:placeholder", attributes: [], children: [], line: line, placeholder: name)
        }
        if prefix == "text" && local == "soft-page-break" { return nil }  // a layout hint of the old pagination
        var attributes: [(String, String)] = []
        var a = node.pointee.properties
        while let attr = a {
            defer { a = attr.pointee.next }
            let attrName = attr.pointee.name.map { String(cString: $0) } ?? ""
            let attrPrefix: String
            if let href = attr.pointee.ns?.pointee.href.map({ String(cString: $0) }) {
                if href == xmlNS { attrPrefix = "xml" } else if let p = ODFNamespace.prefixes[href] { attrPrefix = p } else { continue }
            } else {
                continue
            }
            let value = attributeValue(attr)
            attributes.append(("\(attrPrefix):\(attrName)", value))
        }
        var children: [TNode] = []
        var c = node.pointee.children
        while let child = c {
            defer { c = child.pointee.next }
            switch child.pointee.type {
            case XML_ELEMENT_NODE:
                if let element = try convert(child, file: file, placeholders: &placeholders) { children.append(.element(element)) }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = child.pointee.content { children.append(.text(String(cString: content))) }
            default:
                break
            }
        }
        return TElement(name: "\(prefix):\(local)", attributes: attributes, children: children, line: line, placeholder: nil)
    }
}

/// What a document offers a template: its fields, its lists with their fields, and the
/// placeholders the template must hold (with what each means, for the message).
public struct TemplateSchema: Sendable {
    public var fields: Set<String>
    /// A list's fields; a list of plain lines has the one field `""`.
    public var lists: [String: Set<String>]
    public var required: [(name: String, meaning: String)]

    public init(fields: Set<String>, lists: [String: Set<String>] = [:], required: [(name: String, meaning: String)] = []) {
        self.fields = fields
        self.lists = lists
        self.required = required
    }

    /// Every placeholder name the schema offers, sorted.
    public var names: [String] {
        (fields + lists.flatMap { list, fields in fields.map { $0.isEmpty ? list : "\(list).\($0)" } }).sorted()
    }
}

/// The data of one page (or of the whole document): fields and lists of items.
public struct TemplateData: Sendable {
    public var fields: [String: String]
    public var lists: [String: [[String: String]]]

    public init(fields: [String: String] = [:], lists: [String: [[String: String]]] = [:]) {
        self.fields = fields
        self.lists = lists
    }

    /// A list of plain lines, for a placeholder `<name>`.
    public mutating func setLines(_ name: String, _ lines: [String]) {
        lists[name] = lines.map { ["": $0] }
    }
}

/// Why a template could not be used.
public struct TemplateFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// An element of a template, with the extension namespaces already left out.
struct TElement: Sendable {
    var name: String
    var attributes: [(String, String)]
    var children: [TNode]
    var line: Int
    /// For a `text:placeholder`, the name inside its angle brackets.
    var placeholder: String?
}

enum TNode: Sendable {
    case element(TElement)
    case text(String)
}
