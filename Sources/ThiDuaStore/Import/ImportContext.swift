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
    /// Whether messages name the column (` ở cột "points"`); off when the rows come from
    /// somewhere else than a CSV file and the issue names its own place.
    var namesColumns = true

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

    /// ` ở cột "name"` for a column index, used in messages; empty if the column is not in the file.
    func named(_ column: Int?) -> String {
        guard namesColumns, let column, column < columnNames.count else { return "" }
        return " ở cột \"\(columnNames[column])\""
    }

    /// `what` followed by the column, set off by a comma when `what` ends in an example (`…, ví dụ 2024, ở cột "year"`).
    func afterExample(_ what: String, _ column: Int?) -> String {
        let column = named(column)
        return column.isEmpty ? what : what + "," + column
    }

    // MARK: Cells

    /// The cell's text, trimmed and NFC, or nil if empty or absent (an issue if not UTF-8 or too long).
    mutating func text(_ column: Int?, maxLength: Int = 500) -> String? {
        guard let column, column < fields.count else { return nil }
        let field = fields[column]
        if field.start == field.end { return nil }
        if cursor.byteCount(field) > maxLength * 4 {
            let characters = String(decoding: cursor.file.bytes[field.start..<field.end], as: UTF8.self).count
            fail(column, expected: "tối đa \(maxLength) ký tự\(named(column))", found: "\(characters) ký tự")
            return nil
        }
        guard let text = cursor.text(field) else {
            let byte = cursor.firstInvalidByte(field).map { "byte 0x" + String($0, radix: 16, uppercase: true) } ?? "byte không hợp lệ"
            fail(column, expected: "văn bản UTF-8\(named(column)) (tệp có vẻ được lưu bằng bảng mã Latin-1 hoặc Windows-1252; hãy lưu lại dưới dạng \"CSV UTF-8\")",
                found: byte)
            return nil
        }
        if text.isEmpty { return nil }
        if text.count > maxLength {
            fail(column, expected: "tối đa \(maxLength) ký tự\(named(column))", found: "\(text.count) ký tự")
            return nil
        }
        return text
    }

    /// A cell that must not be empty.
    mutating func required(_ column: Int?, maxLength: Int = 500) -> String? {
        let before = rowIssues
        let value = text(column, maxLength: maxLength)
        if value == nil, rowIssues == before {
            fail(column, expected: "một giá trị\(named(column))", found: shown(""))
        }
        return value
    }

    /// A code: letters, digits, `-`, `_`, `.`, at most 64 characters.
    mutating func code(_ column: Int?, required isRequired: Bool = true) -> String? {
        let before = rowIssues
        guard let value = isRequired ? required(column, maxLength: 64) : text(column, maxLength: 64) else { return nil }
        guard rowIssues == before else { return nil }
        if !Self.isCode(value) {
            fail(column, expected: "một mã chỉ gồm chữ cái không dấu, chữ số, '-', '_' hoặc '.'\(named(column))", found: shown(value))
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
            fail(column, expected: "các mã cách nhau bằng dấu cách\(named(column))", found: shown(bad))
            return nil
        }
        return codes
    }

    /// Unit codes separated by spaces (a bloc's or a pledge's members), as the units' ids: each
    /// must be a unit of units.csv, and each only once.
    mutating func units(_ column: Int?, in units: [String: Int64]) -> [Int64] {
        var members: [Int64] = []
        for member in codes(column) ?? [] {
            guard let id = units[member] else {
                fail(column, expected: "mã các đơn vị trong units.csv\(named(column))", found: "\(shown(member)), không phải mã đơn vị nào")
                continue
            }
            if members.contains(id) {
                fail(column, expected: "mỗi đơn vị chỉ một lần\(named(column))", found: "\(shown(member)) lặp lại")
            }
            members.append(id)
        }
        return members
    }

    /// A number with a decimal comma or point, as canonical text (`97.5`).
    mutating func number(_ column: Int?, required isRequired: Bool = true, allowNegative: Bool = true) -> String? {
        let before = rowIssues
        guard let value = isRequired ? required(column, maxLength: 64) : text(column, maxLength: 64) else { return nil }
        guard rowIssues == before else { return nil }
        guard let canonical = DecimalText.canonical(value, allowNegative: allowNegative) else {
            let what = allowNegative ? "một số, ví dụ 97,5 hoặc 97.5" : "một số ≥ 0, ví dụ 97,5 hoặc 97.5"
            fail(column, expected: afterExample(what, column), found: shown(value))
            return nil
        }
        return canonical
    }

    mutating func year(_ column: Int?) -> Int? {
        guard let value = required(column, maxLength: 8) else { return nil }
        guard value.count == 4, let year = Int(value), (1945...9999).contains(year) else {
            fail(column, expected: afterExample("một năm, ví dụ 2024", column), found: shown(value))
            return nil
        }
        return year
    }

    mutating func day(_ column: Int?, required isRequired: Bool = true) -> Day? {
        let before = rowIssues
        guard let value = isRequired ? required(column, maxLength: 32) : text(column, maxLength: 32) else { return nil }
        guard rowIssues == before else { return nil }
        guard let day = Day(parsing: value) else {
            fail(column, expected: "một ngày dạng 25/11/2024 hoặc 2024-11-25\(named(column))", found: shown(value))
            return nil
        }
        return day
    }

    /// A time: `2024-12-10 08:45`, `10/12/2024 08:45:30`, `2024-12-10T08:45:00+07:00`…; one
    /// without an offset is read at `offset`, the campaign's. With no campaign (its cell is
    /// already an issue) only the form is checked, and there is no time.
    mutating func moment(_ column: Int?, assuming offset: UTCOffset?) -> Moment? {
        guard let value = required(column, maxLength: 32) else { return nil }
        guard let moment = Moment(parsing: value, assuming: offset ?? .utc) else {
            fail(column, expected: "một thời điểm dạng 2024-12-10 08:45 (có thể kèm múi giờ: 2024-12-10 08:45+07:00)\(named(column))",
                found: shown(value))
            return nil
        }
        return offset == nil ? nil : moment
    }

    /// A campaign's time zone as a UTC offset, `+07:00`; an empty cell (or no column) is +07:00, Việt Nam's.
    mutating func utcOffset(_ column: Int?) -> UTCOffset? {
        guard let value = text(column, maxLength: 16) else { return .vietnam }
        guard let offset = UTCOffset(parsing: value) else {
            fail(column, expected: "một độ lệch so với UTC dạng +07:00 (từ -12:00 đến +14:00)\(named(column))", found: shown(value))
            return nil
        }
        return offset
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ column: Int?, _ type: T.Type) -> T? where T.RawValue == String {
        guard let value = required(column, maxLength: 64) else { return nil }
        guard let choice = T(rawValue: value) else {
            let options = T.allCases.map(\.rawValue).joined(separator: ", ")
            fail(column, expected: "một trong các giá trị \(options)\(named(column))", found: shown(value))
            return nil
        }
        return choice
    }
}

/// The row each key was first seen on, so that a key given twice in a file is refused with both rows.
struct FirstRows<Key: Hashable> {
    private var row: [Key: Int] = [:]

    /// Whether the key was seen before (on which row, if so).
    func contains(_ key: Key) -> Bool { row[key] != nil }

    /// Records the current row for `key`; a key seen before is an issue in `column` (the rule
    /// `expected`; `found` followed by "(lần đầu ở dòng N)") and false is returned.
    mutating func claim(_ key: Key, _ context: inout ImportContext, column: Int?, expected: String, found: String) -> Bool {
        if let first = row[key] {
            context.fail(column, expected: expected, found: "\(found) (lần đầu ở dòng \(first))")
            return false
        }
        row[key] = context.row
        return true
    }
}
