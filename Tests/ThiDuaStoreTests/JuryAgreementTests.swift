import Foundation
import Testing
import ThiDuaCore
import ThiDuaStore

/// The jury-agreement figures on the demo data, against the reference computed with scipy,
/// pingouin and krippendorff by `Benchmarks/peers/jury_agreement.py` (its output is kept in
/// `Benchmarks/peers/jury_agreement.expected.json`; run the script again to re-check).
@Suite struct JuryAgreementTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Reference: Decodable {
        struct W: Decodable { var w: Double; var m: Int; var n: Int; var chi2: Double; var p: Double; var jurors: [String] }
        struct Z: Decodable { var value: Double; var cells: Int }
        var kendall_w: [String: W]
        var krippendorff_alpha: [String: Double]
        var mean_abs_z: [String: Z]
    }

    @Test func demoFiguresMatchThePythonReference() throws {
        let store = try temporaryStore()
        for kind in ImportKind.allCases {
            _ = try store.importCSV(kind, from: Self.root.appendingPathComponent("Examples/\(kind.rawValue).csv"))
        }
        let yaml = try Data(contentsOf: Self.root.appendingPathComponent("Criteria/dan-van-kheo-mo-hinh.yaml"))
        let set = try CriteriaSet.load(bytes: [UInt8](yaml), file: "dan-van-kheo-mo-hinh.yaml")
        let report = JuryAgreement.compute(try store.scoringInput(campaign: "DVK-2024", set: set))
        let reference = try JSONDecoder().decode(Reference.self,
            from: Data(contentsOf: Self.root.appendingPathComponent("Benchmarks/peers/jury_agreement.expected.json")))

        #expect(report.concordance.map(\.group) == reference.kendall_w.keys.sorted())
        for c in report.concordance {
            let r = try #require(reference.kendall_w[c.group])
            #expect(c.jurors == r.jurors)
            #expect(c.entries == r.n)
            #expect(abs(c.w! - r.w) < 1e-12, "W of \(c.group): \(c.w!) vs \(r.w)")
            #expect(abs(c.chiSquare! - r.chi2) < 1e-9)
            #expect(abs(c.pValue! - r.p) <= 1e-9 * max(r.p, 1e-300), "p of \(c.group): \(c.pValue!) vs \(r.p)")
        }
        #expect(report.reliability.map(\.criterion) == ["A1", "A2", "B1", "B2", "C1"])
        for c in report.reliability {
            let r = try #require(reference.krippendorff_alpha[c.criterion])
            #expect(abs(c.alpha! - r) < 1e-12, "alpha of \(c.criterion): \(c.alpha!) vs \(r)")
        }
        #expect(report.jurors.map(\.juror) == reference.mean_abs_z.keys.sorted())
        for d in report.jurors {
            let r = try #require(reference.mean_abs_z[d.juror])
            #expect(d.cells == r.cells)
            #expect(abs(d.meanAbsoluteZ - r.value) < 1e-12)
        }
        // GK03 scored neither of MTTQ's models (a conflict): left out of KHOI-CQ's W only.
        #expect(report.concordance.first { $0.group == "KHOI-CQ" }?.leftOut == ["GK03 (thiếu 2 mục)"])
        #expect(report.jurors.allSatisfy { !$0.strays })
    }
}
