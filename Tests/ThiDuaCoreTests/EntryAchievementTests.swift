import Testing
import ThiDuaCore

/// `entry_achievement`: what the attached list and the certificates say one entry achieved, with
/// its bloc and tier by name (issue 12, item 3). Mistakes in it are refused at load with their line.
@Suite struct EntryAchievementTests {
    static func config(_ entryAchievement: String) -> String {
        """
        campaign: GUTD-2024
        decisions:
          - award: giay_khen
            issuing_body: ỦY BAN NHÂN DÂN THỊ XÃ PHÚ LÂM
            number: 1532/QĐ-UBND
            date: 24/12/2024
            place: Phú Lâm
            subject: Về việc tặng Giấy khen
            authority: CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ XÃ PHÚ LÂM
            legal_bases:
              - Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022
            achievement: đã hoàn thành xuất sắc các chỉ tiêu giao ước thi đua năm 2024
        \(entryAchievement)
            articles:
              - Quyết định này có hiệu lực kể từ ngày ký.
            recipients:
              - Như Điều 2
            archive: VT, NV
            signer:
              title: CHỦ TỊCH
              name: Nguyễn Văn Bình

        """
    }

    static func load(_ entryAchievement: String) throws(CriteriaFailure) -> AwardDecisions {
        try AwardDecisions.load(bytes: Array(config(entryAchievement).utf8), file: "khen-thuong.yaml")
    }

    static func refusal(_ entryAchievement: String) -> String {
        do {
            _ = try load(entryAchievement)
            return "loaded"
        } catch {
            return error.description
        }
    }

    @Test func oneWordingOrAWordingPerTierWithTheirLines() throws {
        let same = try Self.load("    entry_achievement: Đơn vị dẫn đầu {khoi} năm 2024")
        #expect(same.decisions[0].entryAchievement == .same(.init(text: "Đơn vị dẫn đầu {khoi} năm 2024", line: 13)))
        let byTier = try Self.load("""
                entry_achievement:
                  xuat_sac: "{xep_loai} năm 2024"
                  tot: Hoàn thành tốt nhiệm vụ năm 2024
            """)
        #expect(byTier.decisions[0].entryAchievement == .byTier([
            "xuat_sac": .init(text: "{xep_loai} năm 2024", line: 14),
            "tot": .init(text: "Hoàn thành tốt nhiệm vụ năm 2024", line: 15),
        ]))
        #expect(try Self.load("").decisions[0].entryAchievement == nil)
    }

    @Test func aWordingIsFilledWithNamesAndSaysWhichValueIsMissing() {
        let w = AwardDecision.Wording(text: "{xep_loai}, dẫn đầu {khoi}", line: 1)
        #expect(w.filled(bloc: "Khối thi đua các phường, xã", tier: "Hoàn thành xuất sắc")
            == .success("Hoàn thành xuất sắc, dẫn đầu Khối thi đua các phường, xã"))
        #expect(w.filled(bloc: nil, tier: "Tốt") == .failure(.init(placeholder: "khoi")))
        #expect(w.filled(bloc: "K", tier: nil) == .failure(.init(placeholder: "xep_loai")))
    }

    @Test func anUnknownPlaceholderIsRefusedWithItsLine() {
        #expect(Self.refusal("    entry_achievement: Hạng {hang} của {khoi}")
            == "khen-thuong.yaml:13:24: 'entry_achievement': chỗ điền không có: {hang} (dùng được: {khoi}, {xep_loai})")
        #expect(Self.refusal("    entry_achievement: Dẫn đầu {khoi")
            == "khen-thuong.yaml:13:24: 'entry_achievement': thiếu '}' sau '{' trong \"Dẫn đầu {khoi\"")
    }

    @Test func aWordingThatYAMLReadsAsAMappingSaysToQuoteIt() {
        // `{xep_loai} năm 2024` unquoted starts a YAML flow mapping.
        let said = Self.refusal("""
                entry_achievement:
                  xuat_sac: {xep_loai}
            """)
        #expect(said.contains("khen-thuong.yaml:14:"))
        #expect(said.contains("hãy đặt cả lời trong dấu nháy kép"))
        #expect(Self.refusal("    entry_achievement: {khoi}").contains("hãy đặt cả lời trong dấu nháy kép"))
    }
}
