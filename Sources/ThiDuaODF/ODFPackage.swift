import Foundation

/// Writes an ODF package: `mimetype` first and stored (uncompressed, no extra field), then
/// `META-INF/manifest.xml` listing exactly the parts, then the parts, deflated. Every entry
/// carries the same fixed date, so the same parts give the same bytes. Parts can be streamed:
/// a ``ODFStreamedPart`` writes its XML straight into its deflated ZIP entry, so a big table
/// is never held whole in memory.
///
/// ```swift
/// try ODFPackage.write(.spreadsheet, streaming: [ODFStreamedPart(path: "content.xml") { w in … }], to: url)
/// ```
public enum ODFPackage {
    public enum Kind: String, Sendable {
        case text = "application/vnd.oasis.opendocument.text"
        case spreadsheet = "application/vnd.oasis.opendocument.spreadsheet"
    }

    public static func write(_ kind: Kind, streaming parts: [ODFStreamedPart], to url: URL) throws(ODFFailure) {
        try write(kind, entries: parts.map { ($0.path, $0.mediaType) }, to: url) { (index, entry) throws(ODFFailure) in
            let writer = StreamingXMLWriter { bytes in try entry.write(bytes) }
            parts[index].write(writer)
            try writer.finish()
        }
    }

    private static func write(
        _ kind: Kind, entries: [(path: String, mediaType: String)], to url: URL,
        _ part: (Int, ZIPWriter.Entry) throws(ODFFailure) -> Void
    ) throws(ODFFailure) {
        let zip = try ZIPWriter(url)
        try zip.entry("mimetype", deflated: false) { (entry) throws(ODFFailure) in try entry.write(Array(kind.rawValue.utf8)) }
        let manifest = try manifest(kind, entries)
        try zip.entry("META-INF/manifest.xml", deflated: true) { (entry) throws(ODFFailure) in try entry.write(manifest) }
        for index in entries.indices {
            try zip.entry(entries[index].path, deflated: true) { (entry) throws(ODFFailure) in try part(index, entry) }
        }
        try zip.close()
    }

    static func manifest(_ kind: Kind, _ entries: [(path: String, mediaType: String)]) throws(ODFFailure) -> [UInt8] {
        try StreamingXMLWriter.document { w in
            w.start("manifest:manifest")
            w.attribute("xmlns:manifest", "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0")
            w.attribute("manifest:version", "1.3")
            w.start("manifest:file-entry")
            w.attribute("manifest:full-path", "/")
            w.attribute("manifest:version", "1.3")
            w.attribute("manifest:media-type", kind.rawValue)
            w.end()
            for entry in entries {
                w.start("manifest:file-entry")
                w.attribute("manifest:full-path", entry.path)
                w.attribute("manifest:media-type", entry.mediaType)
                w.end()
            }
            w.end()
        }
    }
}

/// A flat ODF document (`.fodt`, `.fods`): the whole document as one XML file, written as it
/// is made and put in place when complete.
public enum ODFFlatFile {
    public static func write(to url: URL, _ body: (StreamingXMLWriter) -> Void) throws(ODFFailure) {
        let file = try OutputFile(url)
        let writer = StreamingXMLWriter { bytes in try file.write(bytes) }
        body(writer)
        try writer.finish()
        try file.commit()
    }
}

/// One part of an ODF package written as it is made: `write` gets a writer and writes the
/// part's whole XML document (its root element and everything in it).
public struct ODFStreamedPart {
    public var path: String
    public var mediaType: String
    public var write: (StreamingXMLWriter) -> Void

    public init(path: String, mediaType: String = "text/xml", write: @escaping (StreamingXMLWriter) -> Void) {
        self.path = path
        self.mediaType = mediaType
        self.write = write
    }
}

/// The namespaces of ODF 1.3 with the prefixes ThiĐua writes. Every document declares them
/// all; a template's elements in any other namespace (LibreOffice's `loext:`, `officeooo:`…)
/// are extensions and are left out of what ThiĐua writes.
public enum ODFNamespace {
    public static let all: [(prefix: String, uri: String)] = [
        ("office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0"),
        ("style", "urn:oasis:names:tc:opendocument:xmlns:style:1.0"),
        ("text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0"),
        ("table", "urn:oasis:names:tc:opendocument:xmlns:table:1.0"),
        ("draw", "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"),
        ("fo", "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"),
        ("xlink", "http://www.w3.org/1999/xlink"),
        ("dc", "http://purl.org/dc/elements/1.1/"),
        ("meta", "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"),
        ("number", "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"),
        ("svg", "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"),
        ("chart", "urn:oasis:names:tc:opendocument:xmlns:chart:1.0"),
        ("dr3d", "urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0"),
        ("math", "http://www.w3.org/1998/Math/MathML"),
        ("form", "urn:oasis:names:tc:opendocument:xmlns:form:1.0"),
        ("script", "urn:oasis:names:tc:opendocument:xmlns:script:1.0"),
        ("presentation", "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"),
        // Formulas in conditions need it, or LibreOffice shows Err:510 (see ODF-NOTES).
        ("of", "urn:oasis:names:tc:opendocument:xmlns:of:1.2"),
    ]

    /// The prefix ThiĐua writes for each namespace.
    public static let prefixes: [String: String] = Dictionary(uniqueKeysWithValues: all.map { ($0.uri, $0.prefix) })

    /// Declares every namespace on the current element.
    public static func declare(_ w: StreamingXMLWriter) {
        for (prefix, uri) in all { w.attribute("xmlns:\(prefix)", uri) }
    }
}
