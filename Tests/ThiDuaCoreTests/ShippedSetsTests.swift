import Foundation
import Testing
@testable import ThiDuaCore

/// The shipped criteria sets, scored on small hand-made campaigns.
@Suite struct ShippedSetsTests {
    static func shipped(_ name: String) throws -> CriteriaSet {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Criteria/\(name)")
        return try CriteriaSet.load(bytes: [UInt8](try Data(contentsOf: url)), file: "Criteria/\(name)")
    }

    /// "Chính quyền thân thiện": median of the jury after z-scores, the satisfaction survey
    /// (full 30 points from 90 % satisfied), the veto under 70 %, and unit_tree conflicts.
    @Test func chinhQuyenThanThien() throws {
        let set = try Self.shipped("chinh-quyen-than-thien.yaml")
        let units = [ThiDuaCore.Unit(code: "TX", name: "Thị xã", kind: .locality)] + (1...4).map {
            ThiDuaCore.Unit(code: "P\($0)", name: "Phường \($0)", kind: .ward, parent: "TX")
        }
        let bloc = Bloc(code: "K", name: "Khối phường", year: 2024, leader: "P1", members: ["P1", "P2", "P3", "P4"])
        // Satisfaction: 95 % (full 30), 81 % (27), 60 % (vetoed), 90 % exactly (30).
        let surveys = [("P1", "200", "190"), ("P2", "300", "243"), ("P3", "100", "60"), ("P4", "50", "45")]
        let models = surveys.enumerated().map { i, s in
            Scenario.model("M\(i + 1)", unit: s.0, metrics: ["phieu_khao_sat": s.1, "phieu_hai_long": s.2,
                "don_thu_giai_quyet": "10", "don_thu_dung_han": "\(10 - i)"], facts: ["ky_luat": .bool(false)])
        }
        // GK04 belongs to TX, the parent of every ward: with unit_tree its scores never count.
        let jurors = Scenario.jurors(4) { $0 == 4 ? "TX" : nil }
        var log: [Score] = []
        let base = [[18, 17, 19, 20], [15, 16, 14, 20], [12, 11, 13, 20], [17, 18, 16, 20]]
        for (m, row) in base.enumerated() {
            for (j, points) in row.enumerated() {
                for c in ["TD", "TT", "DT"] { log.append(Scenario.score(String(format: "GK%02d", j + 1), "M\(m + 1)", c, "\(points)")) }
            }
        }
        let result = Engine.score(ScoringInput(set: set, campaign: Scenario.campaign, units: units, blocs: [bloc], models: models,
            jurors: jurors, scores: log))
        #expect(result.errors.isEmpty, "\(result.errors)")
        let m = Dictionary(uniqueKeysWithValues: result.entries.map { ($0.entry, $0) })
        #expect(m["M1"]!.points("HL") == .of("30"))
        #expect(m["M2"]!.points("HL") == .of("27"))
        #expect(m["M4"]!.points("HL") == .of("30"))
        #expect(m["M3"]!.vetoes.map(\.id) == ["HL70"])
        #expect(m["M3"]!.tier == nil)
        // The 4th juror is excluded everywhere (parent unit), listed in the trace.
        #expect(m["M1"]!.trace.contains { $0.item == "xung đột lợi ích" && $0.inputs == ["GK04 (TX): DT, TD, TT"] })
        // DH: 10 − i of 10 petitions on time.
        #expect(m["M2"]!.points("DH") == .of("9"))
        // Jury points are z-scored per juror within the bloc, then the median of three.
        let td = m["M1"]!.trace.first { $0.item == "TD" && $0.value == "chuẩn hóa" }
        #expect(td?.inputs.count == 3)
        // M1 is the best of the bloc for every juror: its z-scores are all above the middle (10).
        #expect(m["M1"]!.points("TD")! > .of("10"))
        #expect(m["M1"]!.total! > m["M2"]!.total!)
    }

    /// The pledge set: attainment by direction, partial credit, the late penalty, and the
    /// verified score compared with the computed one.
    @Test func giaoUocThiDua() throws {
        let set = try Self.shipped("giao-uoc-thi-dua.yaml")
        let targets = [
            Target(code: "CT1", text: "Tỷ lệ", unitOfMeasure: "%", value: 90, direction: .atLeast, weight: 50),
            Target(code: "CT2", text: "Số vụ", unitOfMeasure: "vụ", value: 2, direction: .atMost, weight: 50),
        ]
        func report(_ unit: String, _ target: String, _ actual: String, _ selfScore: Int, _ verified: Int?, _ day: String) -> Report {
            Report(unit: unit, target: target, actual: Exact(actual)!, selfScore: Exact(selfScore), verifiedScore: verified.map { Exact($0) },
                submittedOn: Day(parsing: day)!)
        }
        let pledge = Pledge(code: "GU", campaign: "T", title: "Giao ước", leader: "BDV", signedOn: Day(parsing: "15/01/2024")!,
            members: ["X1", "X2", "X3"], targets: targets, reports: [
                report("X1", "CT1", "99", 50, 50, "20/11/2024"), report("X1", "CT2", "1", 50, 50, "20/11/2024"),
                // 72 of 90 is 80 %: 40 points; 3 cases against at most 2: 2/3 of 50; sent 2 days late.
                report("X2", "CT1", "72", 45, 40, "27/11/2024"), report("X2", "CT2", "3", 50, nil, "27/11/2024"),
                // 40 of 90 is under half: no points. No report for CT2.
                report("X3", "CT1", "40", 20, nil, "25/11/2024"),
            ])
        let result = Engine.score(ScoringInput(set: set, campaign: Scenario.campaign, pledges: [pledge]))
        let e = Dictionary(uniqueKeysWithValues: result.entries.map { ($0.entry, $0) })
        #expect(e["X1"]!.total == .of("100"))
        #expect(e["X1"]!.tier == "xuat_sac")
        #expect(e["X2"]!.targets.map(\.points) == [.of("40"), .of("33.33")])
        #expect(e["X2"]!.penalty == .of("2"))
        #expect(e["X2"]!.total == .of("71.33"))
        let differences = e["X2"]!.trace.filter { $0.value == "chênh lệch" }.flatMap(\.inputs)
        #expect(differences.contains("điểm tự chấm 50 khác điểm theo công thức ≈33,3333 (chênh ≈+16,6667)"), "\(differences)")
        #expect(e["X2"]!.trace.contains { $0.inputs.contains("tự chấm 45, chấm lại 40 (chênh −5)") })
        #expect(e["X3"]!.incomplete == ["CT2: chưa có báo cáo kết quả"])
        #expect(e["X3"]!.targets.first?.points == .zero)
    }
}

/// Units ranked from their pledge result and their models' results (`applies_to: unit`).
@Suite struct UnitScoringTests {
    static func result(_ set: String, _ entries: [EntryResult]) -> ScoringResult {
        ScoringResult(campaign: set.uppercased(), criteriaSet: set, criteriaSetVersion: "1", criteriaSetSHA256: "", entries: entries)
    }

    static func entry(_ code: String, unit: String, total: String?, tier: String?, vetoed: Bool = false) -> EntryResult {
        var e = EntryResult(entry: code, unit: unit, bloc: "K")
        e.total = total.map { Exact.of($0) }
        e.tier = tier
        if vetoed { e.vetoes = [RuleHit(id: "KL", title: "Kỷ luật", points: .zero)] }
        return e
    }

    @Test func theShippedUnitSetCombinesThePledgeAndTheModels() throws {
        let set = try ShippedSetsTests.shipped("xep-hang-don-vi.yaml")
        var input = ScoringInput(set: set, campaign: Scenario.campaign, blocs: [Bloc(code: "K", name: "Khối", year: 2024, leader: "X1", members: ["X1", "X2"])])
        input.linked["giao-uoc-thi-dua"] = Self.result("giao-uoc-thi-dua", [
            Self.entry("X1", unit: "X1", total: "100", tier: "xuat_sac"), Self.entry("X2", unit: "X2", total: "80", tier: "hoan_thanh"),
        ])
        input.linked["dvk-mo-hinh"] = Self.result("dvk-mo-hinh", [
            Self.entry("M1", unit: "X1", total: "95", tier: "xuat_sac"), Self.entry("M2", unit: "X1", total: "92", tier: "xuat_sac"),
            // A vetoed model does not count, even with the best total.
            Self.entry("M3", unit: "X2", total: "99", tier: nil, vetoed: true), Self.entry("M4", unit: "X2", total: "70", tier: "kha"),
            // A unit with models but no pledge is not an entry of this set.
            Self.entry("M5", unit: "CQ", total: "90", tier: "xuat_sac"),
        ])
        let r = Engine.score(input)
        #expect(r.entries.map(\.entry) == ["X1", "X2"])
        // X1: 100·0.7 = 70, best model 95·0.3 = 28.5, two xuất sắc models: +4 → 102.5, xuất sắc (pledge xuất sắc).
        #expect(r.entries[0].points("GU") == .of("70"))
        #expect(r.entries[0].points("MH") == .of("28.5"))
        #expect(r.entries[0].bonus == .of("4"))
        #expect(r.entries[0].total == .of("102.5"))
        #expect(r.entries[0].tier == "xuat_sac")
        // X2: 80·0.7 = 56, best ranked model 70·0.3 = 21 → 77, hoàn thành.
        #expect(r.entries[1].total == .of("77"))
        #expect(r.entries[1].tier == "hoan_thanh")
        let ranking = try Ranker.rank(r, set: set)
        #expect(ranking.groups[0].ranked.map(\.entry) == ["X1", "X2"])
    }

    @Test func aUnitWithoutAPledgeResultIsVetoed() throws {
        let set = try ShippedSetsTests.shipped("xep-hang-don-vi.yaml")
        var input = ScoringInput(set: set, campaign: Scenario.campaign)
        // X3 signed but its report is incomplete: no total.
        input.linked["giao-uoc-thi-dua"] = Self.result("giao-uoc-thi-dua", [Self.entry("X3", unit: "X3", total: nil, tier: nil)])
        input.linked["dvk-mo-hinh"] = Self.result("dvk-mo-hinh", [])
        let e = Engine.score(input).entries[0]
        #expect(e.vetoes.map(\.id) == ["KGU"])
        #expect(e.points("MH") == .zero)
    }
}
