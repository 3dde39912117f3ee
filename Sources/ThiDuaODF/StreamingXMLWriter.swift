/// An XML writer that streams: elements go into a small buffer that is handed to a sink every
/// 64 KiB, so a 100,000-row table never exists in memory as one document. UTF-8, no indentation;
/// text and attribute values are escaped here, in one pass over their bytes.
///
/// ```swift
/// let bytes = try StreamingXMLWriter.document { w in
///     w.start("office:meta")
///     w.element("meta:generator", "ThiĐua")
///     w.end()
/// }
/// ```
///
/// Characters XML 1.0 cannot hold at all (C0 controls other than tab, line feed and carriage
/// return; U+FFFE, U+FFFF) are dropped. A sink's error stops the writing and is thrown by
/// ``finish()``, so element-writing code needs no `try` on every line.
public final class StreamingXMLWriter {
    /// Receives the document's bytes, in order; the buffer is only valid during the call.
    public typealias Sink = (UnsafeRawBufferPointer) throws -> Void

    private var buffer: [UInt8] = []
    private let sink: Sink
    private let flushSize: Int
    private var open: [String] = []
    private var startTagOpen = false
    private var failure: (any Error)?

    /// A writer handing its bytes to `sink`; the XML declaration is written first unless
    /// `declaration` is false (a fragment, to be put inside another document with ``raw(_:)``).
    public init(flushSize: Int = 1 << 16, declaration: Bool = true, sink: @escaping Sink) {
        self.sink = sink
        self.flushSize = flushSize
        buffer.reserveCapacity(flushSize + 4096)
        if declaration { raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") }
    }

    /// Markup written before, by a writer of this kind, put in as it is.
    public func raw(_ bytes: [UInt8]) {
        closeStartTag()
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushSize { flush() }
    }

    /// Writes a whole document in memory (for the small parts: manifest, meta, styles).
    /// Without `declaration`, a fragment for ``raw(_:)``.
    public static func document(declaration: Bool = true, _ body: (StreamingXMLWriter) -> Void) throws(ODFFailure) -> [UInt8] {
        var bytes: [UInt8] = []
        let w = StreamingXMLWriter(declaration: declaration) { bytes.append(contentsOf: $0) }
        body(w)
        try w.finish()
        return bytes
    }

    public func start(_ name: String) {
        closeStartTag()
        buffer.append(UInt8(ascii: "<"))
        buffer.append(contentsOf: name.utf8)
        open.append(name)
        startTagOpen = true
    }

    /// An attribute of the element just started.
    public func attribute(_ name: String, _ value: String) {
        precondition(startTagOpen, "attribute \(name) outside a start tag")
        buffer.append(UInt8(ascii: " "))
        buffer.append(contentsOf: name.utf8)
        buffer.append(UInt8(ascii: "="))
        buffer.append(UInt8(ascii: "\""))
        escape(value, inAttribute: true)
        buffer.append(UInt8(ascii: "\""))
    }

    public func attribute(_ name: String, _ value: String?) {
        if let value { attribute(name, value) }
    }

    public func text(_ value: String) {
        closeStartTag()
        escape(value, inAttribute: false)
    }

    /// Closes the innermost open element (`<a/>` when it holds nothing).
    public func end() {
        guard let name = open.popLast() else { preconditionFailure("end() with no open element") }
        if startTagOpen {
            buffer.append(UInt8(ascii: "/"))
            buffer.append(UInt8(ascii: ">"))
            startTagOpen = false
        } else {
            buffer.append(UInt8(ascii: "<"))
            buffer.append(UInt8(ascii: "/"))
            buffer.append(contentsOf: name.utf8)
            buffer.append(UInt8(ascii: ">"))
        }
        if buffer.count >= flushSize { flush() }
    }

    /// An element holding only text.
    public func element(_ name: String, _ value: String) {
        start(name)
        text(value)
        end()
    }

    /// Closes every open element and hands the rest to the sink; throws the sink's first error.
    public func finish() throws(ODFFailure) {
        while !open.isEmpty { end() }
        flush()
        if let failure {
            if let failure = failure as? ODFFailure { throw failure }
            throw .xml("\(failure)")
        }
    }

    private func closeStartTag() {
        if startTagOpen {
            buffer.append(UInt8(ascii: ">"))
            startTagOpen = false
        }
    }

    private func raw(_ s: String) { buffer.append(contentsOf: s.utf8) }

    private func flush() {
        guard !buffer.isEmpty else { return }
        if failure == nil {
            do { try buffer.withUnsafeBytes { try sink($0) } } catch { failure = error }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func escape(_ value: String, inAttribute: Bool) {
        var value = value
        value.withUTF8 { bytes in
            var clean = 0  // bytes[clean..<i] need no escaping
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                let replacement: StaticString?
                switch b {
                case 0x3C: replacement = "&lt;"  // <
                case 0x3E: replacement = "&gt;"  // >
                case 0x26: replacement = "&amp;"  // &
                case 0x22: replacement = "&quot;"  // "
                case 0x0D: replacement = "&#13;"
                case 0x09: replacement = inAttribute ? "&#9;" : nil
                case 0x0A: replacement = inAttribute ? "&#10;" : nil
                case 0x00..<0x20: replacement = ""
                case 0xEF where i + 2 < bytes.count && bytes[i + 1] == 0xBF && bytes[i + 2] >= 0xBE:
                    // U+FFFE or U+FFFF: not characters XML can hold.
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<i]))
                    i += 3
                    clean = i
                    continue
                default: replacement = nil
                }
                if let replacement {
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<i]))
                    replacement.withUTF8Buffer { buffer.append(contentsOf: $0) }
                    clean = i + 1
                }
                i += 1
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<bytes.count]))
        }
    }
}
