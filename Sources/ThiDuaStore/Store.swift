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

    /// Opens (and creates or migrates) the database at `path`. A write waits up to
    /// `busyTimeout` seconds for another one to finish.
    public init(path: String, busyTimeout: TimeInterval = Store.busyTimeout) throws {
        _ = sqliteSetup
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.label = "thidua"
        // Two imports or scoring runs at once: the second waits for the first to commit.
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            // Large imports are one transaction; a bigger page cache keeps their indexes in memory.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            writer = try DatabasePool(path: path, configuration: config)
        } catch let error as DatabaseError {
            throw StoreError(error, path: path)
        }
        self.path = path
        do {
            try Self.refuseNewer(writer, path: path)
            try Schema.migrator.migrate(writer)
            try writer.write { db in
                if try Int.fetchOne(db, sql: "PRAGMA user_version") != Schema.version {
                    try db.execute(sql: "PRAGMA user_version = \(Schema.version)")
                }
            }
        } catch let error as DatabaseError {
            throw StoreError(error, path: path)
        }
    }

    /// How long a write waits for another one to finish, in seconds, unless told otherwise.
    public static let busyTimeout: TimeInterval = 10

    /// A database a newer ThiĐua made or migrated is never written by this one: its schema
    /// version is higher, or it has a migration this code does not know.
    private static func refuseNewer(_ writer: DatabasePool, path: String) throws {
        let (version, unknown) = try writer.read { db in
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            let known = Set(Schema.migrator.migrations)
            let applied = try db.tableExists("grdb_migrations")
                ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
            return (version, applied.filter { !known.contains($0) })
        }
        guard version <= Schema.version, unknown.isEmpty else {
            throw StoreError.newerSchema(path: path, version: version, known: Schema.version, unknown: unknown)
        }
    }
}

/// A problem opening or using the database file.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    /// The database is at a schema version this code does not know (`version`, above `known`).
    case newerSchema(path: String, version: Int, known: Int, unknown: [String])
    /// Another write held the database for longer than ``Store/busyTimeout``.
    case busy(path: String)
    /// Something asked for by code is not in the database.
    case notFound(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "\(path): không mở được cơ sở dữ liệu: \(reason)"
        case .newerSchema(let path, let version, let known, let unknown):
            "\(path): cơ sở dữ liệu do một phiên bản ThiĐua mới hơn tạo hoặc nâng cấp ("
                + ([version > known ? "lược đồ số \(version)" : nil,
                    unknown.isEmpty ? nil : "có bước nâng cấp \(unknown.map { "'\($0)'" }.joined(separator: ", ")) mà phiên bản này không biết"]
                    .compactMap { $0 }.joined(separator: ", "))
                + "); phiên bản này chỉ biết đến lược đồ số \(known). Dùng phiên bản ThiĐua đã nâng cấp nó; không ghi gì vào tệp."
        case .busy(let path):
            "\(path): cơ sở dữ liệu đang bận: một lệnh khác (nhập dữ liệu, tính điểm, ứng dụng web) đang ghi; "
                + "đã chờ mà lệnh kia chưa xong. Chạy lại khi nó xong."
        case .notFound(let what):
            what
        }
    }
}

extension StoreError {
    /// An SQLite error said for the user: a lock held too long as ``busy(path:)``, others as
    /// what SQLite says.
    public init(_ error: DatabaseError, path: String) {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy(path: path)
        default: self = .cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }
}
