import Foundation
import Testing
@testable import ThiDuaCore
import ThiDuaStore

/// Stored runs: saved whole, read back, and the previous year's tiers for history conditions.
@Suite struct ResultsTests {
    static func entry(_ code: String, unit: String, total: String, tier: String) -> EntryResult {
        var e = EntryResult(entry: code, unit: unit, bloc: nil)
        e.total = Exact(total)
        e.tier = tier
        e.trace = [TraceLine("tổng", total, "thử")]
        return e
    }

    @Test func aRunIsStoredWholeAndTheLatestIsRead() throws {
        let store = try baseStore()
        let first = ScoringResult(campaign: "DVK-2024", criteriaSet: "dvk-mo-hinh", criteriaSetVersion: "1",
            criteriaSetSHA256: String(repeating: "a", count: 64), entries: [Self.entry("MH-01", unit: "P-ANPHU", total: "80", tier: "tot")])
        var second = first
        second.entries[0].total = Exact("85")
        try store.save(first, inputSHA256: String(repeating: "b", count: 64), at: "2024-12-16T08:00:00Z")
        let id = try store.save(second, inputSHA256: String(repeating: "c", count: 64), at: "2024-12-16T09:00:00Z")
        let run = try #require(try store.latestRun(campaign: "DVK-2024"))
        #expect(run.id == id)
        #expect(run.inputSHA256 == String(repeating: "c", count: 64))
        #expect(run.entries.map(\.total) == [Exact("85")])
        #expect(run.entries[0].trace == [TraceLine("tổng", "80", "thử")])
        #expect(try store.latestRun(campaign: "GUTD-2024") == nil)
    }

    @Test func previousTiersComeFromLastYearsCampaignWithTheSameSet() throws {
        let store = try baseStore()
        // DVK-2023 and DVK-2024 both use dvk-mo-hinh. P-ANPHU had two entries: its best counts.
        let lastYear = ScoringResult(campaign: "DVK-2023", criteriaSet: "dvk-mo-hinh", criteriaSetVersion: "1",
            criteriaSetSHA256: String(repeating: "a", count: 64), entries: [
                Self.entry("MH-23", unit: "P-ANPHU", total: "95", tier: "xuat_sac"),
                Self.entry("MH-24", unit: "P-ANPHU", total: "70", tier: "kha"),
                Self.entry("MH-25", unit: "X-PHULAM", total: "82", tier: "tot"),
            ])
        #expect(try store.previousTiers(campaign: "DVK-2024") == [:])
        try store.save(lastYear, inputSHA256: String(repeating: "b", count: 64), at: "2023-12-16T08:00:00Z")
        #expect(try store.previousTiers(campaign: "DVK-2024") == ["P-ANPHU": "xuat_sac", "X-PHULAM": "tot"])
        // GUTD-2024 uses another set: no history.
        #expect(try store.previousTiers(campaign: "GUTD-2024") == [:])
    }
}
