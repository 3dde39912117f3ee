import Foundation
import GRDB
import ThiDuaStore

/// The fixtures beside these tests, read from the source tree so that golden files can be regenerated.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let base = root.appendingPathComponent("base")
    static let badInput = root.appendingPathComponent("bad-input")

    /// Set `THIDUA_REGENERATE=1` to rewrite expected outputs from what the code does now; review with `git diff`.
    static let regenerate = ProcessInfo.processInfo.environment["THIDUA_REGENERATE"] == "1"
}

/// A store in a fresh SQLite file in a temporary directory.
func temporaryStore() throws -> Store {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return try Store(path: directory.appendingPathComponent("thidua.sqlite").path)
}

/// A store holding the small base dataset of `Fixtures/base`.
func baseStore() throws -> Store {
    let store = try temporaryStore()
    for kind in ImportKind.allCases {
        _ = try store.importCSV(kind, from: Fixtures.base.appendingPathComponent("\(kind.rawValue).csv"), name: "\(kind.rawValue).csv")
    }
    return store
}

/// Every row of every table, as sorted text: two dumps are equal when the data is.
func dump(_ store: Store) throws -> [String] {
    try store.writer.read { db in
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb%' ORDER BY name")
        var lines: [String] = []
        for table in tables {
            for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table)") {
                lines.append(table + " " + row.description)
            }
        }
        return lines.sorted()
    }
}

extension ImportSummary {
    var text: String { "\(file): \(rows) rows, \(added) added, \(updated) updated, \(unchanged) unchanged" }
}
