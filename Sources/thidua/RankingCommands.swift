import ArgumentParser
import Foundation
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore

struct StandingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standings",
        abstract: "Bảng xếp hạng theo nhóm: hạng, xếp loại, khen thưởng, khoảng cách tới hạng và mức trên, tiêu chí kém nhất."
    )

    @OptionGroup var options: CampaignOptions
    @OptionGroup var seed: SeedOption
    @Option(help: "Chỉ một khối (mã khối).") var bloc: String?
    @Option(help: "Chỉ các mục của một đơn vị (mã đơn vị).") var unit: String?

    func run() throws {
        let ranked = try options.ranked(try options.open(), seed: seed)
        print(try standingsLines(ranked, bloc: bloc, unit: unit).joined(separator: "\n"))
    }
}

func standingsLines(_ r: Ranked, bloc: String?, unit: String?) throws -> [String] {
    var lines = [r.heading, "Tiêu chí phụ khi bằng điểm: " + r.ranking.tieBreak.joined(separator: ", ")]
    let standings = try Standings.compute(r.ranking, result: r.result, set: r.set, awards: r.awards)
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
        var ties: [String] = []
        for s in rows {
            // On equal points the column says so, and a line under the table says what decided,
            // in the words of the unit's page on the web (one text, `Standing.toNextRankText`).
            let tie = s.toNextRank == .zero
            if tie, let text = s.toNextRankText(decimals: r.set.decimals) { ties.append("  \(s.entry), hạng \(s.rank): \(text)") }
            table.append(["\(s.rank)", s.entry, s.unit, s.total.text(decimals: r.set.decimals), s.tierTitle ?? "",
                s.awards.joined(separator: ", "), tie ? "bằng điểm" : s.toNextRank?.vietnamese ?? "—",
                s.toNextTier.map { "\($0.points.vietnamese) tới \($0.tier)" } ?? "—",
                s.lostMost.map { "\($0.criterion) −\($0.points.vietnamese)" }.joined(separator: "; ")])
        }
        if !rows.isEmpty { lines += table.render().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        lines += ties
        for a in apart { lines.append("  Không xếp hạng: \(a.entry) — \(a.reason)") }
    }
    return lines
}

struct AwardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "awards",
        abstract: "Danh sách khen thưởng theo từng hình thức, kèm cách tính chỉ tiêu."
    )

    @OptionGroup var options: CampaignOptions
    @OptionGroup var seed: SeedOption

    func run() throws {
        let ranked = try options.ranked(try options.open(), seed: seed)
        print(awardLines(ranked).joined(separator: "\n"))
    }
}

func awardLines(_ r: Ranked) -> [String] {
    var lines = [r.heading]
    if r.set.exclusive { lines.append("Một thành tích, một hình thức: mỗi mục chỉ nhận hình thức cao nhất mà nó đạt (exclusive).") }
    for form in r.awards.forms {
        lines.append("")
        lines.append("\(form.title) — \(form.authority): \(form.count)")
        if !form.capOrder.isEmpty {
            lines.append("  Thứ tự các nhóm dùng suất của khối: \(form.capOrder.joined(separator: " → "))"
                + (form.capOrderStated ? " (cap_order)" : " (mặc định: thứ tự các nhóm; đổi bằng cap_order)"))
        }
        for g in form.groups {
            let limits = g.arithmetic.isEmpty ? "không giới hạn" : g.arithmetic.joined(separator: "; ")
            lines.append("  Nhóm \(g.group): \(g.eligible) đủ điều kiện; \(limits); được \(g.awarded.count)")
            for boundary in g.boundaries { lines.append("    \(boundary)") }
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

struct WhatIf: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Giả định điểm vài tiêu chí của một mục rồi tính lại tổng điểm, xếp loại và hạng; không lưu gì.",
        discussion: "Ví dụ: thidua whatif MH-07 --campaign DVK-2024 --set A1=18 --set B2=12,5"
    )

    @Argument(help: "Mã mô hình (hoặc đơn vị, với giao ước).") var entry: String
    @OptionGroup var options: CampaignOptions
    @OptionGroup var seed: SeedOption
    @Option(name: .customLong("set"), help: "TIÊU_CHÍ=ĐIỂM, có thể lặp lại.") var assumptions: [String] = []

    func run() throws {
        let store = try options.open()
        let (campaign, set) = try options.campaignAndSet(store)
        var assumed: [String: Exact] = [:]
        for text in assumptions {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let points = Exact(parts[1]) else {
                throw UserError("--set \(text): cần dạng TIÊU_CHÍ=ĐIỂM, ví dụ A1=18 hoặc B2=12,5.")
            }
            guard let criterion = set.criteria.first(where: { $0.id == parts[0] }) else {
                throw UserError("--set \(text): không có tiêu chí '\(parts[0])' trong bộ tiêu chí \(set.id) (có: \(set.criteria.map(\.id).joined(separator: ", "))).")
            }
            guard !points.isNegative, !(criterion.max < points) else {
                throw UserError("--set \(text): điểm phải từ 0 đến \(criterion.max.vietnamese) (điểm tối đa của \(criterion.id)), gặp \(points.vietnamese).")
            }
            assumed[criterion.id] = points
        }
        guard !assumed.isEmpty else { throw UserError("Cần ít nhất một --set TIÊU_CHÍ=ĐIỂM.") }
        var input = try store.scoringInput(campaign: campaign.code, set: set)
        let before = Engine.score(input, trace: false)
        guard before.entries.contains(where: { $0.entry == entry }) else {
            throw UserError("Không có mục '\(entry)' trong phong trào \(campaign.code).")
        }
        input.assumed = [entry: assumed]
        let after = Engine.score(input)
        let models = input.models
        func standing(_ result: ScoringResult) throws -> (EntryResult, RankedEntry?, Int) {
            let ranking: Ranking
            do { ranking = try Ranker.rank(result, set: set, models: models, seed: seed.seed) } catch { throw UserError(error.description) }
            let e = result.entries.first { $0.entry == entry }!
            let group = ranking.groups.first { $0.ranked.contains { $0.entry == entry } || $0.apart.contains { $0.entry == entry } }
            return (e, group?.ranked.first { $0.entry == entry }, group?.ranked.count ?? 0)
        }
        let (old, oldRank, oldOf) = try standing(before)
        let (new, newRank, newOf) = try standing(after)
        func line(_ e: EntryResult, _ r: RankedEntry?, _ of: Int) -> String {
            let total = e.total.map { $0.text(decimals: set.decimals) } ?? "chưa có"
            let rank = r.map { "hạng \($0.rank)/\(of)" } ?? (e.isVetoed ? "không xét" : "không xếp hạng")
            return "tổng \(total), xếp loại \(e.tierTitle ?? "—"), \(rank)"
        }
        print("\(entry) — giả định \(assumed.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value.vietnamese) (đang là \(old.points($0.key)?.vietnamese ?? "chưa có"))" }.joined(separator: ", ")); không lưu gì")
        print("  Hiện tại: \(line(old, oldRank, oldOf))")
        print("  Giả định: \(line(new, newRank, newOf))")
        for error in new.errors { print("  Lỗi: \(error.item): \(error.message)") }
        for i in new.incomplete { print("  Chưa đủ điểm: \(i)") }
    }
}
