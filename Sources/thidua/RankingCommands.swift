import ArgumentParser
import Foundation
import ThiDuaCore
import ThiDuaStore

/// A campaign's latest results, ranked, with its awards: what `standings` and `awards` show.
struct Ranked {
    var campaign: Campaign
    var set: CriteriaSet
    var run: StoredRun
    var result: ScoringResult
    var ranking: Ranking
    var awards: AwardList
    var models: [Model]

    init(_ store: Store, campaign code: String, criteriaDirectory: String?, seed: UInt64?) throws {
        guard let campaign = try store.campaigns().first(where: { $0.code == code }) else {
            throw UserError("Không có phong trào '\(code)' (có: \(try store.campaigns().map(\.code).joined(separator: ", "))).")
        }
        guard let run = try store.latestRun(campaign: code) else {
            throw UserError("Phong trào \(code) chưa được tính điểm. Chạy: thidua score --campaign \(code)")
        }
        let set = try findCriteriaSet(campaign.criteriaSet, in: criteriaDirectory)
        guard set.sha256 == run.criteriaSHA256 else {
            throw UserError("Bộ tiêu chí \(set.id) (\(set.file), sha256 \(set.sha256.prefix(12))…) đã khác với lúc tính điểm lần #\(run.id) "
                + "(sha256 \(run.criteriaSHA256.prefix(12))…). Chạy lại: thidua score --campaign \(code)")
        }
        self.campaign = campaign
        self.set = set
        self.run = run
        models = try store.models(campaign: code)
        result = ScoringResult(campaign: code, criteriaSet: run.criteriaSet, criteriaSetVersion: run.criteriaVersion,
            criteriaSetSHA256: run.criteriaSHA256, entries: run.entries)
        do {
            ranking = try Ranker.rank(result, set: set, models: models, seed: seed)
            awards = try Awarding.decide(ranking, result: result, set: set, campaign: campaign, models: models,
                previousTiers: try store.previousTiers(campaign: code), seed: seed)
        } catch let failure as RankingFailure {
            throw UserError("\(code): \(failure.description)")
        } catch let failure as AwardFailure {
            throw UserError("\(code): \(failure.description)")
        }
    }

    var heading: String {
        var line = "\(campaign.code) — \(campaign.title): bộ tiêu chí \(set.id) \(set.version), lần tính #\(run.id)"
        if let seed = ranking.seed ?? awards.seed { line += ", bốc thăm với hạt giống \(seed)" }
        return line
    }
}

struct StandingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standings",
        abstract: "Bảng xếp hạng theo nhóm: hạng, xếp loại, khen thưởng, khoảng cách tới hạng và mức trên, tiêu chí kém nhất."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Mã phong trào.") var campaign: String
    @Option(help: "Chỉ một khối (mã khối).") var bloc: String?
    @Option(help: "Chỉ các mục của một đơn vị (mã đơn vị).") var unit: String?
    @Option(help: "Hạt giống bốc thăm khi bộ tiêu chí định bốc thăm các mục bằng nhau.") var seed: UInt64?
    @Option(help: "Thư mục bộ tiêu chí (mặc định Criteria/ của dự án).") var criteria: String?

    func run() throws {
        let ranked = try Ranked(try database.open(), campaign: campaign, criteriaDirectory: criteria, seed: seed)
        print(standingsLines(ranked, bloc: bloc, unit: unit).joined(separator: "\n"))
    }
}

func standingsLines(_ r: Ranked, bloc: String?, unit: String?) -> [String] {
    var lines = [r.heading, "Tiêu chí phụ khi bằng điểm: " + r.ranking.tieBreak.joined(separator: ", ")]
    let standings = Standings.compute(r.ranking, result: r.result, set: r.set, awards: r.awards)
    let noun = r.set.subject == .model ? "mục" : "đơn vị"
    for group in r.ranking.groups where bloc == nil || group.key.contains(bloc!) {
        let rows = standings.filter { $0.group == group.label && (unit == nil || $0.unit == unit) }
        let apart = group.apart.filter { a in unit == nil || r.result.entries.first { $0.entry == a.entry }?.unit == unit }
        guard !rows.isEmpty || !apart.isEmpty else { continue }
        lines.append("")
        lines.append("Nhóm \(group.label): \(group.ranked.count) \(noun) được xếp hạng, \(group.apart.count) không xếp hạng")
        var table = TextTable(["Hạng", r.set.subject == .model ? "Mô hình" : "Đơn vị", "Đơn vị", "Tổng điểm", "Xếp loại", "Khen thưởng",
            "Cách hạng trên", "Cách mức trên", "Kém người đứng đầu nhóm"],
            alignments: [.right, .left, .left, .right, .left, .left, .right, .left, .left])
        table.maxWidth = 40
        for s in rows {
            let rank = group.ranked.first { $0.entry == s.entry }
            let tie = rank?.decidedBy.map { " (\($0))" } ?? ""
            table.append(["\(s.rank)", s.entry, s.unit, s.total.text(decimals: r.set.decimals), s.tierTitle ?? "",
                s.awards.joined(separator: ", "), s.toNextRank.map { $0.vietnamese + tie } ?? "—",
                s.toNextTier.map { "\($0.points.vietnamese) tới \($0.tier)" } ?? "—",
                s.lostMost.map { "\($0.criterion) −\($0.points.vietnamese)" }.joined(separator: "; ")])
        }
        if !rows.isEmpty { lines += table.render().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        for a in apart { lines.append("  Không xếp hạng: \(a.entry) — \(a.reason)") }
    }
    return lines
}

struct AwardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "awards",
        abstract: "Danh sách khen thưởng theo từng hình thức, kèm cách tính chỉ tiêu."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Mã phong trào.") var campaign: String
    @Option(help: "Hạt giống bốc thăm (khi có mục bằng nhau ở ranh giới chỉ tiêu và bộ tiêu chí định bốc thăm).") var seed: UInt64?
    @Option(help: "Thư mục bộ tiêu chí (mặc định Criteria/ của dự án).") var criteria: String?

    func run() throws {
        let ranked = try Ranked(try database.open(), campaign: campaign, criteriaDirectory: criteria, seed: seed)
        print(awardLines(ranked).joined(separator: "\n"))
    }
}

func awardLines(_ r: Ranked) -> [String] {
    var lines = [r.heading]
    if r.set.exclusive { lines.append("Một thành tích, một hình thức: mỗi mục chỉ nhận hình thức cao nhất mà nó đạt (exclusive).") }
    for form in r.awards.forms {
        lines.append("")
        lines.append("\(form.title) — \(form.authority): \(form.count)")
        for g in form.groups {
            let limits = g.arithmetic.isEmpty ? "không giới hạn" : g.arithmetic.joined(separator: "; ")
            lines.append("  Nhóm \(g.group): \(g.eligible) đủ điều kiện; \(limits); được \(g.awarded.count)")
            if let boundary = g.boundary { lines.append("    \(boundary)") }
            for a in g.awarded {
                let who = a.entry == a.unit ? a.entry : "\(a.entry)  \(a.unit)"
                lines.append("    hạng \(a.rank)  \(who)  \(a.total.text(decimals: r.set.decimals))\(a.drawn ? "  (bốc thăm)" : "")")
            }
        }
    }
    lines.append("")
    lines.append("Tổng: " + r.awards.forms.map { "\($0.title) (\($0.authority)) \($0.count)" }.joined(separator: "; "))
    return lines
}
