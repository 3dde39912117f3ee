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

/// Options that would make a number silently wrong are refused before anything runs.
@Suite struct HostileOptionsCLITests {
    let cli = CLITests()

    @Test(arguments: [("nan", "nan"), ("1e309", "một số quá lớn"), ("0", "0.0"), ("-1", nil)])
    func aThresholdThatIsNoPositiveFiniteNumberIsRefused(_ given: String, _ shown: String?) throws {
        let result = try cli.run(["jury-report", "--campaign", "DVK-2024", "--threshold=\(given)", "--db", "/nonexistent/thidua.sqlite"])
        #expect(result.status == 2)
        let expected = "Error: --threshold: cần một số dương hữu hạn (ví dụ 2 hoặc 2.5), gặp \(shown ?? "-1.0")."
        #expect(result.err.hasPrefix(expected), "\(result.err)")
    }

    @Test func aCampaignInAnEmptyDatabaseSaysThereIsNone() throws {
        let db = try cli.temporaryDirectory().appendingPathComponent("thidua.sqlite").path
        let result = try cli.run(["standings", "--campaign", "DVK-2024", "--db", db])
        #expect(result.status == 1)
        #expect(result.err == "Không có phong trào 'DVK-2024' (chưa có phong trào nào: nhập campaigns.csv trước).\n")
    }
}

/// Exports that cannot be written say where and why, and leave what was there.
@Suite struct ExportPlaceCLITests {
    let cli = CLITests()

    @Test func anExportThatCannotBeWrittenSaysWhereAndKeepsWhatWasThere() throws {
        let dir = try cli.temporaryDirectory()
        let examples = CLITests.packageRoot.appendingPathComponent("Examples").path
        #expect(try cli.run(["demo", "--out", dir.appendingPathComponent("demo").path, "--examples", examples]).status == 0)
        let db = dir.appendingPathComponent("demo/thidua.sqlite").path

        // A file where the folder should be.
        let file = dir.appendingPathComponent("mot-tep").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let onFile = try cli.run(["export", "xml", "--campaign", "DVK-2024", "--out", file, "--db", db])
        #expect(onFile.status == 1)
        #expect(onFile.err == "Không tạo được thư mục \(file)/ để ghi tệp: đã có một tệp tên này.\n")

        // Something in the way of the file: it stays, and no temporary file is left beside it.
        let out = dir.appendingPathComponent("ra")
        let blocked = out.appendingPathComponent("results-DVK-2024.xml")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("con"), withIntermediateDirectories: true)
        let inTheWay = try cli.run(["export", "xml", "--campaign", "DVK-2024", "--out", out.path, "--db", db])
        #expect(inTheWay.status == 1)
        #expect(inTheWay.err.hasPrefix("Không ghi được \(blocked.path): "), "\(inTheWay.err)")
        #expect(inTheWay.err.hasSuffix("; tệp cũ (nếu có) vẫn giữ nguyên.\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["results-DVK-2024.xml"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: blocked.path) == ["con"])
    }
}
