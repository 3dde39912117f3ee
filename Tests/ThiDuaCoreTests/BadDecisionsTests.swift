import Foundation
import Testing
import ThiDuaCore

/// Each `Fixtures/bad-decisions/NAME.yaml` is an award configuration with the mistakes a văn thư
/// would be asked to sign (a nơi nhận naming an article the decision lacks, a signing capacity that
/// disagrees with the authority, a căn cứ newer than the decision); `NAME.expected.txt` beside it
/// is what loading it reports. `THIDUA_REGENERATE=1` rewrites the expected files; review the diff.
@Suite struct BadDecisionsTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let folder = here.appendingPathComponent("Fixtures/bad-decisions")
    static let examples = here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples")
    static let regenerate = ProcessInfo.processInfo.environment["THIDUA_REGENERATE"] == "1"

    static func files(in folder: URL, _ filter: (String) -> Bool) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter(filter).sorted()
    }

    static let cases = files(in: folder) { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }

    @Test func everyMistakeHasACase() {
        #expect(Self.cases == ["can-cu-moi-hon", "chu-tich-ky-tm", "ky-dang-sai", "nhu-dieu-khong-co", "so-hieu-dang"])
    }

    @Test(arguments: cases)
    func refusedWithEveryMistakeNamed(_ name: String) throws {
        let bytes = Array(try Data(contentsOf: Self.folder.appendingPathComponent("\(name).yaml")))
        let output: String
        do {
            _ = try AwardDecisions.load(bytes: bytes, file: "bad-decisions/\(name).yaml")
            Issue.record("bad-decisions/\(name).yaml loaded but should be refused")
            return
        } catch {
            output = error.description
        }
        let expectedURL = Self.folder.appendingPathComponent("\(name).expected.txt")
        if Self.regenerate {
            try (output + "\n").write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        #expect(output + "\n" == (try String(contentsOf: expectedURL, encoding: .utf8)))
    }

    /// The demo's configurations pass the same checks (they once cited a 2025 law in December 2024
    /// and had Chủ tịch decisions signed "TM.").
    @Test func theDemoConfigurationsAreAccepted() throws {
        let names = Self.files(in: Self.examples) { $0.hasPrefix("khen-thuong-") && $0.hasSuffix(".yaml") }
        #expect(names.count == 3)
        for name in names {
            let bytes = Array(try Data(contentsOf: Self.examples.appendingPathComponent(name)))
            #expect(throws: Never.self, "\(name)") { try AwardDecisions.load(bytes: bytes, file: name) }
        }
    }

    @Test func signingCapacitiesThatAgreeWithTheirAuthorityAreAccepted() throws {
        func config(authority: String, signer: String) -> String {
            """
            campaign: DVK-2024
            decisions:
              - award: giay_khen
                issuing_body: ỦY BAN NHÂN DÂN THỊ XÃ PHÚ LÂM
                number: 1520/QĐ-UBND
                date: 20/12/2024
                place: Phú Lâm
                subject: Về việc tặng Giấy khen
                authority: \(authority)
                legal_bases: [Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022]
                achievement: đã có thành tích xuất sắc
                articles: [Quyết định này có hiệu lực kể từ ngày ký.]
                recipients: [Như Điều 2]
                archive: VT, NV
                signer: \(signer)
            """
        }
        let head = "CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ XÃ PHÚ LÂM", body = "ỦY BAN NHÂN DÂN THỊ XÃ PHÚ LÂM"
        let good = [
            (head, "{ title: CHỦ TỊCH, name: A }"),
            (head, "{ capacity: KT. CHỦ TỊCH, title: PHÓ CHỦ TỊCH, name: A }"),
            (head, "{ title: Q. CHỦ TỊCH, name: A }"),
            (body, "{ capacity: TM. ỦY BAN NHÂN DÂN, title: CHỦ TỊCH, name: A }"),
            (body, "{ capacity: \"TM. ỦY BAN NHÂN DÂN\\nKT. CHỦ TỊCH\", title: PHÓ CHỦ TỊCH, name: A }"),
        ]
        for (authority, signer) in good {
            let text = config(authority: authority, signer: signer)
            #expect(throws: Never.self, "\(authority) / \(signer)") { try AwardDecisions.load(bytes: Array(text.utf8), file: "k.yaml") }
        }
    }

    /// Party decisions (Hướng dẫn 36-HD/VPTW, II.1.7): T/M for a leading collective, its deputy too;
    /// a staff body's head signs in person, their deputy K/T; "Thị ủy" and "Thị uỷ" are both accepted.
    @Test func partySigningCapacitiesThatAgreeWithTheirAuthorityAreAccepted() throws {
        func config(authority: String, signer: String) -> String {
            """
            campaign: DVK-2024
            decisions:
              - award: giay_khen
                format: dang
                issuing_body: THỊ UỶ PHÚ LÂM
                number: 127-QĐ/TU
                date: 20/12/2024
                place: Phú Lâm
                subject: về việc tặng Giấy khen
                authority: \(authority)
                legal_bases: [Căn cứ Điều lệ Đảng]
                achievement: đã có thành tích xuất sắc
                articles: [Quyết định này có hiệu lực kể từ ngày ký.]
                recipients: [Như Điều 2]
                archive: Văn phòng Thị uỷ
                signer: \(signer)
            """
        }
        let good = [
            ("BAN THƯỜNG VỤ THỊ UỶ PHÚ LÂM", "{ capacity: T/M BAN THƯỜNG VỤ, title: BÍ THƯ, name: A }"),
            ("BAN THƯỜNG VỤ THỊ ỦY PHÚ LÂM", "{ capacity: T/M BAN THƯỜNG VỤ, title: PHÓ BÍ THƯ, name: A }"),
            ("THỊ UỶ PHÚ LÂM", "{ capacity: T/M THỊ UỶ, title: BÍ THƯ, name: A }"),
            ("BAN DÂN VẬN THỊ UỶ PHÚ LÂM", "{ title: TRƯỞNG BAN, name: A }"),
            ("BAN DÂN VẬN THỊ UỶ PHÚ LÂM", "{ capacity: K/T TRƯỞNG BAN, title: PHÓ TRƯỞNG BAN, name: A }"),
        ]
        for (authority, signer) in good {
            let text = config(authority: authority, signer: signer)
            #expect(throws: Never.self, "\(authority) / \(signer)") { try AwardDecisions.load(bytes: Array(text.utf8), file: "k.yaml") }
        }
    }
}
