import Foundation
import Testing

/// `thidua import decisions` and `thidua export decision|certificates`, run as a user runs them.
@Suite struct DocumentsCLITests {
    let cli = CLITests()

    /// The examples imported and DVK-2024 scored, in a new database.
    func scoredDatabase() throws -> (dir: URL, db: String) {
        let dir = try cli.temporaryDirectory()
        let db = dir.appendingPathComponent("t.sqlite").path
        try cli.loadExamples(db)
        let scored = try cli.run(["score", "--campaign", "DVK-2024", "--db", db], in: CLITests.packageRoot)
        #expect(scored.status == 0, "\(scored.err)")
        return (dir, db)
    }

    @Test func theDocumentsNeedTheCampaignsAwardConfiguration() throws {
        let (dir, db) = try scoredDatabase()
        let out = dir.appendingPathComponent("out").path
        let missing = try cli.run(["export", "decision", "--campaign", "DVK-2024", "--out", out, "--db", db], in: CLITests.packageRoot)
        #expect(missing.status == 1)
        #expect(missing.err == "Phong trào DVK-2024 chưa có cấu hình khen thưởng (số, ngày quyết định, căn cứ, nơi nhận, người ký). "
            + "Nhập: thidua import decisions TỆP.yaml (mẫu: Examples/khen-thuong-DVK-2024.yaml)\n")

        let config = CLITests.packageRoot.appendingPathComponent("Examples/khen-thuong-DVK-2024.yaml").path
        let imported = try cli.run(["import", "decisions", config, "--db", db])
        #expect(imported.status == 0)
        #expect(imported.out == "\(config): cấu hình khen thưởng của DVK-2024 — 2 quyết định (bang_khen, giay_khen)\n")

        let decision = try cli.run(["export", "decision", "--campaign", "DVK-2024", "--out", out, "--db", db], in: CLITests.packageRoot)
        #expect(decision.status == 0, "\(decision.err)")
        #expect(decision.out == "Đã ghi \(out)/quyet-dinh-DVK-2024-bang_khen.odt, \(out)/quyet-dinh-DVK-2024-giay_khen.odt\n")

        let each = try cli.run(["export", "certificates", "--each", "--flat", "--campaign", "DVK-2024", "--out", out, "--db", db],
            in: CLITests.packageRoot)
        #expect(each.status == 0, "\(each.err)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("giay-khen-") }.sorted()
        #expect(files.count == 9)
        #expect(files.first == "giay-khen-DVK-2024-bang_khen-MH-05.fodt")
        let text = try String(contentsOfFile: "\(out)/giay-khen-DVK-2024-bang_khen-MH-05.fodt", encoding: .utf8)
        #expect(text.contains("office:mimetype=\"application/vnd.oasis.opendocument.text\""))
        #expect(text.contains("UBND phường Phú Lâm"))
    }

    @Test func aWrongConfigurationIsRefusedWholeWithItsLines() throws {
        let (dir, db) = try scoredDatabase()
        let bad = dir.appendingPathComponent("khen-thuong.yaml")
        try """
            campaign: DVK-2024
            decisions:
              - award: giay_khen
                issuing_body: ỦY BAN NHÂN DÂN THỊ XÃ PHÚ LÂM
                number: 1520/QĐ-UBND
                date: 20-12-2024
            """.write(to: bad, atomically: true, encoding: .utf8)
        let result = try cli.run(["import", "decisions", bad.path, "--db", db])
        #expect(result.status == 1)
        let lines = result.err.split(separator: "\n").map(String.init)
        #expect(lines.first == "\(bad.path):3:5: thiếu khóa bắt buộc 'place' trong quyết định giay_khen")
        #expect(lines.contains("\(bad.path):6:11: 'date' phải là một ngày dd/mm/yyyy (ví dụ 20/12/2024), gặp \"20-12-2024\""))
        // Nothing was stored: the documents still ask for a configuration.
        let out = dir.appendingPathComponent("out").path
        let export = try cli.run(["export", "certificates", "--campaign", "DVK-2024", "--out", out, "--db", db], in: CLITests.packageRoot)
        #expect(export.status == 1)
        #expect(export.err.hasPrefix("Phong trào DVK-2024 chưa có cấu hình khen thưởng"))

        try "campaign: KHONG-CO\ndecisions: []\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(try cli.run(["import", "decisions", bad.path, "--db", db]).err == "\(bad.path):2:12: 'decisions' cần ít nhất một quyết định\n")
        let valid = try String(contentsOf: CLITests.packageRoot.appendingPathComponent("Examples/khen-thuong-DVK-2024.yaml"), encoding: .utf8)
        try valid.replacingOccurrences(of: "campaign: DVK-2024", with: "campaign: KHONG-CO").write(to: bad, atomically: true, encoding: .utf8)
        let unknown = try cli.run(["import", "decisions", bad.path, "--db", db])
        #expect(unknown.status == 1)
        #expect(unknown.err == "\(bad.path): không có phong trào 'KHONG-CO'; nhập phong trào trước (thidua import campaigns …)\n")
    }

    @Test func aTemplateMissingWhatTheDocumentNeedsIsNamed() throws {
        let (dir, db) = try scoredDatabase()
        let config = CLITests.packageRoot.appendingPathComponent("Examples/khen-thuong-DVK-2024.yaml").path
        #expect(try cli.run(["import", "decisions", config, "--db", db]).status == 0)
        let source = try String(contentsOf: CLITests.packageRoot.appendingPathComponent("Exports/giay-khen.fodt"), encoding: .utf8)
        let template = dir.appendingPathComponent("mau.fodt")
        try source.replacingOccurrences(of: "&lt;nguoi_nhan&gt;", with: "&lt;nguoi_nhan_&gt;").write(to: template, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        let result = try cli.run(["export", "certificates", "--campaign", "DVK-2024", "--template", template.path, "--out", out, "--db", db],
            in: CLITests.packageRoot)
        #expect(result.status == 1)
        let line = try #require(source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("&lt;nguoi_nhan&gt;") }) + 1
        #expect(result.err.hasPrefix("Mẫu văn bản \(template.path):\(line): chỗ giữ chỗ <nguoi_nhan_> không có trong văn bản này (gần giống: <nguoi_ky>, <nguoi_nhan>)"))
        #expect(!FileManager.default.fileExists(atPath: out + "/giay-khen-DVK-2024-giay_khen.odt"))
    }
}
