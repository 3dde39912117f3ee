import ArgumentParser
import Foundation
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chạy toàn bộ quy trình trên bộ dữ liệu mẫu trong Examples/, vào một cơ sở dữ liệu mới."
    )

    @Option(help: "Thư mục kết quả; cơ sở dữ liệu là OUT/thidua.sqlite trừ khi có --db.")
    var out = "demo-output"
    @Option(help: "Tệp cơ sở dữ liệu (mặc định OUT/thidua.sqlite); bị xóa và tạo lại.")
    var db: String?
    @Option(help: "Thư mục dữ liệu mẫu (mặc định Examples/ của dự án).")
    var examples: String?

    func run() throws {
        let examples = try examplesDirectory()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let path = db ?? (out as NSString).appendingPathComponent("thidua.sqlite")
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
        let store = try Store(path: path)
        print("Cơ sở dữ liệu mới: \(path)")
        print("")
        print("1. Nhập dữ liệu từ \(examples)/")
        for kind in ImportKind.allCases {
            let file = (examples as NSString).appendingPathComponent("\(kind.rawValue).csv")
            let summary = try importFile(store, kind, file)
            print("   \(summary.kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0))\(summary.rows) dòng, thêm \(summary.added)")
        }
        let configs = try filesInFolder(examples).filter { $0.hasPrefix("khen-thuong-") && $0.hasSuffix(".yaml") }
        for file in configs {
            let decisions = try importDecisions(store, path: (examples as NSString).appendingPathComponent(file))
            print("   decisions   \(file): \(decisions.campaign), \(decisions.decisions.count) quyết định")
        }
        print("")
        try review(store)
        print("")
        try score(store)
        print("")
        print("Xem dữ liệu: swift run thidua list models --db \(path)")
        print("Ứng dụng web: swift run thidua serve --db \(path)")
        print("  mã đăng nhập: swift run thidua jurors token GK01 --campaign DVK-2024 --db \(path); swift run thidua admin token --db \(path)")
        print("  DVK-2024 đang chấm: trang công khai chưa hiện kết quả cho đến khi công bố: swift run thidua publish --campaign DVK-2024 --db \(path)")
    }

    private func review(_ store: Store) throws {
        print("2. Rà soát trước khi chấm")
        for campaign in try store.campaigns() {
            let pledges = try store.pledges(campaign: campaign.code)
            let jurors = try store.jurors(campaign: campaign.code)
            let models = try store.models(campaign: campaign.code)
            print("   \(campaign.code) — \(campaign.title) (\(campaign.state.title.lowercased()))")
            if !models.isEmpty {
                let individual = models.filter { if case .individual = $0.holder { true } else { false } }.count
                print("     Mô hình: \(models.count) (\(models.count - individual) tập thể, \(individual) cá nhân)")
                for field in Model.Field.allCases {
                    print("       \(field.title): \(models.filter { $0.field == field }.count)")
                }
            }
            for pledge in pledges {
                print("     Giao ước \(pledge.code): \(pledge.members.count) đơn vị ký, \(pledge.targets.count) chỉ tiêu, \(pledge.reports.count) dòng báo cáo")
            }
            for late in Review.lateReports(pledges, deadline: campaign.reportDeadline) {
                print("     Báo cáo trễ hạn: \(late.unit) gửi ngày \(late.submittedOn.vietnamese), trễ \(late.daysLate) ngày so với hạn \(late.deadline.vietnamese)")
            }
            guard !jurors.isEmpty else { continue }
            let assignments = try store.assignments(campaign: campaign.code)
            let log = try store.scores(campaign: campaign.code)
            let current = try store.scores(campaign: campaign.code, currentOnly: true)
            let criteria = Set(current.map(\.criterion)).sorted()
            print("     Hội đồng: \(jurors.count) thành viên, \(assignments.count) lượt phân công chấm")
            print("     Phiếu chấm: \(log.count) dòng, trong đó \(log.count - current.count) dòng đã được sửa bằng dòng sau có lý do; \(current.count) điểm đang có hiệu lực")
            print("     Tiêu chí đã chấm: \(criteria.joined(separator: ", "))")
            let scored = Set(current.map { "\($0.juror) \($0.entry)" })
            let missing = assignments.filter { !scored.contains("\($0.juror) \($0.entry)") }
            print("     Phân công chưa có điểm: \(missing.count)")
            for conflict in Review.conflicts(jurors: jurors, models: models, assignments: assignments) {
                print("     Xung đột lợi ích: \(conflict.juror) thuộc đơn vị \(conflict.unit), đơn vị có mô hình \(conflict.entry)")
            }
        }
    }

    private func score(_ store: Store) throws {
        print("3. Chấm điểm theo bộ tiêu chí trong Criteria/")
        for campaign in try store.campaigns() {
            let (result, lines) = try scoreCampaign(store, campaign.code, criteriaDirectory: nil)
            for line in lines { print("   " + line) }
            let file = (out as NSString).appendingPathComponent("results-\(campaign.code).txt")
            try result.text.write(toFile: file, atomically: true, encoding: .utf8)
            print("   Kết quả đầy đủ, kèm giải thích từng con số: \(file)")
            print("")
        }
        let path = db ?? (out as NSString).appendingPathComponent("thidua.sqlite")
        for (entry, why) in [("MH-23", "thành viên GK03 thuộc MTTQ, đơn vị có mô hình, nên điểm của GK03 bị loại"), ("MH-12", "đơn vị có cán bộ bị kỷ luật nên không xét")] {
            print("   Ví dụ: \(entry) — \(why). Xem: swift run thidua explain \(entry) --db \(path)")
        }
        print("")
        let ranked = try rankAndAward(store)
        print("5. Xuất kết quả")
        for r in ranked {
            let code = r.campaign.code
            print("   \(code): \(try writeResultsXML(r.run, out: out)) (XML theo lược đồ Exports/schema/thidua-results.xsd)")
            print("   \(code): \(try exportList(store, r, out: out)) (danh sách khen thưởng và xếp hạng, ODS)")
            if r.set.criteria.contains(where: \.isJury) {
                let sheets = try exportSheets(store, campaign: r.campaign, set: r.set, out: out)
                print("   \(code): \(sheets.count) phiếu chấm trống (ODS), ví dụ \(sheets[0])")
            }
            guard r.awards.forms.contains(where: { $0.count > 0 }) else { continue }
            for path in try exportDecisions(store, r, options: DocumentOptions(), out: out) {
                print("   \(code): \(path) (quyết định khen thưởng kèm danh sách, ODT)")
            }
            for path in try exportCertificates(store, r, options: DocumentOptions(), out: out) {
                print("   \(code): \(path) (giấy khen, bằng khen: mỗi người một trang, ODT)")
            }
            let overprint = try exportCertificates(store, r, options: DocumentOptions(overprint: true), out: out)
            print("   \(code): \(overprint.count) tệp in lên phôi, ví dụ \(overprint[0])")
            let each = try exportCertificates(store, r, options: DocumentOptions(each: true), out: (out as NSString).appendingPathComponent("tung-nguoi"))
            print("   \(code): \(each.count) giấy khen, mỗi người một tệp, trong \((out as NSString).appendingPathComponent("tung-nguoi"))/")
        }
    }

    /// Ranks and awards every campaign, writing the standings, award lists and jury reports.
    private func rankAndAward(_ store: Store) throws -> [Ranked] {
        print("4. Xếp hạng, khen thưởng và mức độ thống nhất của hội đồng")
        var all: [Ranked] = []
        for campaign in try store.campaigns() {
            let ranked = try Ranked(store, campaign: campaign.code, criteriaDirectory: nil, seed: 2024)
            all.append(ranked)
            let standings = try standingsLines(ranked, bloc: nil, unit: nil)
            let awards = awardLines(ranked)
            for (name, lines) in [("standings", standings), ("awards", awards)] {
                let file = (out as NSString).appendingPathComponent("\(name)-\(campaign.code).txt")
                try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            }
            for line in awards { print(line.isEmpty ? "" : "   " + line) }
            print("   Bảng xếp hạng đầy đủ: \((out as NSString).appendingPathComponent("standings-\(campaign.code).txt"))")
            print("")
            let set = ranked.set
            guard set.subject == .model, set.criteria.contains(where: \.isJury) else { continue }
            let report = JuryAgreement.compute(try store.scoringInput(campaign: campaign.code, set: set))
            let lines = juryReportLines(report, campaign: campaign)
            let file = (out as NSString).appendingPathComponent("jury-\(campaign.code).txt")
            try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            for line in lines { print(line.isEmpty ? "" : "   " + line) }
            print("")
        }
        return all
    }

    private func examplesDirectory() throws -> String {
        if let examples { return examples }
        let candidates = [
            "Examples",
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Examples").path,
        ]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("units.csv")) })
        else {
            throw UserError("Không tìm thấy thư mục dữ liệu mẫu Examples/ (cần Examples/units.csv). Chạy từ thư mục dự án hoặc dùng --examples DIR.")
        }
        return found
    }
}
