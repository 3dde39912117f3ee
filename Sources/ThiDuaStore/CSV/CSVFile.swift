import Foundation
import ThiDuaCore

/// A CSV file read whole into memory, its encoding checked and its delimiter found.
///
/// Accepts what spreadsheets in Vietnam write: UTF-8 with or without a BOM, comma or
/// semicolon, CRLF or LF, quoted fields holding delimiters, quotes and line breaks.
/// Refuses, with a message saying what it found, UTF-16, binary files and empty files.
struct CSVFile {
    let name: String
    let bytes: [UInt8]
    /// Index of the first byte after the BOM.
    let start: Int
    let delimiter: UInt8

    init(name: String, bytes: [UInt8]) throws(ImportFailure) {
        self.name = name
        self.bytes = bytes
        func refuse(_ expected: String, _ found: String) -> ImportFailure {
            ImportFailure(file: name, issues: [ImportIssue(file: name, row: 1, column: 1, expected: expected, found: found)])
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let bom = bytes[0] == 0xFF ? "FF FE" : "FE FF"
            throw refuse("văn bản UTF-8 (hãy lưu tệp dưới dạng \"CSV UTF-8\")", "văn bản UTF-16 (dấu thứ tự byte \(bom))")
        }
        start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if bytes[start...].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw refuse("một dòng tiêu đề", bytes.isEmpty ? "tệp rỗng" : "tệp không có chữ nào")
        }
        if let kind = Self.binaryKind(bytes) {
            throw refuse("một tệp văn bản CSV", kind)
        }
        delimiter = Self.detectDelimiter(bytes, from: start)
    }

    /// What a file that is not text looks like, or nil if it has no NUL byte.
    static func binaryKind(_ bytes: [UInt8]) -> String? {
        guard let nul = bytes.firstIndex(of: 0) else { return nil }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return "tệp nén ZIP (bảng tính .xlsx hoặc .ods?); hãy lưu lại dưới dạng \"CSV UTF-8\""
        }
        if bytes.starts(with: Array("%PDF".utf8)) { return "tài liệu PDF" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "ảnh PNG" }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return "tệp Excel (.xls) hoặc Word (.doc) đời cũ" }
        // UTF-16 without a BOM: ASCII letters alternate with NUL bytes.
        let sample = bytes.prefix(200)
        let evenNul = stride(from: 1, to: sample.count, by: 2).filter { sample[$0] == 0 }.count
        let oddNul = stride(from: 0, to: sample.count, by: 2).filter { sample[$0] == 0 }.count
        if max(evenNul, oddNul) * 2 >= sample.count / 2 - 2, min(evenNul, oddNul) == 0 {
            return "văn bản UTF-16 không có dấu thứ tự byte"
        }
        return "dữ liệu nhị phân (byte NUL ở vị trí \(nul))"
    }

    /// The delimiter of the header row: `;` if it has more semicolons than commas outside quotes.
    static func detectDelimiter(_ bytes: [UInt8], from start: Int) -> UInt8 {
        var commas = 0
        var semicolons = 0
        var quoted = false
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x22 {
                quoted.toggle()
            } else if !quoted {
                if b == 0x0A || b == 0x0D { break }
                if b == 0x2C { commas += 1 } else if b == 0x3B { semicolons += 1 }
            }
            i += 1
        }
        return semicolons > commas ? 0x3B : 0x2C
    }
}

/// Where one field lies in the file's bytes.
struct CSVField {
    var start: Int
    var end: Int
    /// The field had `""` inside quotes, to be turned into `"`.
    var hasEscapedQuote: Bool
}

/// Reads a ``CSVFile`` record by record.
struct CSVCursor {
    let file: CSVFile
    private var position: Int
    /// The record number of the record last read; the header is row 1.
    private(set) var row = 0

    init(_ file: CSVFile) {
        self.file = file
        position = file.start
    }

    var atEnd: Bool { position >= file.bytes.count }

    /// Reads the next record's fields into `fields`; false at the end of the file.
    mutating func next(into fields: inout [CSVField]) throws(ImportFailure) -> Bool {
        fields.removeAll(keepingCapacity: true)
        let bytes = file.bytes
        let count = bytes.count
        guard position < count else { return false }
        row += 1
        let delimiter = file.delimiter
        var i = position
        return try bytes.withUnsafeBufferPointer { (buffer) throws(ImportFailure) -> Bool in
            while true {
                if i < count, buffer[i] == 0x22 {
                    // quoted field
                    i += 1
                    let fieldStart = i
                    var escaped = false
                    while true {
                        guard i < count else {
                            throw failure(column: fields.count + 1, expected: "dấu ngoặc kép đóng cho trường mở ngoặc ở đây",
                                found: "cuối tệp")
                        }
                        if buffer[i] == 0x22 {
                            if i + 1 < count, buffer[i + 1] == 0x22 {
                                escaped = true
                                i += 2
                                continue
                            }
                            break
                        }
                        i += 1
                    }
                    fields.append(CSVField(start: fieldStart, end: i, hasEscapedQuote: escaped))
                    i += 1
                    // after the closing quote: spaces, then a delimiter or a line end
                    while i < count, buffer[i] == 0x20 || buffer[i] == 0x09 { i += 1 }
                    if i < count, buffer[i] != delimiter, buffer[i] != 0x0A, buffer[i] != 0x0D {
                        let found = String(decoding: buffer[i..<min(i + 10, count)], as: UTF8.self)
                        throw failure(column: fields.count, expected: "dấu phân cách hoặc xuống dòng sau dấu ngoặc kép đóng",
                            found: "\"\(found.prefix(10))\"")
                    }
                } else {
                    let fieldStart = i
                    while i < count {
                        let b = buffer[i]
                        if b == delimiter || b == 0x0A || b == 0x0D { break }
                        i += 1
                    }
                    fields.append(CSVField(start: fieldStart, end: i, hasEscapedQuote: false))
                }
                if i >= count {
                    position = count
                    return true
                }
                let b = buffer[i]
                if b == delimiter {
                    i += 1
                    continue
                }
                // line end: CRLF, LF or a lone CR
                i += (b == 0x0D && i + 1 < count && buffer[i + 1] == 0x0A) ? 2 : 1
                position = i
                return true
            }
        }
    }

    private func failure(column: Int, expected: String, found: String) -> ImportFailure {
        ImportFailure(file: file.name, issues: [ImportIssue(file: file.name, row: row, column: column, expected: expected, found: found)])
    }

    /// The text of a field: `""` unescaped, CRLF inside quotes made LF, spaces around trimmed,
    /// normalised to NFC; nil if the bytes are not UTF-8.
    func text(_ field: CSVField) -> String? {
        var start = field.start
        var end = field.end
        let bytes = file.bytes
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return bytes.withUnsafeBufferPointer { buffer -> String? in
            let slice = UnsafeBufferPointer(rebasing: buffer[start..<end])
            var ascii = true
            var needsRewrite = field.hasEscapedQuote
            for b in slice {
                if b >= 0x80 { ascii = false } else if b == 0x0D { needsRewrite = true }
            }
            if ascii && !needsRewrite {
                return String(decoding: slice, as: UTF8.self)
            }
            var string: String?
            if needsRewrite {
                var out = [UInt8]()
                out.reserveCapacity(slice.count)
                var j = 0
                while j < slice.count {
                    let b = slice[j]
                    if b == 0x22, field.hasEscapedQuote, j + 1 < slice.count, slice[j + 1] == 0x22 {
                        out.append(0x22)
                        j += 2
                        continue
                    }
                    if b == 0x0D {
                        out.append(0x0A)
                        j += (j + 1 < slice.count && slice[j + 1] == 0x0A) ? 2 : 1
                        continue
                    }
                    out.append(b)
                    j += 1
                }
                string = String(validating: out, as: UTF8.self)
            } else {
                string = String(validating: slice, as: UTF8.self)
            }
            guard let string else { return nil }
            return ascii ? string : string.nfc
        }
    }

    /// The first byte of a field that is not UTF-8, for the error message.
    func firstInvalidByte(_ field: CSVField) -> UInt8? {
        var decoder = UTF8()
        var iterator = file.bytes[field.start..<field.end].makeIterator()
        var offset = field.start
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
            case .emptyInput:
                return nil
            case .error:
                return file.bytes[offset]
            }
        }
    }

    /// The field's raw length in bytes, as a user would count characters in a huge field.
    func byteCount(_ field: CSVField) -> Int { field.end - field.start }
}
