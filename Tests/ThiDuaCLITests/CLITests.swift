import Foundation
import Testing
import ThiDuaCore

/// Runs the real `thidua` binary, as a user would, and reads its exit code, stdout and stderr.
@Suite struct CLITests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let base = packageRoot.appendingPathComponent("Tests/ThiDuaStoreTests/Fixtures/base")

    struct Result {
        var status: Int32
        var out: String
        var err: String
    }

    static var binary: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            packageRoot.appendingPathComponent(".build/debug"),
        ].map { $0.appendingPathComponent("thidua") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData, as: UTF8.self))
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func loadBase(_ db: String) throws {
        for kind in ["units", "blocs", "campaigns", "models", "pledges", "targets", "reports", "jurors", "assignments", "scores"] {
            let result = try run(["import", kind, Self.base.appendingPathComponent("\(kind).csv").path, "--db", db])
            #expect(result.status == 0, "\(kind): \(result.err)")
        }
    }

    @Test func helpExitsZero() throws {
        let result = try run(["--help"])
        #expect(result.status == 0)
        #expect(result.out.contains("import"))
        #expect(result.out.contains("demo"))
    }

    @Test func aUsageErrorExitsTwo() throws {
        let result = try run(["import", "nope", "file.csv"])
        #expect(result.status == 2)
        #expect(result.err.contains("Usage: thidua import"))
        #expect(try run(["frobnicate"]).status == 2)
    }

    @Test func initCreatesTheDatabase() throws {
        let dir = try temporaryDirectory()
        let result = try run(["init"], in: dir)
        #expect(result.status == 0)
        #expect(result.out == "Đã khởi tạo cơ sở dữ liệu thidua.sqlite\n")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("thidua.sqlite").path))
    }

    @Test func aBadFileExitsOneWithEveryProblemOnStderrAndStoresNothing() throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("t.sqlite").path
        try loadBase(db)
        let bad = dir.appendingPathComponent("scores.csv")
        try """
            campaign,juror,entry,criterion,points,comment,scored_at,correction_reason
            DVK-2024,GK02,MH-01,B1,12,,2024-12-10 10:00,
            DVK-2024,GK02,MH-01,B2,-1,,2024-12-10 10:01,
            DVK-2024,GK99,MH-01,B3,5,,2024-12-10 10:02,

            """.write(to: bad, atomically: true, encoding: .utf8)
        let before = try run(["list", "scores", "--db", db])
        let result = try run(["import", "scores", "scores.csv", "--db", db], in: dir)
        #expect(result.status == 1)
        #expect(result.out == "")
        #expect(result.err == """
            scores.csv:3:5: cần một số ≥ 0, ví dụ 97,5 hoặc 97.5, ở cột "points", nhưng gặp "-1"
            scores.csv:4:2: cần mã một thành viên hội đồng của phong trào DVK-2024 ở cột "juror", nhưng gặp "GK99", không phải mã thành viên hội đồng nào
            scores.csv: không nhập dòng nào

            """)
        #expect(try run(["list", "scores", "--db", db]).out == before.out)
    }

    @Test func importSaysWhatItDid() throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("t.sqlite").path
        let units = Self.base.appendingPathComponent("units.csv").path
        #expect(try run(["import", "units", units, "--db", db]).out == "\(units): 5 dòng — thêm 5, cập nhật 0, giữ nguyên 0\n")
        #expect(try run(["import", "units", units, "--db", db]).out == "\(units): 5 dòng — thêm 0, cập nhật 0, giữ nguyên 5\n")
    }

    @Test func listAlignsVietnameseTextByDisplayWidth() throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("t.sqlite").path
        try loadBase(db)
        let result = try run(["list", "units", "--db", db])
        #expect(result.status == 0)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.last == "(5 dòng)")
        // Every row's third column ("Loại") starts at the same display column as its header.
        let table = lines.dropLast().filter { !$0.hasPrefix("─") }
        let header = try #require(table.first)
        let column = String(header.prefix(upTo: try #require(header.range(of: "Loại")).lowerBound)).displayWidth
        for line in table.dropFirst() {
            let kind = try #require(["Cơ quan Đảng", "Mặt trận, đoàn thể", "Phường", "Địa phương", "Xã"].compactMap { line.range(of: $0) }.first)
            #expect(String(line.prefix(upTo: kind.lowerBound)).displayWidth == column, "\(line)")
        }
        #expect(lines.contains("X-PHULAM  UBND xã Phú Lâm              Xã                  TX"))
    }

    @Test func listScoresNeedsACampaignWhenThereAreSeveral() throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("t.sqlite").path
        try loadBase(db)
        let result = try run(["list", "scores", "--db", db])
        #expect(result.status == 1)
        #expect(result.err == "Cần chọn phong trào bằng --campaign (có: DVK-2023, DVK-2024).\n")
        let current = try run(["list", "scores", "--campaign", "DVK-2024", "--current", "--db", db])
        #expect(current.status == 0)
        #expect(current.out.hasSuffix("(6 dòng)\n"))
    }

    @Test func demoBuildsAFreshDatabaseFromTheExamples() throws {
        let dir = try temporaryDirectory()
        let examples = Self.packageRoot.appendingPathComponent("Examples").path
        for _ in 0..<2 {
            let result = try run(["demo", "--out", dir.path, "--examples", examples])
            #expect(result.status == 0, "\(result.err)")
            #expect(result.out.contains("1. Nhập dữ liệu"))
            #expect(result.out.contains("scores      "))
            #expect(result.out.contains("Báo cáo trễ hạn"))
            #expect(result.out.contains("Xung đột lợi ích"))
        }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("thidua.sqlite").path))
    }

    /// The demo's results, every number with its trace, against the golden files beside the
    /// examples (`Examples/expected/`). Regenerate with `THIDUA_REGENERATE=1 swift test --filter demoResults`.
    @Test func demoResultsMatchTheGoldenFiles() throws {
        let dir = try temporaryDirectory()
        let examples = Self.packageRoot.appendingPathComponent("Examples")
        let result = try run(["demo", "--out", dir.path, "--examples", examples.path])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("3. Chấm điểm theo bộ tiêu chí"))
        for campaign in ["DVK-2024", "GUTD-2024"] {
            let name = "results-\(campaign).txt"
            let actual = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            let golden = examples.appendingPathComponent("expected").appendingPathComponent(name)
            if ProcessInfo.processInfo.environment["THIDUA_REGENERATE"] == "1" {
                try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
                try actual.write(to: golden, atomically: true, encoding: .utf8)
            }
            #expect(actual == (try String(contentsOf: golden, encoding: .utf8)), "\(name) differs from Examples/expected/\(name)")
        }
    }
}
