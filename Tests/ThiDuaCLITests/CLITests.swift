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

    /// `environment` replaces variables of the test's own environment (`PATH` without LibreOffice).
    func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
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

    /// Imports the demo dataset, without scoring it.
    func loadExamples(_ db: String) throws {
        for kind in ["units", "blocs", "campaigns", "models", "pledges", "targets", "reports", "jurors", "assignments", "scores"] {
            #expect(try run(["import", kind, Self.packageRoot.appendingPathComponent("Examples/\(kind).csv").path, "--db", db]).status == 0)
        }
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

    /// The demo's results (every number with its trace), standings and award lists, against the
    /// golden files beside the examples (`Examples/expected/`). Regenerate with `THIDUA_REGENERATE=1 swift test --filter demoResults`.
    @Test func demoResultsMatchTheGoldenFiles() throws {
        let dir = try temporaryDirectory()
        let examples = Self.packageRoot.appendingPathComponent("Examples")
        let result = try run(["demo", "--out", dir.path, "--examples", examples.path])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("3. Chấm điểm theo bộ tiêu chí"))
        for campaign in ["DVK-2024", "GUTD-2024", "XH-2024"] {
          for kind in ["results", "standings", "awards", "jury"] where !(kind == "jury" && campaign != "DVK-2024") {
            let name = "\(kind)-\(campaign).txt"
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

    @Test func criteriaCheckSaysOKOrListsEveryMistakeWithExitOne() throws {
        let shipped = try FileManager.default.contentsOfDirectory(atPath: Self.packageRoot.appendingPathComponent("Criteria").path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { Self.packageRoot.appendingPathComponent("Criteria/\($0)").path }
        let ok = try run(["criteria", "check"] + shipped)
        #expect(ok.status == 0, "\(ok.err)")
        #expect(ok.out.split(separator: "\n").filter { $0.hasPrefix("OK ") }.count == shipped.count)
        let dir = try temporaryDirectory()
        let bad = dir.appendingPathComponent("sai.yaml")
        try """
            id: sai
            version: "1"
            title: Sai
            applies_to: model
            groups:
              - id: A
                title: A
                criteria:
                  - { id: A1, title: Một, max: 10, source: formula, formula: metrics.x +* 2 }
                  - { id: A2, title: Hai, max: 10, source: formula, formula: score.Z9 }
            """.write(to: bad, atomically: true, encoding: .utf8)
        let result = try run(["criteria", "check", bad.path])
        #expect(result.status == 1)
        #expect(result.err.contains("sai.yaml:9:77: formula: cần một giá trị, gặp '*'"))
        #expect(result.err.contains("sai.yaml:10:66: formula: không có tiêu chí 'Z9' trong bộ tiêu chí"))
        #expect(result.err.contains("1 trong 1 tệp có lỗi."))
    }

    /// A criteria folder holding one set with the id the base dataset's DVK-2024 names.
    func criteriaFolder(_ yaml: String) throws -> URL {
        let criteria = try temporaryDirectory().appendingPathComponent("Criteria")
        try FileManager.default.createDirectory(at: criteria, withIntermediateDirectories: true)
        try yaml.write(to: criteria.appendingPathComponent("thu.yaml"), atomically: true, encoding: .utf8)
        return criteria
    }

    @Test func scoreStoresAResultThatExplainReads() throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("t.sqlite").path
        try loadBase(db)
        let criteria = try criteriaFolder("""
            id: dvk-mo-hinh
            version: "thử"
            title: Thử
            applies_to: model
            jury: { aggregate: mean, min_jurors: 2 }
            groups:
              - id: A
                title: A
                criteria:
                  - { id: A1, title: Một, max: 20, source: jury }
                  - { id: A2, title: Hai, max: 15, source: jury }
            """)
        let scored = try run(["score", "--campaign", "DVK-2024", "--db", db, "--criteria", criteria.path])
        #expect(scored.status == 0, "\(scored.err)")
        #expect(scored.out.contains("DVK-2024: chấm theo bộ tiêu chí dvk-mo-hinh thử"))
        // MH-01 has A1 from three jurors, but GK03 belongs to its unit; A2 has one score only.
        #expect(scored.out.contains("chưa đủ điểm: A2: 1 thành viên chấm hợp lệ, cần ít nhất 2"))
        let explained = try run(["explain", "MH-01", "--db", db])
        #expect(explained.status == 0, "\(explained.err)")
        #expect(explained.out.contains("GK03 (P-ANPHU): A1"))
        // GK01's correction (18, later, with a reason) replaces 17,5.
        #expect(explained.out.contains("A1 = 17,25 — trung bình cộng của 2 điểm"))
        #expect(explained.out.contains("Chưa đủ điểm: A2: 1 thành viên chấm hợp lệ, cần ít nhất 2"))
        let unknown = try run(["explain", "MH-99", "--db", db])
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("Chưa có kết quả cho 'MH-99'"))
    }

    @Test func anEvaluationErrorStoresNothingAndNamesEntryAndCriterion() throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("t.sqlite").path
        try loadBase(db)
        let criteria = try criteriaFolder("""
            id: dvk-mo-hinh
            version: "thử"
            title: Thử
            applies_to: model
            jury: { aggregate: mean }
            groups:
              - id: A
                title: A
                criteria:
                  - { id: A1, title: Một, max: 20, source: jury }
                  - { id: X1, title: Tỷ lệ, max: 10, source: formula, formula: metrics.khong_co / 2 }
            """)
        let result = try run(["score", "--campaign", "DVK-2024", "--db", db, "--criteria", criteria.path])
        #expect(result.status == 1)
        #expect(result.err.contains("DVK-2024: MH-01, X1: thiếu giá trị metrics.khong_co"))
        #expect(result.err.contains("DVK-2024: MH-02, X1: thiếu giá trị metrics.khong_co"))
        // The log's A2 is not in this set: that is an error too, never silently dropped.
        #expect(result.err.contains("DVK-2024: MH-01, A2: có điểm của GK01 cho tiêu chí không có trong bộ tiêu chí dvk-mo-hinh"))
        #expect(result.err.contains("DVK-2024: 3 lỗi khi tính điểm; chưa lưu kết quả nào."))
        #expect(try run(["explain", "MH-01", "--db", db]).status == 1)

        // Two files with the same id: which one is meant cannot be guessed.
        try FileManager.default.copyItem(at: criteria.appendingPathComponent("thu.yaml"), to: criteria.appendingPathComponent("thu-2.yaml"))
        let twice = try run(["score", "--campaign", "DVK-2024", "--db", db, "--criteria", criteria.path])
        #expect(twice.status == 1)
        #expect(twice.err.contains("Có 2 tệp cùng id 'dvk-mo-hinh'"))
    }

    @Test func standingsAwardsAndWhatIfOnTheDemo() throws {
        let dir = try temporaryDirectory()
        let examples = Self.packageRoot.appendingPathComponent("Examples")
        #expect(try run(["demo", "--out", dir.path, "--examples", examples.path]).status == 0)
        let db = dir.appendingPathComponent("thidua.sqlite").path
        let standings = try run(["standings", "--campaign", "DVK-2024", "--bloc", "KHOI-XP", "--db", db])
        #expect(standings.status == 0, "\(standings.err)")
        #expect(standings.out.contains("Nhóm KHOI-XP: 21 mục được xếp hạng, 1 không xếp hạng"))
        #expect(!standings.out.contains("Nhóm KHOI-CQ"))
        #expect(standings.out.contains("Không xếp hạng: MH-12 — không xét: Đơn vị có cán bộ bị kỷ luật"))
        let unit = try run(["standings", "--campaign", "DVK-2024", "--unit", "P-PHULAM", "--db", db])
        #expect(unit.out.contains("MH-05") && unit.out.contains("MH-07") && !unit.out.contains("MH-01 "))
        let awards = try run(["awards", "--campaign", "DVK-2024", "--db", db])
        #expect(awards.out.contains("20% của 22 trong nhóm = 4,40 → 4 (làm tròn xuống)"))
        let whatif = try run(["whatif", "MH-07", "--campaign", "DVK-2024", "--set", "A1=20", "--set", "B1=25", "--db", db])
        #expect(whatif.status == 0, "\(whatif.err)")
        #expect(whatif.out.contains("Hiện tại: tổng 84,45, xếp loại Tốt, hạng 6/21"))
        #expect(whatif.out.contains("Giả định: tổng 92,15, xếp loại Xuất sắc, hạng 3/21"))
        // Nothing was stored: the standings are as before.
        #expect(try run(["standings", "--campaign", "DVK-2024", "--bloc", "KHOI-XP", "--db", db]).out == standings.out)
        let tooMuch = try run(["whatif", "MH-07", "--campaign", "DVK-2024", "--set", "A1=30", "--db", db])
        #expect(tooMuch.status == 1)
        #expect(tooMuch.err.contains("--set A1=30: điểm phải từ 0 đến 20 (điểm tối đa của A1), gặp 30."))
        let unknown = try run(["whatif", "MH-07", "--campaign", "DVK-2024", "--set", "Z9=1", "--db", db])
        #expect(unknown.err.contains("không có tiêu chí 'Z9' trong bộ tiêu chí dvk-mo-hinh"))
    }

    @Test func standingsBeforeScoringSayWhatToRun() throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("t.sqlite").path
        try loadBase(db)
        let result = try run(["standings", "--campaign", "DVK-2024", "--db", db])
        #expect(result.status == 1)
        #expect(result.err.contains("Phong trào DVK-2024 chưa được tính điểm. Chạy: thidua score --campaign DVK-2024"))
    }

    @Test func aUnitRankingNeedsItsSourcesScoredFirst() throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("t.sqlite").path
        try loadExamples(db)
        let early = try run(["score", "--campaign", "XH-2024", "--db", db])
        #expect(early.status == 1)
        #expect(early.err.contains("XH-2024: phong trào GUTD-2024 chưa được tính điểm. Chạy trước: thidua score --campaign GUTD-2024"))
        #expect(try run(["score", "--campaign", "GUTD-2024", "--db", db]).status == 0)
        #expect(try run(["score", "--campaign", "DVK-2024", "--db", db]).status == 0)
        let scored = try run(["score", "--campaign", "XH-2024", "--db", db])
        #expect(scored.status == 0, "\(scored.err)")
        #expect(scored.out.contains("P-PHULAM    P-PHULAM    KHOI-XP     101,56  Hoàn thành xuất sắc nhiệm vụ"))
    }

    @Test func mistakesInTheLaterCommandsAreSaidClearly() throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("t.sqlite").path
        try loadExamples(db)
        let early = try run(["export", "xml", "--campaign", "DVK-2024", "--out", dir.path, "--db", db])
        #expect(early.status == 1)
        #expect(early.err.contains("Phong trào DVK-2024 chưa được tính điểm. Chạy: thidua score --campaign DVK-2024"))
        #expect(try run(["score", "--campaign", "DVK-2024", "--db", db]).status == 0)

        let noSet = try run(["whatif", "MH-07", "--campaign", "DVK-2024", "--db", db])
        #expect(noSet.err.contains("Cần ít nhất một --set TIÊU_CHÍ=ĐIỂM."))
        let badSet = try run(["whatif", "MH-07", "--campaign", "DVK-2024", "--set", "A1:20", "--db", db])
        #expect(badSet.err.contains("--set A1:20: cần dạng TIÊU_CHÍ=ĐIỂM, ví dụ A1=18 hoặc B2=12,5."))
        let noEntry = try run(["whatif", "MH-99", "--campaign", "DVK-2024", "--set", "A1=20", "--db", db])
        #expect(noEntry.err.contains("Không có mục 'MH-99' trong phong trào DVK-2024."))
        let noCampaign = try run(["awards", "--campaign", "XX-2024", "--db", db])
        #expect(noCampaign.err.contains("Không có phong trào 'XX-2024' (có: DVK-2024, GUTD-2024, XH-2024)."))

        // A pledge campaign has no jury: no agreement report and no score sheets.
        let jury = try run(["jury-report", "--campaign", "GUTD-2024", "--db", db])
        #expect(jury.status == 1)
        #expect(jury.err.contains("Phong trào GUTD-2024 không có tiêu chí do hội đồng chấm (bộ tiêu chí giao-uoc-thi-dua)."))
        let sheets = try run(["export", "sheets", "--campaign", "GUTD-2024", "--out", dir.path, "--db", db])
        #expect(sheets.err.contains("Phong trào GUTD-2024 không có tiêu chí do hội đồng chấm: không có phiếu chấm."))

        // The criteria file changed after the run: standings refuse to mix the two.
        let criteria = dir.appendingPathComponent("Criteria")
        try FileManager.default.createDirectory(at: criteria, withIntermediateDirectories: true)
        let original = try String(contentsOf: Self.packageRoot.appendingPathComponent("Criteria/dan-van-kheo-mo-hinh.yaml"), encoding: .utf8)
        try (original + "\n# sửa sau lần tính\n").write(to: criteria.appendingPathComponent("dvk.yaml"), atomically: true, encoding: .utf8)
        let changed = try run(["standings", "--campaign", "DVK-2024", "--criteria", criteria.path, "--db", db])
        #expect(changed.status == 1)
        #expect(changed.err.contains("đã khác với lúc tính điểm lần #1"))
        #expect(changed.err.contains("Chạy lại: thidua score --campaign DVK-2024"))
    }
}
