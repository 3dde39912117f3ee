import GRDB
import ThiDuaCore

/// What an importer sees of one file: its header, the current record, and the problems so far.
///
/// The accessors read a cell, check it and return its value, or record an issue naming the row,
/// the column, what was expected and what was found, and return nil.
struct ImportContext {
    var cursor: CSVCursor
    let columnNames: [String]
    private let indexByName: [String: Int]
    var fields: [CSVField] = []
    private(set) var issues: [ImportIssue] = []
    private(set) var total = 0
    /// Problems recorded for the current row.
    private(set) var rowIssues = 0

    init(cursor: CSVCursor, columnNames: [String]) {
        self.cursor = cursor
        self.columnNames = columnNames
        var index: [String: Int] = [:]
        for (i, name) in columnNames.enumerated() where index[name] == nil { index[name] = i }
        indexByName = index
    }

    var file: String { cursor.file.name }
    var row: Int { cursor.row }

    /// The index of a column in the header, if it is there.
    func column(_ name: String) -> Int? { indexByName[name] }

    mutating func beginRow() { rowIssues = 0 }

    mutating func fail(_ column: Int?, expected: String, found: String) {
        fail(row: row, column: column, expected: expected, found: found)
    }

    mutating func fail(row: Int, column: Int?, expected: String, found: String) {
        total += 1
        rowIssues += 1
        if issues.count < ImportFailure.keptIssues {
            issues.append(ImportIssue(file: file, row: row, column: (column ?? 0) + 1, expected: expected, found: found))
        }
    }

    /// `"name"` for a column index, used in messages.
    func named(_ column: Int?) -> String {
        guard let column, column < columnNames.count else { return "" }
        return " in \"\(columnNames[column])\""
    }

    // MARK: Cells

    /// The cell's text, trimmed and NFC, or nil if empty or absent (an issue if not UTF-8 or too long).
    mutating func text(_ column: Int?, maxLength: Int = 500) -> String? {
        guard let column, column < fields.count else { return nil }
        let field = fields[column]
        if field.start == field.end { return nil }
        if cursor.byteCount(field) > maxLength * 4 {
            let characters = String(decoding: cursor.file.bytes[field.start..<field.end], as: UTF8.self).count
            fail(column, expected: "at most \(maxLength) characters\(named(column))", found: "\(characters) characters")
            return nil
        }
        guard let text = cursor.text(field) else {
            let byte = cursor.firstInvalidByte(field).map { "byte 0x" + String($0, radix: 16, uppercase: true) } ?? "invalid bytes"
            fail(column, expected: "UTF-8 text\(named(column)) (the file looks like Latin-1 or Windows-1252; save it as \"CSV UTF-8\")",
                found: byte)
            return nil
        }
        if text.isEmpty { return nil }
        if text.count > maxLength {
            fail(column, expected: "at most \(maxLength) characters\(named(column))", found: "\(text.count) characters")
            return nil
        }
        return text
    }

    /// A cell that must not be empty.
    mutating func required(_ column: Int?, maxLength: Int = 500) -> String? {
        let before = rowIssues
        let value = text(column, maxLength: maxLength)
        if value == nil, rowIssues == before {
            fail(column, expected: "a value\(named(column))", found: "an empty cell")
        }
        return value
    }

    /// A code: letters, digits, `-`, `_`, `.`, at most 64 characters.
    mutating func code(_ column: Int?, required isRequired: Bool = true) -> String? {
        let before = rowIssues
        guard let value = isRequired ? required(column, maxLength: 64) : text(column, maxLength: 64) else { return nil }
        guard rowIssues == before else { return nil }
        if !Self.isCode(value) {
            fail(column, expected: "a code of letters, digits, '-', '_' or '.'\(named(column))", found: shown(value))
            return nil
        }
        return value
    }

    static func isCode(_ value: some StringProtocol) -> Bool {
        !value.isEmpty && value.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == 0x2D || b == 0x5F || b == 0x2E
        }
    }

    /// Codes separated by spaces.
    mutating func codes(_ column: Int?) -> [String]? {
        guard let value = required(column, maxLength: 20_000) else { return nil }
        let codes = value.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        if let bad = codes.first(where: { !Self.isCode($0) }) {
            fail(column, expected: "codes separated by spaces\(named(column))", found: shown(bad))
            return nil
        }
        return codes
    }

    /// A number with a decimal comma or point, as canonical text (`97.5`).
    mutating func number(_ column: Int?, required isRequired: Bool = true, allowNegative: Bool = true) -> String? {
        let before = rowIssues
        guard let value = isRequired ? required(column, maxLength: 64) : text(column, maxLength: 64) else { return nil }
        guard rowIssues == before else { return nil }
        guard let canonical = DecimalText.canonical(value, allowNegative: allowNegative) else {
            let what = allowNegative ? "a number such as 97,5 or 97.5" : "a number ≥ 0 such as 97,5 or 97.5"
            fail(column, expected: "\(what)\(named(column))", found: shown(value))
            return nil
        }
        return canonical
    }

    mutating func year(_ column: Int?) -> Int? {
        guard let value = required(column, maxLength: 8) else { return nil }
        guard value.count == 4, let year = Int(value), (1945...9999).contains(year) else {
            fail(column, expected: "a year such as 2024\(named(column))", found: shown(value))
            return nil
        }
        return year
    }

    mutating func day(_ column: Int?, required isRequired: Bool = true) -> Day? {
        let before = rowIssues
        guard let value = isRequired ? required(column, maxLength: 32) : text(column, maxLength: 32) else { return nil }
        guard rowIssues == before else { return nil }
        guard let day = Day(parsing: value) else {
            fail(column, expected: "a date such as 25/11/2024 or 2024-11-25\(named(column))", found: shown(value))
            return nil
        }
        return day
    }

    mutating func moment(_ column: Int?) -> Moment? {
        guard let value = required(column, maxLength: 32) else { return nil }
        guard let moment = Moment(parsing: value) else {
            fail(column, expected: "a time such as 2024-12-10 08:45\(named(column))", found: shown(value))
            return nil
        }
        return moment
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ column: Int?, _ type: T.Type) -> T? where T.RawValue == String {
        guard let value = required(column, maxLength: 64) else { return nil }
        guard let choice = T(rawValue: value) else {
            let options = T.allCases.map(\.rawValue).joined(separator: ", ")
            fail(column, expected: "one of \(options)\(named(column))", found: shown(value))
            return nil
        }
        return choice
    }
}
