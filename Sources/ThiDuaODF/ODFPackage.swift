import Foundation
import ZIPFoundation

/// Writes an ODF package: `mimetype` first and stored (uncompressed, no extra field), then
/// `META-INF/manifest.xml` listing exactly the parts, then the parts, deflated. Every entry
/// carries the same fixed date, so the same parts give the same bytes.
///
/// ```swift
/// try ODFPackage.write(.spreadsheet, parts: [ODFPart(path: "content.xml", bytes: content)], to: url)
/// ```
public enum ODFPackage {
    public enum Kind: String, Sendable {
        case text = "application/vnd.oasis.opendocument.text"
        case spreadsheet = "application/vnd.oasis.opendocument.spreadsheet"
    }

    /// 1980-01-01 00:00 UTC, the earliest date a ZIP entry can hold.
    static let fixedDate = Date(timeIntervalSince1970: 315_532_800)

    public static func write(_ kind: Kind, parts: [ODFPart], to url: URL) throws(ODFFailure) {
        try? FileManager.default.removeItem(at: url)
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .create)
        } catch {
            throw .package("không tạo được \(url.path): \(error)")
        }
        do {
            try add(archive, "mimetype", Array(kind.rawValue.utf8), compressed: false)
            try add(archive, "META-INF/manifest.xml", manifest(kind, parts), compressed: true)
            for part in parts { try add(archive, part.path, part.bytes, compressed: true) }
        } catch let failure as ODFFailure {
            throw failure
        } catch {
            throw .package("không ghi được \(url.path): \(error)")
        }
    }

    private static func add(_ archive: Archive, _ path: String, _ bytes: [UInt8], compressed: Bool) throws {
        let data = Data(bytes)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixedDate,
            compressionMethod: compressed ? .deflate : .none) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    static func manifest(_ kind: Kind, _ parts: [ODFPart]) throws(ODFFailure) -> [UInt8] {
        let w = try XMLWriter()
        w.start("manifest:manifest")
        w.attribute("xmlns:manifest", "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0")
        w.attribute("manifest:version", "1.3")
        w.start("manifest:file-entry")
        w.attribute("manifest:full-path", "/")
        w.attribute("manifest:version", "1.3")
        w.attribute("manifest:media-type", kind.rawValue)
        w.end()
        for part in parts {
            w.start("manifest:file-entry")
            w.attribute("manifest:full-path", part.path)
            w.attribute("manifest:media-type", part.mediaType)
            w.end()
        }
        w.end()
        return w.finish()
    }
}

/// One file inside an ODF package.
public struct ODFPart: Sendable {
    public var path: String
    public var bytes: [UInt8]
    public var mediaType: String

    public init(path: String, bytes: [UInt8], mediaType: String = "text/xml") {
        self.path = path
        self.bytes = bytes
        self.mediaType = mediaType
    }
}

/// The namespaces of ODF 1.3 documents.
public enum ODFNamespace {
    public static let all: [(String, String)] = [
        ("office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0"),
        ("style", "urn:oasis:names:tc:opendocument:xmlns:style:1.0"),
        ("text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0"),
        ("table", "urn:oasis:names:tc:opendocument:xmlns:table:1.0"),
        ("fo", "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"),
        ("meta", "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"),
        ("dc", "http://purl.org/dc/elements/1.1/"),
        // Formulas in conditions need it, or LibreOffice shows Err:510 (see ODF-NOTES).
        ("of", "urn:oasis:names:tc:opendocument:xmlns:of:1.2"),
    ]

    /// Declares every namespace on the current element.
    public static func declare(_ w: XMLWriter) {
        for (prefix, uri) in all { w.attribute("xmlns:\(prefix)", uri) }
    }
}
