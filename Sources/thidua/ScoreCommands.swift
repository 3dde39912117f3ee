import ArgumentParser
import Foundation
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Tính điểm một phong trào theo bộ tiêu chí của nó và lưu kết quả.",
        discussion: "Có mô hình hay đơn vị nào tính lỗi thì in mọi lỗi (kèm mã mô hình và tiêu chí), không lưu gì, mã thoát 1."
    )

    @OptionGroup var options: CampaignOptions

    func run() throws {
        let scored = try scoreCampaign(try options.open(), options.campaign, criteriaDirectory: options.criteria)
        print(scored.lines.joined(separator: "\n"))
    }
}

/// Scores one campaign and stores the run, with its results as a table.
func scoreCampaign(_ store: Store, _ code: String, criteriaDirectory: String?) throws -> (result: ScoringResult, lines: [String]) {
    let scored = try scoreAndStore(store, code, criteriaDirectory: criteriaDirectory)
    let set = scored.set
    var lines = ["\(code): chấm theo bộ tiêu chí \(set.id) \(set.version) (\(set.file), sha256 \(set.sha256.prefix(12))…), lần tính #\(scored.run)"]
    lines += resultTable(scored.result.entries, set: set).map { "  " + $0 }
    return (scored.result, lines)
}

/// The results as an aligned table: entry, unit, bloc, total, tier, status.
func resultTable(_ entries: [EntryResult], set: CriteriaSet) -> [String] {
    let tiers = Dictionary(uniqueKeysWithValues: set.tiers.map { ($0.id, $0.title) })
    var table = TextTable([set.subject == .model ? "Mô hình" : "Mục", "Đơn vị", "Khối", "Tổng điểm", "Xếp loại", "Ghi chú"],
        alignments: [.left, .left, .left, .right, .left, .left])
    table.maxWidth = 60
    for e in entries {
        let note: String
        switch e.status {
        case "vetoed": note = "không xét: " + e.vetoes.map(\.title).joined(separator: "; ")
        case "incomplete": note = "chưa đủ điểm: " + e.incomplete.joined(separator: "; ")
        case "error": note = "lỗi"
        default: note = ""
        }
        table.append([e.entry, e.unit, e.bloc ?? "", e.total.map { $0.text(decimals: set.decimals) } ?? "—", e.tier.flatMap { tiers[$0] } ?? "", note])
    }
    return table.render().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Giải thích từng con số của một mô hình (hoặc đơn vị, với giao ước) theo lần tính điểm gần nhất."
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Mã mô hình, hoặc mã đơn vị với phong trào giao ước.") var entry: String
    @Option(help: "Mã phong trào (cần khi mã có ở nhiều phong trào).") var campaign: String?

    func run() throws {
        let store = try database.open()
        var found: [(StoredRun, EntryResult)] = []
        for c in try store.campaigns() where campaign == nil || c.code == campaign {
            guard let run = try store.latestRun(campaign: c.code) else { continue }
            if let e = run.entries.first(where: { $0.entry == entry }) { found.append((run, e)) }
        }
        guard let (run, result) = found.first else {
            throw UserError("Chưa có kết quả cho '\(entry)'\(campaign.map { " trong phong trào \($0)" } ?? ""). Chạy thidua score --campaign … trước.")
        }
        guard found.count == 1 else {
            throw UserError("'\(entry)' có ở nhiều phong trào: \(found.map(\.0.campaign).joined(separator: ", ")); chọn bằng --campaign.")
        }
        print(explanation(result, run: run).joined(separator: "\n"))
    }
}

/// The trace of one entry, readable in Vietnamese.
func explanation(_ e: EntryResult, run: StoredRun) -> [String] {
    var lines = ["\(e.entry) — đơn vị \(e.unit)\(e.bloc.map { ", khối \($0)" } ?? ""); phong trào \(run.campaign), bộ tiêu chí \(run.criteriaSet) \(run.criteriaVersion) (sha256 \(run.criteriaSHA256.prefix(12))…), lần tính #\(run.id)"]
    lines.append("Tổng điểm: \(e.total?.vietnamese ?? "chưa có")" + (e.tierTitle.map { ", xếp loại \($0)" } ?? ""))
    for v in e.vetoes { lines.append("Không xét khen thưởng: \(v.title) (\(v.id))") }
    for i in e.incomplete { lines.append("Chưa đủ điểm: \(i)") }
    for error in e.errors { lines.append("Lỗi: \(error.item): \(error.message)") }
    lines.append("")
    for t in e.trace {
        lines.append("  \(t.item) = \(t.value) — \(t.rule)")
        for input in t.inputs { lines.append("      \(input)") }
    }
    return lines
}
