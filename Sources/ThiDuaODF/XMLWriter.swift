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
public final class XMLWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr

    public init(indent: Bool = true) throws(ODFFailure) {
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

    public func start(_ name: String, namespace: String? = nil) {
        xmlTextWriterStartElement(writer, name)
        if let namespace { attribute("xmlns", namespace) }
    }

    public func attribute(_ name: String, _ value: String) {
        xmlTextWriterWriteAttribute(writer, name, value)
    }

    public func attribute(_ name: String, _ value: String?) {
        if let value { attribute(name, value) }
    }

    public func text(_ value: String) {
        xmlTextWriterWriteString(writer, value)
    }

    public func end() {
        xmlTextWriterEndElement(writer)
    }

    /// An element holding only text.
    public func element(_ name: String, _ value: String, attributes: [(String, String)] = []) {
        start(name)
        for (n, v) in attributes { attribute(n, v) }
        text(value)
        end()
    }

    /// Closes every open element and returns the document's bytes.
    public func finish() -> [UInt8] {
        xmlTextWriterEndDocument(writer)
        xmlTextWriterFlush(writer)
        let length = Int(xmlBufferLength(buffer))
        guard let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: length))
    }
}

/// Why an ODF or XML part could not be made or read.
public enum ODFFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case xml(String)
    case package(String)

    public var description: String {
        switch self {
        case .xml(let message): "XML: \(message)"
        case .package(let message): "gói ODF: \(message)"
        }
    }
}
