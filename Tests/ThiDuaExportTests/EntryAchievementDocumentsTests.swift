import Foundation
import Testing
@testable import ThiDuaCore
import ThiDuaExport

/// Issue 12, item 3: the attached list's "Thành tích" and each certificate say what a unit
/// achieved in the configuration's words, with its bloc and tier by name, never "Hạng 4 KHOI-XP,
/// 96,10 điểm".
@Suite struct EntryAchievementDocumentsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let set = try! CriteriaSet.load(
        bytes: [UInt8](try! Data(contentsOf: root.appendingPathComponent("Criteria/giao-uoc-thi-dua.yaml"))),
        file: "Criteria/giao-uoc-thi-dua.yaml")
    static let campaign = Campaign(code: "GUTD-2024", year: 2024, title: "Thực hiện giao ước thi đua năm 2024",
        criteriaSet: "giao-uoc-thi-dua", state: .scoring)
    static let examples = try! String(contentsOf: root.appendingPathComponent("Examples/khen-thuong-GUTD-2024.yaml"), encoding: .utf8)

    static func config(_ text: String = examples) throws -> AwardDecisions {
        try AwardDecisions.load(bytes: Array(text.utf8), file: "khen-thuong-GUTD-2024.yaml")
    }

    static let awards = AwardList(forms: [
        AwardOutcome(id: "co_thi_dua", title: "Cờ thi đua", authority: "UBND tỉnh", groups: [
            AwardGroupOutcome(group: "KHOI-XP", eligible: 6, places: 1, arithmetic: [], awarded: [
                AwardedEntry(entry: "P-PHULAM", unit: "P-PHULAM", rank: 1, total: 100, tier: "xuat_sac", drawn: false),
            ]),
        ]),
        AwardOutcome(id: "giay_khen", title: "Giấy khen", authority: "Chủ tịch UBND thị xã", groups: [
            AwardGroupOutcome(group: "KHOI-XP", eligible: 8, places: 2, arithmetic: [], awarded: [
                AwardedEntry(entry: "P-ANPHU", unit: "P-ANPHU", rank: 3, total: Exact("96.1")!, tier: "xuat_sac", drawn: false),
                AwardedEntry(entry: "X-TANLOC", unit: "X-TANLOC", rank: 4, total: 90, tier: "tot", drawn: false),
            ]),
        ]),
    ], seed: nil)

    static let bloc = "Khối thi đua các phường, xã"
    static let recipients: [String: Recipient] = [
        "P-PHULAM": Recipient(name: "UBND phường Phú Lâm", position: nil, unit: "UBND phường Phú Lâm", model: nil, bloc: bloc),
        "P-ANPHU": Recipient(name: "UBND phường An Phú", position: nil, unit: "UBND phường An Phú", model: nil, bloc: bloc),
        "X-TANLOC": Recipient(name: "UBND xã Tân Lộc", position: nil, unit: "UBND xã Tân Lộc", model: nil, bloc: bloc),
    ]

    static func documents(_ config: AwardDecisions, recipients: [String: Recipient] = recipients) throws(ExportFailure) -> AwardDocuments {
        try AwardDocuments(campaign: campaign, set: set, awards: awards, decisions: config, recipients: recipients, decimals: 2)
    }

    @Test func theListAndTheCertificatesSayTheAchievementWithNamesNeverCodes() throws {
        let documents = try Self.documents(try Self.config())
        let flag = documents.decision(0).lists["danh_sach"]!
        #expect(flag.map { $0["thanh_tich"]! } == ["Đơn vị dẫn đầu Khối thi đua các phường, xã năm 2024"])
        let list = documents.decision(1).lists["danh_sach"]!
        #expect(list.map { $0["thanh_tich"]! } == [
            "Hoàn thành xuất sắc các chỉ tiêu giao ước thi đua năm 2024",
            "Hoàn thành tốt các chỉ tiêu giao ước thi đua năm 2024",
        ])
        #expect(documents.certificates(1).map { $0.data.fields["thanh_tich"]! } == list.map { $0["thanh_tich"]! })
        // No bloc code, entry code or score in any official text of the list.
        for row in flag + list {
            for key in ["ten", "don_vi", "thanh_tich"] {
                let text = row[key] ?? ""
                #expect(!text.contains("KHOI-") && !text.contains("P-") && !text.contains("điểm"), "\(key): \(text)")
            }
        }
    }

    @Test func withoutAnEntryWordingEachRowSaysTheDecisionsAchievement() throws {
        let plain = Self.examples.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("entry_achievement") && !$0.contains("\"{xep_loai}") }.joined(separator: "\n")
        let list = try Self.documents(try Self.config(plain)).decision(1).lists["danh_sach"]!
        #expect(list.map { $0["thanh_tich"]! } == Array(repeating: "Đã hoàn thành xuất sắc các chỉ tiêu giao ước thi đua năm 2024", count: 2))
    }

    @Test func aTierWithoutAWordingIsAnErrorNamingTheLineTheTierAndTheUnit() throws {
        let noTot = Self.examples.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("      tot: ") }.joined(separator: "\n")
        let config = try Self.config(noTot)
        let line = config.decision(for: "giay_khen")!.line
        #expect(throws: ExportFailure.decision("khen-thuong-GUTD-2024.yaml:\(line): 'entry_achievement' của Giấy khen không có lời cho "
            + "xếp loại 'tot' (Hoàn thành tốt) của UBND xã Tân Lộc (X-TANLOC); có: xuat_sac")) {
            try Self.documents(config)
        }
    }

    @Test func aBlocPlaceholderForAUnitInNoBlocIsAnError() throws {
        var recipients = Self.recipients
        recipients["P-PHULAM"]!.bloc = nil
        let config = try Self.config()
        let line = Self.examples.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("entry_achievement: Đơn vị dẫn đầu") }! + 1
        #expect(throws: ExportFailure.decision("khen-thuong-GUTD-2024.yaml:\(line): 'entry_achievement' dùng {khoi} nhưng "
            + "UBND phường Phú Lâm (P-PHULAM) không thuộc khối thi đua nào")) {
            try Self.documents(config, recipients: recipients)
        }
    }
}
