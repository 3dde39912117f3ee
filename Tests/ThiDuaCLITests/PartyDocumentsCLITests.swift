import Foundation
import Testing

/// A decision with `format: dang` is written with the Party templates (Hướng dẫn 36-HD/VPTW), the
/// others of the same export with the state ones; `--template` still replaces both.
@Suite struct PartyDocumentsCLITests {
    let cli = CLITests()

    func exported(_ kind: String, _ extra: [String] = []) throws -> (out: String, files: [String: String]) {
        let (dir, db) = try DocumentsCLITests().scoredDatabase()
        let config = CLITests.packageRoot.appendingPathComponent("Examples/khen-thuong-DVK-2024.yaml").path
        #expect(try cli.run(["import", "decisions", config, "--db", db]).status == 0)
        let out = dir.appendingPathComponent("out").path
        let result = try cli.run(["export", kind, "--flat", "--campaign", "DVK-2024", "--out", out, "--db", db] + extra,
            in: CLITests.packageRoot)
        #expect(result.status == 0, "\(result.err)")
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out) {
            files[name] = try String(contentsOfFile: (out as NSString).appendingPathComponent(name), encoding: .utf8)
        }
        return (out, files)
    }

    @Test func eachDecisionIsWrittenInItsOwnFormat() throws {
        let files = try exported("decision").files
        let party = try #require(files["quyet-dinh-DVK-2024-giay_khen.fodt"])
        #expect(party.contains(">ĐẢNG CỘNG SẢN VIỆT NAM</text:p>"))
        #expect(party.contains(">Số 127-QĐ/TU</text:p>"))
        #expect(party.contains(">*</text:p>"))
        #expect(party.contains(">T/M BAN THƯỜNG VỤ</text:p>"))
        #expect(party.contains(">BAN THƯỜNG VỤ THỊ UỶ PHÚ LÂM QUYẾT ĐỊNH</text:p>"))
        // The căn cứ of a Party decision: "- " before each, ";" after each but the last, which ends ",".
        #expect(party.contains(">- Căn cứ Điều lệ Đảng;</text:p>"))
        #expect(party.contains(">- Xét đề nghị của Ban Dân vận Thị uỷ,</text:p>"))
        #expect(!party.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        #expect(!party.contains("Số: "))
        let state = try #require(files["quyet-dinh-DVK-2024-bang_khen.fodt"])
        #expect(state.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        #expect(!state.contains("ĐẢNG CỘNG SẢN VIỆT NAM"))
    }

    @Test func eachFormsCertificatesAreInItsDecisionsFormat() throws {
        let files = try exported("certificates").files
        let party = try #require(files["giay-khen-DVK-2024-giay_khen.fodt"])
        #expect(party.components(separatedBy: ">ĐẢNG CỘNG SẢN VIỆT NAM</text:p>").count - 1 == 6)
        #expect(party.contains(">T/M BAN THƯỜNG VỤ</text:p>"))
        #expect(!party.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        let state = try #require(files["giay-khen-DVK-2024-bang_khen.fodt"])
        #expect(state.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        #expect(!state.contains("ĐẢNG CỘNG SẢN VIỆT NAM"))
    }

    @Test func aGivenTemplateServesEveryDecision() throws {
        let template = CLITests.packageRoot.appendingPathComponent("Exports/quyet-dinh-dang.fodt").path
        let files = try exported("decision", ["--template", template]).files
        for name in ["quyet-dinh-DVK-2024-bang_khen.fodt", "quyet-dinh-DVK-2024-giay_khen.fodt"] {
            #expect(try #require(files[name]).contains(">ĐẢNG CỘNG SẢN VIỆT NAM</text:p>"), "\(name)")
        }
    }
}
