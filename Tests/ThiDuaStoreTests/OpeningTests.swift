import Foundation
import GRDB
import Testing
import ThiDuaStore

/// Opening a database: its schema version, one made by a newer ThiĐua, and a write that waits
/// for another.
@Suite struct OpeningTests {
    static func freshPath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("thidua.sqlite").path
    }

    static func userVersion(_ path: String) throws -> Int? {
        try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA user_version") }
    }

    @Test func aNewDatabaseKeepsTheSchemaVersion() throws {
        let path = try Self.freshPath()
        _ = try Store(path: path)
        #expect(try Self.userVersion(path) == Schema.version)
    }

    @Test func aHigherSchemaVersionIsRefusedNamingBothAndNothingIsWritten() throws {
        let path = try Self.freshPath()
        _ = try Store(path: path)
        try DatabaseQueue(path: path).write { try $0.execute(sql: "PRAGMA user_version = 999") }
        let schema = { try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name") + String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") } }
        let before = try schema()
        let error = #expect(throws: StoreError.self) { try Store(path: path) }
        #expect(error?.description == "\(path): cơ sở dữ liệu do một phiên bản ThiĐua mới hơn tạo hoặc nâng cấp (lược đồ số 999); "
            + "phiên bản này chỉ biết đến lược đồ số \(Schema.version). Dùng phiên bản ThiĐua đã nâng cấp nó; không ghi gì vào tệp.")
        #expect(try Self.userVersion(path) == 999)
        #expect(try schema() == before)
    }

    @Test func anUnknownMigrationIsRefusedByName() throws {
        let path = try Self.freshPath()
        _ = try Store(path: path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9: từ tương lai')")
        }
        let error = #expect(throws: StoreError.self) { try Store(path: path) }
        #expect(error?.description.contains("(có bước nâng cấp 'v9: từ tương lai' mà phiên bản này không biết)") == true)
    }

    /// A database made before the schema version was kept (user_version 0) opens and gets it.
    @Test func aDatabaseWithoutAVersionIsMigratedAndGetsOne() throws {
        let path = try Self.freshPath()
        _ = try Store(path: path)
        try DatabaseQueue(path: path).write { try $0.execute(sql: "PRAGMA user_version = 0") }
        _ = try Store(path: path)
        #expect(try Self.userVersion(path) == Schema.version)
    }

    /// Two writers at once: the second waits, and when the first holds on longer than it waits,
    /// it is told so in words, not "database is locked", and nothing is half written.
    @Test func aWriteThatWaitsTooLongIsToldTheDatabaseIsBusy() throws {
        let path = try Self.freshPath()
        let store = try Store(path: path, busyTimeout: 0.2)
        let other = try DatabaseQueue(path: path)
        let csv = Array("code,name,kind,parent\nP1,Phường Một,ward,\n".utf8)
        try other.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            let error = #expect(throws: (any Error).self) { try store.importCSV(.units, bytes: csv, name: "units.csv") }
            let said = (error as? DatabaseError).map { StoreError($0, path: path).description } ?? error.map { "\($0)" }
            #expect(said == "\(path): cơ sở dữ liệu đang bận: một lệnh khác (nhập dữ liệu, tính điểm, ứng dụng web) đang ghi; "
                + "đã chờ mà lệnh kia chưa xong. Chạy lại khi nó xong.")
            try db.execute(sql: "ROLLBACK")
        }
        #expect(try store.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM units") } == 0)
        _ = try store.importCSV(.units, bytes: csv, name: "units.csv")
        #expect(try store.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM units") } == 1)
    }
}
