import Foundation
import GRDB
import Testing
import ThiDuaStore

/// What an IT officer meets running ThiĐua: its version, and two writers at once.
@Suite struct OperationsCLITests {
    let cli = CLITests()

    @Test func theVersionNamesTheReleaseAndTheSchema() throws {
        let result = try cli.run(["--version"])
        #expect(result.status == 0)
        #expect(result.out.range(of: #"^ThiĐua \d+\.\d+\.\d+ \(lược đồ cơ sở dữ liệu số \#(Schema.version)\)\n$"#, options: .regularExpression) != nil,
            "\(result.out)")
    }

    /// An import while another process holds the database for longer than the wait (10 s) is
    /// refused in words naming the file, not "SQLite error 5: database is locked".
    @Test func anImportWhileAnotherWriteHoldsTheDatabaseSaysItIsBusy() throws {
        let dir = try cli.temporaryDirectory()
        let db = dir.appendingPathComponent("thidua.sqlite").path
        #expect(try cli.run(["init", "--db", db]).status == 0)
        let holder = try DatabaseQueue(path: db)
        try holder.inDatabase { connection in
            try connection.execute(sql: "BEGIN IMMEDIATE")
            let result = try cli.run(["import", "units", CLITests.base.appendingPathComponent("units.csv").path, "--db", db])
            #expect(result.status == 1)
            #expect(result.err == "\(db): cơ sở dữ liệu đang bận: một lệnh khác (nhập dữ liệu, tính điểm, ứng dụng web) đang ghi; "
                + "đã chờ mà lệnh kia chưa xong. Chạy lại khi nó xong.\n")
            try connection.execute(sql: "ROLLBACK")
        }
        let again = try cli.run(["import", "units", CLITests.base.appendingPathComponent("units.csv").path, "--db", db])
        #expect(again.status == 0, "\(again.err)")
    }
}
