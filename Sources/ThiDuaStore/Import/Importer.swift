import Foundation
import GRDB
import ThiDuaCore

/// The kinds of CSV file ThiĐua imports, in the order they depend on each other.
public enum ImportKind: String, Sendable, CaseIterable {
    case units, blocs, campaigns, models, pledges, targets, reports, jurors, assignments, scores

    /// The columns of the file: name and whether a value is required in the header.
    public var columns: [String] { importer.columns.map(\.name) }

    /// Column prefixes that open any number of columns (`metrics.`, `facts.`).
    public var openColumnPrefixes: [String] { importer.openPrefixes }

    var importer: any RowImporter.Type {
        switch self {
        case .units: UnitsImporter.self
        case .blocs: BlocsImporter.self
        case .campaigns: CampaignsImporter.self
        case .models: ModelsImporter.self
        case .pledges: PledgesImporter.self
        case .targets: TargetsImporter.self
        case .reports: ReportsImporter.self
        case .jurors: JurorsImporter.self
        case .assignments: AssignmentsImporter.self
        case .scores: ScoresImporter.self
        }
    }
}

/// What one import did.
public struct ImportSummary: Sendable, Equatable {
    public var kind: ImportKind
    public var file: String
    /// Data rows read (blank rows are skipped).
    public var rows = 0
    /// Records added, changed, and found already as the file says.
    public var added = 0
    public var updated = 0
    public var unchanged = 0
}

/// A column of an import file.
struct ColumnSpec {
    var name: String
    /// Whether the column must be in the header.
    var required: Bool

    static func req(_ name: String) -> ColumnSpec { ColumnSpec(name: name, required: true) }
    static func opt(_ name: String) -> ColumnSpec { ColumnSpec(name: name, required: false) }
}

/// One kind's import: checks each row, writes it, and records what changed.
protocol RowImporter {
    static var columns: [ColumnSpec] { get }
    static var openPrefixes: [String] { get }
    init(_ context: ImportContext, _ db: Database) throws
    /// Checks and writes the current row; problems go to `context`.
    mutating func importRow(_ context: inout ImportContext, _ db: Database, _ summary: inout ImportSummary) throws
    /// Work that needs every row first (forward references).
    mutating func finish(_ context: inout ImportContext, _ db: Database, _ summary: inout ImportSummary) throws
}

extension RowImporter {
    static var openPrefixes: [String] { [] }
    mutating func finish(_ context: inout ImportContext, _ db: Database, _ summary: inout ImportSummary) throws {}
}

extension Store {
    /// Imports one CSV file as one transaction: either every row is stored, or nothing is and
    /// an ``ImportFailure`` lists every problem found.
    ///
    /// Re-importing a file adds nothing twice: a record whose code is already stored is updated
    /// to what the file says (or left as it is if equal); a score already in the log is skipped.
    public func importCSV(
        _ kind: ImportKind, from url: URL, name: String? = nil,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> ImportSummary {
        let name = name ?? url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ImportFailure(file: name, issues: [
                ImportIssue(file: name, row: 1, column: 1, expected: "một tệp đọc được", found: "lỗi khi đọc (\(error.localizedDescription))")
            ])
        }
        return try importCSV(kind, bytes: [UInt8](data), name: name, progress: progress)
    }

    /// Imports CSV bytes; `name` is the file name used in messages.
    public func importCSV(
        _ kind: ImportKind, bytes: [UInt8], name: String,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> ImportSummary {
        let file = try CSVFile(name: name, bytes: bytes)
        var cursor = CSVCursor(file)
        var headerFields: [CSVField] = []
        _ = try cursor.next(into: &headerFields)
        let header = try checkHeader(kind.importer, cursor: cursor, fields: headerFields)
        let importer = kind.importer
        return try writer.write { db in
            try Self.run(importer, kind: kind, context: ImportContext(cursor: cursor, columnNames: header), db: db, progress: progress)
        }
    }

    static func run<I: RowImporter>(
        _ type: I.Type, kind: ImportKind, context: ImportContext, db: Database,
        progress: (@Sendable (Int, Int) -> Void)?
    ) throws -> ImportSummary {
        var context = context
        var importer = try I(context, db)
        var summary = ImportSummary(kind: kind, file: context.file)
        let width = context.columnNames.count
        let totalBytes = context.cursor.file.bytes.count
        context.fields.reserveCapacity(width + 4)
        while try context.cursor.next(into: &context.fields) {
            let fields = context.fields
            // Blank lines and rows of empty cells (spreadsheets write them) are skipped.
            if fields.allSatisfy({ $0.start == $0.end }) { continue }
            summary.rows += 1
            context.beginRow()
            if fields.count != width {
                context.fail(min(fields.count, width), expected: "\(width) trường như ở dòng tiêu đề", found: "\(fields.count) trường")
                continue
            }
            do {
                try importer.importRow(&context, db, &summary)
            } catch let error as DatabaseError {
                context.fail(0, expected: "một dòng mà cơ sở dữ liệu chấp nhận", found: "lỗi của SQLite: \(error.message ?? error.description)")
            }
            if let progress, summary.rows & 0xFFFF == 0 {
                progress(context.cursor.atEnd ? totalBytes : summary.rows, totalBytes)
            }
        }
        try importer.finish(&context, db, &summary)
        if context.total > 0 {
            throw ImportFailure(file: context.file, issues: context.issues, total: context.total)
        }
        return summary
    }

    /// The header's column names, or a failure naming every missing, unknown or repeated column.
    private func checkHeader(_ importer: any RowImporter.Type, cursor: CSVCursor, fields: [CSVField]) throws(ImportFailure) -> [String] {
        let file = cursor.file.name
        var issues: [ImportIssue] = []
        var names: [String] = []
        for (i, field) in fields.enumerated() {
            guard let name = cursor.text(field) else {
                issues.append(ImportIssue(file: file, row: 1, column: i + 1, expected: "tên cột viết bằng UTF-8", found: "byte không hợp lệ"))
                names.append("")
                continue
            }
            names.append(name)
        }
        let known = Set(importer.columns.map(\.name))
        let list = importer.columns.map(\.name).joined(separator: ", ")
        if !issues.isEmpty || !names.contains(where: known.contains) {
            // Not a header of this kind at all: say so once rather than column by column.
            let found = names.joined(separator: cursor.file.delimiter == 0x3B ? ";" : ",")
            throw ImportFailure(file: file, issues: [ImportIssue(file: file, row: 1, column: 1,
                expected: "dòng tiêu đề có các cột \(list)", found: "\(shown(found)) (có chọn nhầm tệp không?)")])
        }
        var seen: Set<String> = []
        for (i, name) in names.enumerated() where !name.isEmpty || fields.count > 1 {
            if !seen.insert(name).inserted {
                issues.append(ImportIssue(file: file, row: 1, column: i + 1, expected: "mỗi cột chỉ một lần", found: "\(shown(name)) lần nữa"))
            } else if !known.contains(name)
                && !importer.openPrefixes.contains(where: { name.hasPrefix($0) && ImportContext.isCode(name.dropFirst($0.count)) })
            {
                let open = importer.openPrefixes.isEmpty ? "" : ", hoặc một cột tên " + importer.openPrefixes.map { $0 + "TÊN" }.joined(separator: " hoặc ")
                issues.append(ImportIssue(file: file, row: 1, column: i + 1, expected: "một trong các cột \(list)\(open)", found: shown(name)))
            }
        }
        for spec in importer.columns where spec.required && !names.contains(spec.name) {
            issues.append(ImportIssue(file: file, row: 1, column: names.count + 1,
                expected: "cột \"\(spec.name)\" ở dòng tiêu đề", found: "dòng tiêu đề chỉ có các cột \(names.joined(separator: ", "))"))
        }
        if !issues.isEmpty { throw ImportFailure(file: file, issues: issues) }
        return names
    }
}
