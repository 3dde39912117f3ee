import CLibXML2

/// A streaming XML writer on libxml2's xmlTextWriter: elements are written as they come, in
/// UTF-8, with escaping done by libxml2.
///
/// ```swift
/// let writer = try XMLWriter()
/// writer.start("results", namespace: "urn:thidua:results:1")
/// writer.attribute("campaign", "DVK-2024")
/// writer.end()
/// let bytes = writer.finish()
/// ```
final class XMLWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr

    init(indent: Bool = true) throws(ExportFailure) {
        guard let buffer = xmlBufferCreate() else { throw .xml("không tạo được bộ đệm XML") }
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            throw .xml("không tạo được bộ ghi XML")
        }
        self.buffer = buffer
        self.writer = writer
        if indent {
            xmlTextWriterSetIndent(writer, 1)
            xmlTextWriterSetIndentString(writer, "  ")
        }
        xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil)
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    func start(_ name: String, namespace: String? = nil) {
        xmlTextWriterStartElement(writer, name)
        if let namespace { attribute("xmlns", namespace) }
    }

    func attribute(_ name: String, _ value: String) {
        xmlTextWriterWriteAttribute(writer, name, value)
    }

    func attribute(_ name: String, _ value: String?) {
        if let value { attribute(name, value) }
    }

    func text(_ value: String) {
        xmlTextWriterWriteString(writer, value)
    }

    func end() {
        xmlTextWriterEndElement(writer)
    }

    /// An element holding only text.
    func element(_ name: String, _ value: String, attributes: [(String, String)] = []) {
        start(name)
        for (n, v) in attributes { attribute(n, v) }
        text(value)
        end()
    }

    /// Closes every open element and returns the document's bytes.
    func finish() -> [UInt8] {
        xmlTextWriterEndDocument(writer)
        xmlTextWriterFlush(writer)
        let length = Int(xmlBufferLength(buffer))
        guard let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: length))
    }
}

/// Why an export could not be made.
public enum ExportFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case xml(String)
    case schema(String)

    public var description: String {
        switch self {
        case .xml(let message): "XML: \(message)"
        case .schema(let message): "lược đồ XML: \(message)"
        }
    }
}
