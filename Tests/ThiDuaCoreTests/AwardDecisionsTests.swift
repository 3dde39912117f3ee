import Testing
@testable import ThiDuaCore

/// The award configuration of a campaign: what the decision and the certificates print.
@Suite struct AwardDecisionsTests {
    static let valid = """
        campaign: DVK-2024
        decisions:
          - award: giay_khen
            issuing_body: ỦY BAN NHÂN DÂN THỊ XÃ PHÚ LÂM
            number: 1520/QĐ-UBND
            date: 04/05/2024
            place: Phú Lâm
            subject: Về việc tặng Giấy khen
            authority: ỦY BAN NHÂN DÂN THỊ XÃ PHÚ LÂM
            legal_bases:
              - Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022
            achievement: đã có thành tích xuất sắc
            recipients: [Ban Dân vận Thị ủy]
            archive: VT, NV
            signer: { capacity: TM. ỦY BAN NHÂN DÂN, title: CHỦ TỊCH, name: Nguyễn Văn Bình }
            register_first: 85
            register_format: "{n}/GK-2024"
            articles: [Quyết định này có hiệu lực kể từ ngày ký.]
        """

    static func load(_ text: String) throws(CriteriaFailure) -> AwardDecisions {
        try AwardDecisions.load(bytes: Array(text.utf8), file: "khen-thuong.yaml")
    }

    static func issues(_ text: String) -> [String] {
        do {
            _ = try load(text)
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func aValidConfigurationReads() throws {
        let config = try Self.load(Self.valid)
        let d = try #require(config.decision(for: "giay_khen"))
        #expect(config.campaign == "DVK-2024")
        #expect(d.placeAndDate == "Phú Lâm, ngày 04 tháng 5 năm 2024")
        #expect(d.number == "1520/QĐ-UBND")
        #expect(d.signer == .init(capacity: "TM. ỦY BAN NHÂN DÂN", title: "CHỦ TỊCH", name: "Nguyễn Văn Bình"))
        #expect(d.register(0) == "85/GK-2024")
        #expect(d.register(3) == "88/GK-2024")
        #expect(d.line == 3)
    }

    @Test func datesAreWrittenAsDocumentsWriteThem() {
        #expect(Day(year: 2024, month: 5, day: 4)!.inWords == "ngày 04 tháng 5 năm 2024")
        #expect(Day(year: 2024, month: 2, day: 15)!.inWords == "ngày 15 tháng 02 năm 2024")
        #expect(Day(year: 2024, month: 12, day: 20)!.inWords == "ngày 20 tháng 12 năm 2024")
    }

    @Test func missingDecisionMetadataIsNamedWithItsLine() {
        let text = Self.valid.replacingOccurrences(of: "    number: 1520/QĐ-UBND\n", with: "")
            .replacingOccurrences(of: "    signer: { capacity: TM. ỦY BAN NHÂN DÂN, title: CHỦ TỊCH, name: Nguyễn Văn Bình }\n", with: "")
        #expect(Self.issues(text) == [
            "khen-thuong.yaml:3:5: thiếu khóa bắt buộc 'number' trong quyết định giay_khen",
            "khen-thuong.yaml:3:5: thiếu khóa bắt buộc 'signer' trong quyết định giay_khen",
        ])
    }

    @Test func wrongValuesAreNamed() {
        let text = Self.valid
            .replacingOccurrences(of: "date: 04/05/2024", with: "date: 31/02/2024")
            .replacingOccurrences(of: "register_format: \"{n}/GK-2024\"", with: "register_format: GK-2024")
            .replacingOccurrences(of: "archive: VT, NV", with: "archive: VT, NV\n    signed_by: X")
            .replacingOccurrences(of: "legal_bases:\n      - Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022", with: "legal_bases: []")
        #expect(Self.issues(text) == [
            "khen-thuong.yaml:6:11: 'date' phải là một ngày dd/mm/yyyy (ví dụ 20/12/2024), gặp \"31/02/2024\"",
            "khen-thuong.yaml:10:18: 'legal_bases' cần ít nhất một dòng",
            "khen-thuong.yaml:14:5: khóa không có trong quyết định: 'signed_by' (các khóa dùng được: award, format, parent_body, issuing_body, number, date, place, subject, authority, legal_bases, achievement, entry_achievement, articles, recipients, archive, signer, register_first, register_format)",
            "khen-thuong.yaml:17:22: 'register_format' phải chứa {n} (chỗ đặt số thứ tự), gặp \"GK-2024\"",
        ])
    }

    @Test func aFormConfiguredTwiceIsRefused() {
        let second = Self.valid.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).joined(separator: "\n")
        let issues = Self.issues(Self.valid + "\n" + second)
        #expect(issues == ["khen-thuong.yaml:19:5: hình thức khen thưởng lặp lại: 'giay_khen', đã dùng ở dòng 3 (mỗi hình thức một quyết định)"])
    }

    @Test func anEmptyOrBrokenFileIsRefused() {
        #expect(Self.issues("") == ["khen-thuong.yaml:1:1: tệp rỗng: cần cấu hình khen thưởng (campaign, decisions)"])
        let broken = Self.issues("campaign: [")
        #expect(broken.count == 1 && broken[0].hasPrefix("khen-thuong.yaml:") && broken[0].contains(": YAML sai cú pháp: "), "\(broken)")
        #expect(Self.issues("campaign: DVK-2024\ndecisions: []") == ["khen-thuong.yaml:2:12: 'decisions' cần ít nhất một quyết định"])
    }
}
