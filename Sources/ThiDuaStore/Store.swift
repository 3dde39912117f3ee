import CSQLiteSetup
import Foundation
import GRDB

/// SQLite's process-wide settings, applied once before the first connection (see CSQLiteSetup.h).
private let sqliteSetup: Int32 = thidua_sqlite_setup()

/// The ThiĐua database: one SQLite file in WAL mode with foreign keys on.
///
/// ```swift
/// let store = try Store(path: "thidua.sqlite")
/// let summary = try store.importCSV(.units, from: URL(fileURLWithPath: "Examples/units.csv"))
/// ```
public final class Store: Sendable {
    /// The GRDB connection pool; exposed for tests and tools that read with SQL.
    public let writer: DatabasePool
    public let path: String

    /// Opens (and creates or migrates) the database at `path`.
    public init(path: String) throws {
        _ = sqliteSetup
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.label = "thidua"
        config.prepareDatabase { db in
            // Large imports are one transaction; a bigger page cache keeps their indexes in memory.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            writer = try DatabasePool(path: path, configuration: config)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
        self.path = path
        do {
            try Schema.migrator.migrate(writer)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }
}

/// A problem opening or using the database file.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    /// Something asked for by code is not in the database.
    case notFound(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "\(path): không mở được cơ sở dữ liệu: \(reason)"
        case .notFound(let what):
            what
        }
    }
}
