import CLibXML2
import Foundation
import ZIPFoundation

/// Reads an ODS spreadsheet as it streams: sheets, then rows, then typed cells, each row
/// numbered as a spreadsheet numbers it, so callers can name a cell `GK03!D7`.
///
/// The package is checked before anything is read: a ZIP whose entries all have relative paths
/// without `..`, none larger than ``Limits/maximumPartSize`` unpacked nor compressed more than
/// ``Limits/maximumCompressionRatio`` to one (both also enforced while unpacking, whatever the
/// headers say). XML is parsed with libxml2's streaming reader, without entity substitution,
/// DTD loading or network access; a part that declares a DOCTYPE or an entity is refused. No
/// document tree is built: memory holds one row at a time.
///
/// Rows and cells that LibreOffice writes as "repeated" are expanded only when they hold
/// something; empty ones (the 1,048,576 empty rows at the end of a sheet) only move the row and
/// column numbers on.
///
/// ```swift
/// let document = try ODSDocument(url: url)
/// try document.read { event in
///     if case .row(let row) = event, let cell = row[4] { print(row.reference(column: 4), cell.value) }
/// }
/// ```
public struct ODSDocument: Sendable {
    /// How much a file may hold before it is refused.
    public struct Limits: Sendable, Hashable {
        /// The largest a part may be once unpacked.
        public var maximumPartSize: Int64 = 256 * 1024 * 1024
        /// The most a part may have been compressed (unpacked size over packed size), checked
        /// for parts over ``ratioCheckedAbove`` bytes.
        public var maximumCompressionRatio: Int64 = 200
        public var ratioCheckedAbove: Int64 = 1024 * 1024
        /// The most times a row holding something may be repeated.
        public var maximumRepeatedRows = 10_000
        /// The most times a cell holding something may be repeated.
        public var maximumRepeatedColumns = 1_024
        /// The last row and column that may hold something (LibreOffice's own limits).
        public var maximumRows = 1_048_576
        public var maximumColumns = 16_384

        public init() {}
    }

    /// What the package says about itself (meta.xml).
    public struct Metadata: Sendable, Hashable {
        /// `dc:title`: the title set in File › Properties.
        public var title: String?
        /// `dc:date`: when the document was last saved, as written (`2024-12-10T08:45:12.345678901`).
        public var date: String?
    }

    public let url: URL
    /// The file's name in messages.
    public let name: String
    public let limits: Limits
    /// The paths of the package's entries, in order.
    public let entries: [String]

    /// Opens the file and checks the package; reads no part yet.
    public init(url: URL, name: String? = nil, limits: Limits = Limits()) throws(ODSReadFailure) {
        self.url = url
        self.name = name ?? url.path
        self.limits = limits
        let name = self.name
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ODSReadFailure(file: name, kind: .unreadable, message: "không có tệp này" + (isDirectory.boolValue ? " (đây là một thư mục)" : ""))
        }
        let archive = try Self.open(url, name: name)
        var entries: [String] = []
        for entry in archive {
            let path = entry.path
            try Self.checkPath(path, file: name)
            entries.append(path)
            guard entry.type == .file else { continue }
            let unpacked = Int64(clamping: entry.uncompressedSize)
            let packed = Int64(clamping: entry.compressedSize)
            if unpacked > limits.maximumPartSize {
                throw ODSReadFailure(file: name, kind: .tooLarge, message: "cần mỗi phần của gói không quá \(byteCount(limits.maximumPartSize)) khi giải nén, "
                    + "nhưng phần \"\(path)\" ghi \(byteCount(unpacked)) — không đọc (có thể là \"bom ZIP\")")
            }
            if unpacked > limits.ratioCheckedAbove, unpacked > limits.maximumCompressionRatio * Swift.max(packed, 1) {
                throw ODSReadFailure(file: name, kind: .compressionRatio, message: "cần tỉ lệ nén hợp lý (tối đa \(limits.maximumCompressionRatio):1), "
                    + "nhưng phần \"\(path)\" nén \(byteCount(unpacked)) thành \(byteCount(packed)) (\(unpacked / Swift.max(packed, 1)):1) — không đọc (dấu hiệu \"bom ZIP\")")
            }
        }
        self.entries = entries
        if let mimetype = archive["mimetype"] {
            let bytes = try Self.extract(mimetype, from: archive, file: name, limit: 1024, part: "mimetype")
            let type = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !type.hasPrefix("application/vnd.oasis.opendocument.spreadsheet") {
                let what = switch type {
                case "application/vnd.oasis.opendocument.text": "văn bản ODT"
                case "application/vnd.oasis.opendocument.presentation": "bản trình chiếu ODP"
                case "application/vnd.oasis.opendocument.graphics": "bản vẽ ODG"
                default: "một gói khác"
                }
                throw ODSReadFailure(file: name, kind: .notSpreadsheet,
                    message: "cần một bảng tính ODS (mimetype application/vnd.oasis.opendocument.spreadsheet), nhưng gặp \(what) (\(shownText(type)))")
            }
        }
        guard entries.contains("content.xml") else {
            let hint = entries.contains("[Content_Types].xml") ? " — đây là tệp Excel (.xlsx); hãy lưu lại dưới dạng bảng tính ODS" : ""
            let listed = entries.prefix(8).map { "\"\($0)\"" }.joined(separator: ", ") + (entries.count > 8 ? ", …" : "")
            throw ODSReadFailure(file: name, kind: .missingPart,
                message: "cần phần content.xml trong gói ODS, nhưng gói chỉ có \(entries.isEmpty ? "không mục nào" : listed)\(hint)")
        }
    }

    // MARK: Reading

    /// Streams the sheets: `.sheetStart`, then each row holding something, then `.sheetEnd`.
    public func read(_ visit: (ODSEvent) throws(ODSReadFailure) -> Void) throws(ODSReadFailure) {
        try withPart("content.xml") { reader throws(ODSReadFailure) in
            var parser = ContentParser(reader: reader, file: name, limits: limits)
            try parser.run(visit)
        }
    }

    /// Every sheet with its rows, read whole (for small files; big ones go through ``read(_:)``).
    public func sheets() throws(ODSReadFailure) -> [ODSSheet] {
        var sheets: [ODSSheet] = []
        try read { event in
            switch event {
            case .sheetStart(let name): sheets.append(ODSSheet(name: name, rows: []))
            case .row(let row): sheets[sheets.count - 1].rows.append(row)
            case .sheetEnd: break
            }
        }
        return sheets
    }

    /// Title and date from meta.xml; both nil if the package has none.
    public func metadata() throws(ODSReadFailure) -> Metadata {
        guard entries.contains("meta.xml") else { return Metadata() }
        var metadata = Metadata()
        try withPart("meta.xml") { reader throws(ODSReadFailure) in
            var stream = XMLStream(reader: reader, file: name, part: "meta.xml")
            var capture: WritableKeyPath<Metadata, String?>?
            var text: [UInt8] = []
            while let node = try stream.next() {
                switch node {
                case .start(let element, _, let empty):
                    capture = nil
                    if element == .dcTitle { capture = \.title } else if element == .dcDate { capture = \.date }
                    text.removeAll()
                    if empty, let key = capture {
                        metadata[keyPath: key] = ""
                        capture = nil
                    }
                case .text(let bytes):
                    if capture != nil { text.append(contentsOf: bytes) }
                case .end:
                    if let key = capture {
                        metadata[keyPath: key] = String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                        capture = nil
                    }
                }
            }
        }
        return metadata
    }

    // MARK: Package

    private static func open(_ url: URL, name: String) throws(ODSReadFailure) -> Archive {
        do {
            return try Archive(url: url, accessMode: .read)
        } catch {
            var head: [UInt8] = []
            if let handle = try? FileHandle(forReadingFrom: url) {
                head = [UInt8]((try? handle.read(upToCount: 512)) ?? Data())
                try? handle.close()
            }
            throw ODSReadFailure(file: name, kind: .notZip, message: "cần một bảng tính ODS (tệp nén ZIP), nhưng gặp \(describe(head))")
        }
    }

    /// What a file that is not a readable ZIP looks like, from its first bytes.
    private static func describe(_ head: [UInt8]) -> String {
        if head.isEmpty { return "tệp rỗng" }
        if head.starts(with: [0x50, 0x4B]) { return "tệp nén ZIP bị hỏng (không đọc được danh mục các mục trong gói; tệp có thể bị cắt cụt khi tải về)" }
        if head.starts(with: Array("%PDF".utf8)) { return "tài liệu PDF" }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return "tệp Excel (.xls) hoặc Word (.doc) đời cũ; hãy lưu lại dưới dạng bảng tính ODS" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "ảnh PNG" }
        if !head.contains(0) {
            let text = String(decoding: head.prefix(40), as: UTF8.self).components(separatedBy: .newlines).first ?? ""
            if text.hasPrefix("<?xml") || text.hasPrefix("<office:") { return "một tệp XML (bảng tính phẳng .fods?); hãy lưu lại dưới dạng .ods" }
            return "một tệp văn bản (\(shownText(text))); tệp CSV thì nhập bằng thidua import KIND FILE.csv"
        }
        return "dữ liệu không phải ZIP"
    }

    /// Refuses an entry that would land outside the directory it were unpacked into.
    static func checkPath(_ path: String, file: String) throws(ODSReadFailure) {
        let scalars = Array(path.unicodeScalars)
        let drive = scalars.count >= 2 && scalars[1] == ":" && scalars[0].properties.isAlphabetic
        if path.hasPrefix("/") || path.hasPrefix("\\") || drive {
            throw ODSReadFailure(file: file, kind: .unsafePath,
                message: "cần các mục có đường dẫn tương đối bên trong gói, nhưng gặp mục \(shownText(path)) (đường dẫn tuyệt đối) — không đọc tệp này")
        }
        if path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains("..") {
            throw ODSReadFailure(file: file, kind: .unsafePath,
                message: "cần các mục có đường dẫn bên trong gói, nhưng gặp mục \(shownText(path)) (có thành phần \"..\" trỏ ra ngoài gói) — không đọc tệp này")
        }
    }

    /// Refuses a part whose prolog (what comes before the root element) declares a DOCTYPE,
    /// before libxml2 sees it: the streaming reader parses ahead of the node it reports, so an
    /// entity declared there could be expanded before the DOCTYPE node came out.
    private func checkProlog(_ url: URL, part: String) throws(ODSReadFailure) {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return }
        defer { try? handle.close() }
        var bytes: [UInt8] = []
        var i = 0
        var line = 1
        func has(_ text: String) -> Bool {
            let t = Array(text.utf8)
            return i + t.count <= bytes.count && bytes[i..<(i + t.count)].elementsEqual(t)
        }
        /// Reads on until `count` bytes from `i` are in memory; false at the end of the file.
        func need(_ count: Int) -> Bool {
            while i + count > bytes.count {
                guard let chunk = try? handle.read(upToCount: 65_536), !chunk.isEmpty else { return false }
                bytes.append(contentsOf: chunk)
            }
            return true
        }
        func skip(past end: String) -> Bool {
            while need(end.utf8.count) {
                if has(end) {
                    i += end.utf8.count
                    return true
                }
                if bytes[i] == 0x0A { line += 1 }
                i += 1
            }
            return false
        }
        if need(3), has("\u{FEFF}") { i += 3 }
        while need(1) {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A {
                if b == 0x0A { line += 1 }
                i += 1
            } else if need(9), has("<!DOCTYPE") {
                throw ODSReadFailure(file: name, kind: .declarations, message: "\(part) dòng \(line): cần XML không có khai báo DOCTYPE hay thực thể "
                    + "(tệp ODF không dùng chúng), nhưng gặp <!DOCTYPE …> — không đọc (có thể là \"bom XML\")")
            } else if need(4), has("<!--") {
                guard skip(past: "-->") else { return }
            } else if need(2), has("<?") {
                guard skip(past: "?>") else { return }
            } else {
                return  // the root element (or text libxml2 will call malformed)
            }
        }
    }

    private struct LimitExceeded: Error {
        var written: Int64
        var ratio: Bool
    }

    /// Unpacks an entry into memory, stopping at `limit` bytes.
    private static func extract(_ entry: Entry, from archive: Archive, file: String, limit: Int64, part: String) throws(ODSReadFailure) -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            _ = try archive.extract(entry) { chunk in
                bytes.append(contentsOf: chunk)
                if Int64(bytes.count) > limit { throw LimitExceeded(written: Int64(bytes.count), ratio: false) }
            }
        } catch let exceeded as LimitExceeded {
            throw ODSReadFailure(file: file, kind: .tooLarge, message: "cần phần \"\(part)\" không quá \(byteCount(limit)), nhưng giải nén ra đã hơn \(byteCount(exceeded.written))")
        } catch {
            throw ODSReadFailure(file: file, kind: .damaged, message: "cần phần \"\(part)\" giải nén được, nhưng gặp dữ liệu nén bị hỏng (\(error))")
        }
        return bytes
    }

    /// Unpacks a part into a temporary file (the limits enforced as it is written) and gives a
    /// streaming reader on it.
    private func withPart(_ part: String, _ body: (OpaquePointer) throws(ODSReadFailure) -> Void) throws(ODSReadFailure) {
        let archive = try Self.open(url, name: name)
        guard let entry = archive[part] else {
            throw ODSReadFailure(file: name, kind: .missingPart, message: "cần phần \(part) trong gói ODS, nhưng không có")
        }
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-ods-\(UUID().uuidString).xml")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil), let handle = try? FileHandle(forWritingTo: temporary) else {
            throw ODSReadFailure(file: name, kind: .unreadable, message: "không tạo được tệp tạm \(temporary.path) để giải nén \(part)")
        }
        defer { try? FileManager.default.removeItem(at: temporary) }
        let packed = Int64(clamping: entry.compressedSize)
        var written: Int64 = 0
        let limits = limits
        do {
            defer { try? handle.close() }
            _ = try archive.extract(entry) { chunk in
                written += Int64(chunk.count)
                if written > limits.maximumPartSize { throw LimitExceeded(written: written, ratio: false) }
                if written > limits.ratioCheckedAbove, written > limits.maximumCompressionRatio * Swift.max(packed, 1) {
                    throw LimitExceeded(written: written, ratio: true)
                }
                try handle.write(contentsOf: chunk)
            }
        } catch let exceeded as LimitExceeded {
            let declared = byteCount(Int64(clamping: entry.uncompressedSize))
            if exceeded.ratio {
                throw ODSReadFailure(file: name, kind: .compressionRatio, message: "cần tỉ lệ nén hợp lý (tối đa \(limits.maximumCompressionRatio):1), "
                    + "nhưng phần \"\(part)\" nén \(byteCount(packed)) đã giải ra hơn \(byteCount(exceeded.written)) (gói ghi \(declared)) — ngừng đọc (dấu hiệu \"bom ZIP\")")
            }
            throw ODSReadFailure(file: name, kind: .tooLarge, message: "cần mỗi phần của gói không quá \(byteCount(limits.maximumPartSize)) khi giải nén, "
                + "nhưng phần \"\(part)\" đã giải ra hơn \(byteCount(exceeded.written)) (gói ghi \(declared)) — ngừng đọc (có thể là \"bom ZIP\")")
        } catch {
            throw ODSReadFailure(file: name, kind: .damaged, message: "cần phần \"\(part)\" giải nén được, nhưng gặp dữ liệu nén bị hỏng (\(error))")
        }
        try checkProlog(temporary, part: part)
        // No entity substitution (XML_PARSE_NOENT), no DTD loading (XML_PARSE_DTDLOAD), no network.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)
        guard let reader = xmlReaderForFile(temporary.path, nil, options) else {
            throw ODSReadFailure(file: name, kind: .malformedXML, message: "\(part): không mở được để đọc XML")
        }
        defer { xmlFreeTextReader(reader) }
        try body(reader)
    }
}

/// One step of reading a spreadsheet.
public enum ODSEvent: Sendable, Hashable {
    case sheetStart(String)
    /// A row holding at least one cell with something in it.
    case row(ODSRow)
    case sheetEnd(String)
}

public struct ODSSheet: Sendable, Hashable {
    public var name: String
    /// The rows holding something, in order; empty rows are left out (row numbers say where each is).
    public var rows: [ODSRow]

    public init(name: String, rows: [ODSRow]) {
        self.name = name
        self.rows = rows
    }
}

public struct ODSRow: Sendable, Hashable {
    public var sheet: String
    /// The row number, from 1, as the spreadsheet shows it.
    public var number: Int
    /// The cells from column A to the last one holding something; `cells[i].column == i + 1`.
    public var cells: [ODSCell]

    public init(sheet: String, number: Int, cells: [ODSCell]) {
        self.sheet = sheet
        self.number = number
        self.cells = cells
    }

    /// The cell in a column (from 1), or nil past the last one holding something.
    public subscript(column: Int) -> ODSCell? {
        column >= 1 && column <= cells.count ? cells[column - 1] : nil
    }

    /// `Sheet!D7` for column 4 of row 7.
    public func reference(column: Int) -> String {
        "\(sheet)!\(ODSCell.columnName(column))\(number)"
    }
}

public struct ODSCell: Sendable, Hashable {
    public var value: ODSValue
    /// The text shown in the cell: its paragraphs joined by line breaks.
    public var text: String
    /// The column number, from 1.
    public var column: Int
    /// A cell hidden under a merged cell (`table:covered-table-cell`).
    public var isCovered: Bool

    public init(value: ODSValue, text: String, column: Int, isCovered: Bool = false) {
        self.value = value
        self.text = text
        self.column = column
        self.isCovered = isCovered
    }

    public var isEmpty: Bool { value == .empty }

    /// `A`, `Z`, `AA`, … for columns 1, 26, 27, …
    public static func columnName(_ column: Int) -> String {
        var n = column
        var letters: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.insert(Character(UnicodeScalar(UInt8(65 + r))), at: 0)
            n = (n - 1) / 26
        }
        return String(letters)
    }
}

/// A cell's value with its type, numbers kept as the exact text ODF wrote.
public enum ODSValue: Sendable, Hashable {
    case empty
    case string(String)
    /// `office:value` of a number, as written (`17.5`, `1E-3`).
    case float(String)
    /// `office:value` of a percentage: `0.25` for 25 %.
    case percentage(String)
    case currency(String, code: String?)
    /// `office:date-value`: `2024-12-10` or `2024-12-10T08:45:00`.
    case date(String)
    /// `office:time-value`: a duration such as `PT08H45M00S`.
    case time(String)
    case boolean(Bool)

    /// The kind of value in Vietnamese, for messages ("ngày tháng", "giá trị đúng/sai").
    public var kindName: String {
        switch self {
        case .empty: "ô trống"
        case .string: "văn bản"
        case .float: "số"
        case .percentage: "tỉ lệ phần trăm"
        case .currency: "số tiền"
        case .date: "ngày tháng"
        case .time: "giờ hoặc khoảng thời gian"
        case .boolean: "giá trị đúng/sai"
        }
    }
}

/// Why a spreadsheet could not be read. The message says what was expected and what was found.
public struct ODSReadFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The file could not be opened.
        case unreadable
        /// Not a ZIP, or a ZIP too damaged to list.
        case notZip
        /// A part's compressed data is broken.
        case damaged
        /// An entry with an absolute path or `..`.
        case unsafePath
        /// A part larger than the limit.
        case tooLarge
        /// A part compressed more than any real document is.
        case compressionRatio
        /// No content.xml.
        case missingPart
        /// Another kind of ODF package.
        case notSpreadsheet
        /// A DOCTYPE, entity declaration or entity reference.
        case declarations
        /// XML that is not well-formed.
        case malformedXML
        /// More rows, columns or repeats than the limits allow.
        case tooManyCells
    }

    public var file: String
    public var kind: Kind
    public var message: String

    public init(file: String, kind: Kind, message: String) {
        self.file = file
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

// MARK: - Streaming XML

/// The elements the reader acts on, by namespace and local name.
enum ODFElement: Equatable {
    case spreadsheet, table, tableRow, tableCell, coveredCell
    case paragraph, heading, space, tab, lineBreak, span
    case annotation, note, tableRowContainer
    case dcTitle, dcDate
    case other
}

enum XMLNode {
    case start(ODFElement, depth: Int32, empty: Bool)
    /// Character data (text, whitespace, CDATA), as UTF-8.
    case text([UInt8])
    case end(ODFElement)
}

/// xmlTextReader as a sequence of ``XMLNode``, refusing DOCTYPE and entities, and turning
/// libxml2's errors into ``ODSReadFailure`` with the line.
struct XMLStream {
    let reader: OpaquePointer
    let file: String
    let part: String
    private let errors = ErrorBox()
    private var skipNext = false
    private var started = false

    init(reader: OpaquePointer, file: String, part: String) {
        self.reader = reader
        self.file = file
        self.part = part
        xmlTextReaderSetStructuredErrorHandler(reader, { userData, error in
            guard let userData, let error, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let box = Unmanaged<ErrorBox>.fromOpaque(userData).takeUnretainedValue()
            if box.first == nil {
                let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
                box.first = (Int(error.pointee.line), message)
            }
        }, Unmanaged.passUnretained(errors).toOpaque())
    }

    final class ErrorBox {
        var first: (line: Int, message: String)?
    }

    var line: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }

    /// Skips the subtree of the element just started (its end is not reported).
    mutating func skipSubtree() { skipNext = true }

    mutating func next() throws(ODSReadFailure) -> XMLNode? {
        while true {
            let status = skipNext ? xmlTextReaderNext(reader) : xmlTextReaderRead(reader)
            skipNext = false
            if status == 0 {
                if let error = errors.first { throw malformed(error) }
                return nil
            }
            if status < 0 {
                throw malformed(errors.first ?? (line, "lỗi đọc XML"))
            }
            let type = xmlTextReaderNodeType(reader)
            switch type {
            case 1:  // element
                let element = classify(xmlTextReaderConstNamespaceUri(reader), xmlTextReaderConstLocalName(reader))
                return .start(element, depth: xmlTextReaderDepth(reader), empty: xmlTextReaderIsEmptyElement(reader) == 1)
            case 15:  // end element
                return .end(classify(xmlTextReaderConstNamespaceUri(reader), xmlTextReaderConstLocalName(reader)))
            case 3, 4, 13, 14:  // text, CDATA, whitespace, significant whitespace
                guard let value = xmlTextReaderConstValue(reader) else { continue }
                return .text(Array(UnsafeBufferPointer(start: value, count: strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self)))))
            case 10:  // <!DOCTYPE …>
                throw ODSReadFailure(file: file, kind: .declarations, message: "\(part) dòng \(line): cần XML không có khai báo DOCTYPE hay thực thể "
                    + "(tệp ODF không dùng chúng), nhưng gặp <!DOCTYPE …> — không đọc (có thể là \"bom XML\")")
            case 5, 6:  // entity reference or declaration
                throw ODSReadFailure(file: file, kind: .declarations, message: "\(part) dòng \(line): cần XML không dùng thực thể tự khai báo "
                    + "(tệp ODF không dùng chúng), nhưng gặp một tham chiếu thực thể — không đọc (có thể là \"bom XML\")")
            default:
                continue
            }
        }
    }

    private func malformed(_ error: (line: Int, message: String)) -> ODSReadFailure {
        if error.message.contains("Detected an entity reference loop") || error.message.contains("entity") && error.message.contains("amplification") {
            return ODSReadFailure(file: file, kind: .declarations, message: "\(part) dòng \(error.line): cần XML không dùng thực thể tự khai báo, nhưng gặp \(error.message) — không đọc (có thể là \"bom XML\")")
        }
        return ODSReadFailure(file: file, kind: .malformedXML,
            message: "\(part) dòng \(error.line): cần XML đúng cú pháp, nhưng gặp lỗi: \(error.message) (tệp có thể bị hỏng hoặc đã bị sửa tay)")
    }
}

private func equals(_ pointer: UnsafePointer<xmlChar>?, _ text: StaticString) -> Bool {
    guard let pointer else { return false }
    return text.withUTF8Buffer { buffer in
        memcmp(pointer, buffer.baseAddress!, buffer.count) == 0 && pointer[buffer.count] == 0
    }
}

private func classify(_ namespace: UnsafePointer<xmlChar>?, _ local: UnsafePointer<xmlChar>?) -> ODFElement {
    if equals(namespace, "urn:oasis:names:tc:opendocument:xmlns:table:1.0") {
        if equals(local, "table-cell") { return .tableCell }
        if equals(local, "table-row") { return .tableRow }
        if equals(local, "covered-table-cell") { return .coveredCell }
        if equals(local, "table") { return .table }
        if equals(local, "table-header-rows") || equals(local, "table-rows") || equals(local, "table-row-group") { return .tableRowContainer }
        return .other
    }
    if equals(namespace, "urn:oasis:names:tc:opendocument:xmlns:text:1.0") {
        if equals(local, "p") { return .paragraph }
        if equals(local, "span") || equals(local, "a") { return .span }
        if equals(local, "s") { return .space }
        if equals(local, "tab") { return .tab }
        if equals(local, "line-break") { return .lineBreak }
        if equals(local, "h") { return .heading }
        if equals(local, "note") { return .note }
        return .other
    }
    if equals(namespace, "urn:oasis:names:tc:opendocument:xmlns:office:1.0") {
        if equals(local, "spreadsheet") { return .spreadsheet }
        if equals(local, "annotation") { return .annotation }
        return .other
    }
    if equals(namespace, "http://purl.org/dc/elements/1.1/") {
        if equals(local, "title") { return .dcTitle }
        if equals(local, "date") { return .dcDate }
    }
    return .other
}

/// The current element's attributes as (namespace, local name) → value, for the few it needs.
private func attributes(_ reader: OpaquePointer, _ wanted: (UnsafePointer<xmlChar>?, UnsafePointer<xmlChar>?) -> Int?, into values: inout [String?]) {
    for i in values.indices { values[i] = nil }
    guard xmlTextReaderMoveToFirstAttribute(reader) == 1 else { return }
    repeat {
        if let slot = wanted(xmlTextReaderConstNamespaceUri(reader), xmlTextReaderConstLocalName(reader)),
            let value = xmlTextReaderConstValue(reader)
        {
            values[slot] = String(cString: value)
        }
    } while xmlTextReaderMoveToNextAttribute(reader) == 1
    xmlTextReaderMoveToElement(reader)
}

// MARK: - content.xml

/// Walks content.xml: tables, rows and cells, expanding repeats within the limits.
struct ContentParser {
    private var stream: XMLStream
    private let file: String
    private let limits: ODSDocument.Limits

    private var sheet: String?
    private var tableDepth: Int32 = -1
    private var row = 1
    private var rowRepeat = 1
    private var inRow = false
    private var cells: [ODSCell] = []
    private var column = 1
    private var pendingEmpty = 0

    // The cell being read.
    private var inCell = false
    private var cellDepth: Int32 = -1
    private var cellAttributes: [String?] = Array(repeating: nil, count: CellAttribute.count)
    private var cellCovered = false
    private var paragraphs: [String] = []
    private var paragraph: [UInt8] = []
    private var inParagraph = false
    private var paragraphDepth: Int32 = -1
    /// The last character written to the paragraph was collapsible white space (or it is empty).
    private var afterSpace = true

    private var sawSpreadsheet = false

    enum CellAttribute: Int {
        case valueType, value, dateValue, timeValue, booleanValue, stringValue, currency, repeated
        static let count = 8
    }

    init(reader: OpaquePointer, file: String, limits: ODSDocument.Limits) {
        stream = XMLStream(reader: reader, file: file, part: "content.xml")
        self.file = file
        self.limits = limits
    }

    private func failure(_ message: String) -> ODSReadFailure {
        ODSReadFailure(file: file, kind: .tooManyCells, message: message)
    }

    mutating func run(_ visit: (ODSEvent) throws(ODSReadFailure) -> Void) throws(ODSReadFailure) {
        while let node = try stream.next() {
            switch node {
            case .start(let element, let depth, let empty):
                try start(element, depth: depth, empty: empty, visit)
            case .text(let bytes):
                if inParagraph { appendCollapsing(bytes) }
            case .end(let element):
                try end(element, visit)
            }
        }
        if !sawSpreadsheet {
            throw ODSReadFailure(file: file, kind: .notSpreadsheet,
                message: "cần một bảng tính (content.xml có office:spreadsheet), nhưng content.xml không có bảng tính nào — đây không phải tệp .ods")
        }
    }

    private mutating func start(_ element: ODFElement, depth: Int32, empty: Bool, _ visit: (ODSEvent) throws(ODSReadFailure) -> Void) throws(ODSReadFailure) {
        if inCell {
            try startInCell(element, depth: depth, empty: empty)
            return
        }
        switch element {
        case .spreadsheet:
            sawSpreadsheet = true
        case .table where sheet == nil:
            var values: [String?] = [nil]
            attributes(stream.reader, { ns, local in equals(ns, "urn:oasis:names:tc:opendocument:xmlns:table:1.0") && equals(local, "name") ? 0 : nil }, into: &values)
            let name = values[0] ?? ""
            sheet = name
            tableDepth = depth
            row = 1
            try visit(.sheetStart(name))
            if empty {
                sheet = nil
                try visit(.sheetEnd(name))
            }
        case .table:
            // A table inside a table (not in spreadsheets): nothing of it is a row of this sheet.
            if !empty { stream.skipSubtree() }
        case .tableRow where sheet != nil && !inRow:
            var values: [String?] = [nil]
            attributes(stream.reader, { ns, local in equals(ns, "urn:oasis:names:tc:opendocument:xmlns:table:1.0") && equals(local, "number-rows-repeated") ? 0 : nil }, into: &values)
            rowRepeat = try repeatCount(values[0], what: "table:number-rows-repeated")
            inRow = true
            cells.removeAll(keepingCapacity: true)
            column = 1
            pendingEmpty = 0
            if empty { try endRow(visit) }
        case .tableCell where inRow, .coveredCell where inRow:
            attributes(stream.reader, Self.cellAttribute, into: &cellAttributes)
            cellCovered = element == .coveredCell
            paragraphs.removeAll(keepingCapacity: true)
            inCell = true
            cellDepth = depth
            if empty { try endCell() }
        case .annotation, .note:
            if !empty { stream.skipSubtree() }
        default:
            break
        }
    }

    private mutating func startInCell(_ element: ODFElement, depth: Int32, empty: Bool) throws(ODSReadFailure) {
        if !inParagraph {
            // Only the cell's own paragraphs are its text; comments, shapes and the like are not.
            if (element == .paragraph || element == .heading) && depth == cellDepth + 1 {
                inParagraph = true
                paragraphDepth = depth
                paragraph.removeAll(keepingCapacity: true)
                afterSpace = true
                if empty { finishParagraph() }
            } else if !empty {
                stream.skipSubtree()
            }
            return
        }
        switch element {
        case .space:
            var values: [String?] = [nil]
            attributes(stream.reader, { ns, local in equals(ns, "urn:oasis:names:tc:opendocument:xmlns:text:1.0") && equals(local, "c") ? 0 : nil }, into: &values)
            let count = values[0].flatMap { Int($0) } ?? 1
            guard count >= 0, count <= 10_000 else {
                throw failure("content.xml dòng \(stream.line): cần số dấu cách text:c từ 0 đến 10000, nhưng gặp \(shownText(values[0] ?? ""))")
            }
            paragraph.append(contentsOf: repeatElement(0x20, count: count))
            afterSpace = false
            if !empty { stream.skipSubtree() }
        case .tab:
            paragraph.append(0x09)
            afterSpace = false
            if !empty { stream.skipSubtree() }
        case .lineBreak:
            paragraph.append(0x0A)
            afterSpace = true
            if !empty { stream.skipSubtree() }
        case .annotation, .note:
            if !empty { stream.skipSubtree() }
        default:
            // Spans, links, fields: their text is the paragraph's.
            break
        }
    }

    private static func cellAttribute(_ ns: UnsafePointer<xmlChar>?, _ local: UnsafePointer<xmlChar>?) -> Int? {
        if equals(ns, "urn:oasis:names:tc:opendocument:xmlns:office:1.0") {
            if equals(local, "value-type") { return CellAttribute.valueType.rawValue }
            if equals(local, "value") { return CellAttribute.value.rawValue }
            if equals(local, "date-value") { return CellAttribute.dateValue.rawValue }
            if equals(local, "time-value") { return CellAttribute.timeValue.rawValue }
            if equals(local, "boolean-value") { return CellAttribute.booleanValue.rawValue }
            if equals(local, "string-value") { return CellAttribute.stringValue.rawValue }
            if equals(local, "currency") { return CellAttribute.currency.rawValue }
        } else if equals(ns, "urn:oasis:names:tc:opendocument:xmlns:table:1.0"), equals(local, "number-columns-repeated") {
            return CellAttribute.repeated.rawValue
        }
        return nil
    }

    private mutating func end(_ element: ODFElement, _ visit: (ODSEvent) throws(ODSReadFailure) -> Void) throws(ODSReadFailure) {
        if inCell {
            if inParagraph, (element == .paragraph || element == .heading), xmlTextReaderDepth(stream.reader) == paragraphDepth {
                finishParagraph()
            } else if !inParagraph, element == .tableCell || element == .coveredCell, xmlTextReaderDepth(stream.reader) == cellDepth {
                try endCell()
            }
            return
        }
        switch element {
        case .tableRow where inRow:
            try endRow(visit)
        case .table where sheet != nil && xmlTextReaderDepth(stream.reader) == tableDepth:
            let name = sheet!
            sheet = nil
            try visit(.sheetEnd(name))
        default:
            break
        }
    }

    /// Appends character data, collapsing white space as ODF says (runs of space, tab and line
    /// feed are one space; leading and trailing ones in a paragraph are dropped).
    private mutating func appendCollapsing(_ bytes: [UInt8]) {
        for b in bytes {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                if !afterSpace {
                    paragraph.append(0x20)
                    afterSpace = true
                }
            } else {
                paragraph.append(b)
                afterSpace = false
            }
        }
    }

    private mutating func finishParagraph() {
        if afterSpace, paragraph.last == 0x20 { paragraph.removeLast() }
        paragraphs.append(String(decoding: paragraph, as: UTF8.self))
        inParagraph = false
    }

    private func repeatCount(_ text: String?, what: String) throws(ODSReadFailure) -> Int {
        guard let text else { return 1 }
        guard let count = Int(text.trimmingCharacters(in: .whitespaces)), count >= 1 else {
            throw ODSReadFailure(file: file, kind: .malformedXML,
                message: "content.xml dòng \(stream.line): cần \(what) là một số nguyên dương, nhưng gặp \(shownText(text))")
        }
        return count
    }

    private mutating func endCell() throws(ODSReadFailure) {
        inCell = false
        inParagraph = false
        let repeated = try repeatCount(cellAttributes[CellAttribute.repeated.rawValue], what: "table:number-columns-repeated")
        let text = paragraphs.joined(separator: "\n")
        let value = Self.value(cellAttributes, text: text)
        guard value != .empty else {
            pendingEmpty += repeated
            if pendingEmpty > Int.max / 4 { pendingEmpty = Int.max / 4 }
            return
        }
        let first = column + pendingEmpty
        let place = "\(sheet ?? "")!\(first <= limits.maximumColumns ? ODSCell.columnName(first) : "cột \(first)")\(row)"
        if repeated > limits.maximumRepeatedColumns {
            throw failure("\(place): cần một ô có nội dung lặp lại không quá \(limits.maximumRepeatedColumns) lần, "
                + "nhưng ô này lặp lại \(repeated) lần (table:number-columns-repeated) — tệp bất thường, không đọc")
        }
        if first + repeated - 1 > limits.maximumColumns {
            throw failure("\(place): cần các ô có nội dung nằm trong \(limits.maximumColumns) cột đầu, nhưng gặp nội dung ở cột \(first + repeated - 1)")
        }
        for _ in 0..<pendingEmpty {
            cells.append(ODSCell(value: .empty, text: "", column: column))
            column += 1
        }
        pendingEmpty = 0
        for _ in 0..<repeated {
            cells.append(ODSCell(value: value, text: text, column: column, isCovered: cellCovered))
            column += 1
        }
    }

    private mutating func endRow(_ visit: (ODSEvent) throws(ODSReadFailure) -> Void) throws(ODSReadFailure) {
        inRow = false
        let first = row
        // Empty rows only move the count on, however many times they repeat.
        row = first &+ rowRepeat
        if row < first { row = Int.max / 4 }
        guard !cells.isEmpty, let sheet else { return }
        if rowRepeat > limits.maximumRepeatedRows {
            throw failure("\(sheet)!A\(first): cần một hàng có nội dung lặp lại không quá \(limits.maximumRepeatedRows) lần, "
                + "nhưng hàng này lặp lại \(rowRepeat) lần (table:number-rows-repeated) — tệp bất thường, không đọc")
        }
        if first + rowRepeat - 1 > limits.maximumRows {
            throw failure("\(sheet): cần các hàng có nội dung nằm trong \(limits.maximumRows) hàng đầu, nhưng gặp nội dung ở hàng \(first + rowRepeat - 1)")
        }
        for n in first..<(first + rowRepeat) {
            try visit(.row(ODSRow(sheet: sheet, number: n, cells: cells)))
        }
    }

    private static func value(_ a: [String?], text: String) -> ODSValue {
        func attr(_ key: CellAttribute) -> String? { a[key.rawValue] }
        switch attr(.valueType) {
        case "float"?: if let v = attr(.value) { return .float(v) }
        case "percentage"?: if let v = attr(.value) { return .percentage(v) }
        case "currency"?: if let v = attr(.value) { return .currency(v, code: attr(.currency)) }
        case "date"?: if let v = attr(.dateValue) { return .date(v) }
        case "time"?: if let v = attr(.timeValue) { return .time(v) }
        case "boolean"?: if let v = attr(.booleanValue) { return .boolean(v == "true" || v == "1") }
        case "string"?:
            let s = attr(.stringValue) ?? text
            return s.isEmpty ? .empty : .string(s)
        default: break
        }
        // No type (or a type without its value): the text shown, if any.
        return text.isEmpty ? .empty : .string(text)
    }
}

// MARK: - Text for messages

/// A value quoted for a message, shortened if long.
func shownText(_ text: String) -> String {
    if text.isEmpty { return "ô trống" }
    if text.count > 60 { return "\"\(text.prefix(57))…\" (\(text.count) ký tự)" }
    return "\"\(text)\""
}

/// `256 MB`, `1,5 GB`, `30 KB`, `512 byte`.
func byteCount(_ bytes: Int64) -> String {
    let units: [(Int64, String)] = [(1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")]
    for (size, unit) in units where bytes >= size {
        let tenths = (bytes * 10 + size / 2) / size
        let text = tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10),\(tenths % 10)"
        return "\(text) \(unit)"
    }
    return "\(bytes) byte"
}
