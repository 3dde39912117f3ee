import Foundation
import Synchronization
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore

/// A campaign's run, ranked and awarded, with what the read pages need prepared once:
/// each ranking group's standings, each unit's entries, each group's average and best per
/// criterion. Rebuilt when a new run is stored.
final class CampaignResults: Sendable {
    let ranked: Ranked
    let standings: [Standing]
    let standingByEntry: [String: Standing]
    /// Standings by ranking group label, in rank order.
    let byGroup: [String: [Standing]]
    /// The groups in the ranking's order.
    let groups: [RankingGroup]
    let entries: [String: EntryResult]
    /// Entries by unit code.
    let byUnit: [String: [String]]
    /// Per group and criterion: the average and the best points of the group's ranked entries.
    let criterionStats: [String: [String: (average: Exact, best: Exact)]]
    /// The highest total of each group (the full length of its bars).
    let groupBest: [String: Exact]
    /// Where each entry is apart (vetoed, incomplete) and why.
    let apart: [String: String]
    /// Units' and models' names, read with the run.
    let unitNames: [String: String]
    /// The campaign year's blocs' names by code, to title a ranking group by its bloc's name.
    let blocNames: [String: String]
    let modelNames: [String: String]
    /// Pages' content rendered once per run (standings of a group, as HTML and as JSON).
    private let rendered = Mutex<[String: String]>([:])

    /// A part made once for this run and kept: `make` runs the first time `key` is asked for.
    func rendered(_ key: String, _ make: () throws -> String) rethrows -> String {
        if let hit = rendered.withLock({ $0[key] }) { return hit }
        let made = try make()
        rendered.withLock { $0[key] = made }
        return made
    }

    /// A ranking group as people read it: each bloc code of its key by the bloc's name
    /// ("Khối thi đua các phường, xã · Cá nhân" for `KHOI-XP · Cá nhân`).
    func title(of group: RankingGroup) -> String {
        group.key.isEmpty ? group.label : group.key.map { blocNames[$0] ?? $0 }.joined(separator: " · ")
    }

    /// The campaign's jurors' codes, left out of the explanations the public pages show.
    let jurorCodes: Set<String>

    /// For pledge campaigns: each unit's targets' texts by target code (a target is a criterion
    /// of the unit's entry).
    let targetTexts: [String: [String: String]]

    /// Throws when a figure cannot be computed exactly (an arithmetic overflow), rather than show a wrong one.
    init(_ ranked: Ranked, unitNames: [String: String], blocNames: [String: String] = [:], jurorCodes: Set<String> = [],
         targetTexts: [String: [String: String]] = [:]) throws(ArithmeticFailure) {
        self.ranked = ranked
        self.unitNames = unitNames
        self.blocNames = blocNames
        self.jurorCodes = jurorCodes
        self.targetTexts = targetTexts
        modelNames = Dictionary(ranked.models.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let standings = try Standings.compute(ranked.ranking, result: ranked.result, set: ranked.set, awards: ranked.awards)
        self.standings = standings
        standingByEntry = Dictionary(standings.map { ($0.entry, $0) }, uniquingKeysWith: { a, _ in a })
        byGroup = Dictionary(grouping: standings, by: \.group)
        groups = ranked.ranking.groups
        entries = Dictionary(ranked.result.entries.map { ($0.entry, $0) }, uniquingKeysWith: { a, _ in a })
        var byUnit: [String: [String]] = [:]
        for e in ranked.result.entries { byUnit[e.unit, default: []].append(e.entry) }
        self.byUnit = byUnit
        var stats: [String: [String: (average: Exact, best: Exact)]] = [:]
        var best: [String: Exact] = [:]
        for (group, list) in byGroup {
            best[group] = list.map(\.total).max() ?? 0
            var sums: [String: (sum: Exact, count: Int, best: Exact)] = [:]
            for s in list {
                for c in entries[s.entry]?.criteria ?? [] {
                    guard let p = c.points else { continue }
                    var v = sums[c.id] ?? (0, 0, p)
                    v.sum = try v.sum.adding(p)
                    v.count += 1
                    if p > v.best { v.best = p }
                    sums[c.id] = v
                }
            }
            var groupStats: [String: (average: Exact, best: Exact)] = [:]
            for (id, v) in sums { groupStats[id] = (average: try v.sum.dividing(by: Exact(v.count)), best: v.best) }
            stats[group] = groupStats
        }
        criterionStats = stats
        groupBest = best
        var apart: [String: String] = [:]
        for g in ranked.ranking.groups { for a in g.apart { apart[a.entry] = a.reason } }
        self.apart = apart
    }
}

/// Which run the read pages show, and how they label it: a published run is final (chính thức);
/// any other is interim (tạm tính), with its number and time.
struct ShownRun: Sendable {
    let results: CampaignResults
    let status: RunStatus

    var isFinal: Bool { status.publishedAt != nil }

    /// The line above the standings and a unit's entries.
    var line: String {
        if let published = status.publishedAt {
            return "Kết quả chính thức: lần tính #\(status.run) (tính lúc \(Self.time(status.createdAt))), công bố lúc \(Self.time(published))."
        }
        return "Kết quả tạm tính: lần tính #\(status.run) lúc \(Self.time(status.createdAt)), chưa được ban thư ký công bố; còn có thể thay đổi."
    }

    /// For the JSON API: the run, whether it is final, and its times as stored (ISO 8601, UTC).
    var json: RunJSON {
        RunJSON(run: status.run, final: isFinal, status: isFinal ? "chính thức" : "tạm tính", computedAt: status.createdAt, publishedAt: status.publishedAt)
    }

    /// A stored time (`2024-12-10T08:45:00Z`) as shown: `08:45 UTC ngày 10/12/2024`; other text as it is.
    static func time(_ iso: String) -> String {
        let c = Array(iso)
        guard c.count >= 16, c[4] == "-", c[7] == "-", c[10] == "T" || c[10] == " ", c[13] == ":" else { return iso }
        return "\(String(c[11..<16])) UTC ngày \(String(c[8..<10]))/\(String(c[5..<7]))/\(String(c[0..<4]))"
    }
}

struct RunJSON: Encodable, Sendable {
    var run: Int64
    var final: Bool
    var status: String
    var computedAt: String
    var publishedAt: String?
}

/// The prepared results of each campaign's runs. Which runs are the latest and the published
/// one, and whether the campaign has jurors, is checked at most once a second per campaign, so
/// a page served from the cache costs no database read; a run stored or published by another
/// process shows within a second.
final class ResultsCache: Sendable {
    let store: Store
    let criteriaDirectory: String?
    let seed: UInt64?
    private let known = Mutex<[String: (heads: Heads, checked: ContinuousClock.Instant)]>([:])
    private let built = Mutex<[Int64: CampaignResults]>([:])
    /// One run is prepared at a time (off the cooperative threads: it reads the whole
    /// campaign): requests arriving meanwhile wait for it.
    private let building = DispatchQueue(label: "thidua-web.results")

    init(store: Store, criteriaDirectory: String?, seed: UInt64?) {
        self.store = store
        self.criteriaDirectory = criteriaDirectory
        self.seed = seed
    }

    /// A campaign's latest run, the run it last published, and whether it has jurors (a jury
    /// round) or none (pledge and unit campaigns, scored from reports).
    struct Heads: Sendable {
        var latest: RunStatus?
        var published: RunStatus?
        var hasJurors: Bool
        /// Whether the campaign's round is closed (frozen).
        var frozen: Bool
    }

    /// What anyone but the secretariat may see of a campaign.
    enum Visible: Sendable {
        /// A run: the published one (final), or the latest (interim) when no jury round is open.
        case run(ShownRun)
        /// Nothing: the campaign was never scored.
        case none
        /// Nothing: a jury round is open and no run is published; results are kept to the secretariat.
        case kept
    }

    /// The campaign's latest run, the run it last published, and whether it has jurors.
    func heads(_ campaign: String) async throws -> Heads {
        let now = ContinuousClock.now
        // Heads older than a second are read again by one request, which claims them by stamping
        // them now: the requests arriving while it reads keep the heads they have instead of
        // each reading them too (the reads are asynchronous, so a second's worth of requests
        // would otherwise all queue on the database at once).
        let (fresh, claimed): (Heads?, Bool) = known.withLock { known in
            guard let hit = known[campaign] else { return (nil, false) }
            if now - hit.checked < .seconds(1) { return (hit.heads, false) }
            known[campaign] = (hit.heads, now)
            return (nil, true)
        }
        if let fresh { return fresh }
        let heads = Heads(latest: try await store.latestRunStatus(campaign: campaign),
            published: try await store.publishedRun(campaign: campaign),
            hasJurors: !(try await store.jurors(campaign: campaign).isEmpty),
            frozen: try await store.campaigns().first(where: { $0.code == campaign })?.state == .frozen)
        known.withLock { known in
            // A claim forgotten meanwhile (`invalidate`) is not written back: what was read may predate the change.
            if !claimed || known[campaign]?.checked == now { known[campaign] = (heads, now) }
        }
        // Only the runs some page may still show are kept.
        let keep = Set(known.withLock { $0.values.flatMap { [$0.heads.latest?.run, $0.heads.published?.run].compactMap { $0 } } })
        built.withLock { $0 = $0.filter { keep.contains($0.key) } }
        return heads
    }

    /// What anyone but the secretariat sees — the public and jurors alike: the run last
    /// published (final); else, when the campaign has no jurors or its round is closed
    /// (`frozen`), the latest run (interim); else nothing, the round being open.
    func visible(_ campaign: String) async throws -> Visible {
        let heads = try await heads(campaign)
        if let published = heads.published {
            return .run(ShownRun(results: try await results(campaign, run: published.run), status: published))
        }
        guard !heads.hasJurors || heads.frozen else { return .kept }
        guard let latest = heads.latest else { return .none }
        return .run(ShownRun(results: try await results(campaign, run: latest.run), status: latest))
    }

    /// What the secretariat sees: the latest run, published or not.
    func latest(_ campaign: String) async throws -> ShownRun? {
        guard let status = try await heads(campaign).latest else { return nil }
        return ShownRun(results: try await results(campaign, run: status.run), status: status)
    }

    /// One run of a campaign, prepared once.
    func results(_ campaign: String, run: Int64) async throws -> CampaignResults {
        if let hit = built.withLock({ $0[run] }) { return hit }
        return try await blocking(on: building) { [self] in
            if let again = built.withLock({ $0[run] }) { return again }
            let names = Dictionary(try store.units().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            let jurors = Set(try store.jurors(campaign: campaign).map(\.code))
            var targets: [String: [String: String]] = [:]
            for pledge in try store.pledges(campaign: campaign) {
                for member in pledge.members {
                    for t in pledge.targets { targets[member, default: [:]][t.code] = t.text }
                }
            }
            let ranked = try Ranked(store, campaign: campaign, run: run, criteriaDirectory: criteriaDirectory, seed: seed, keptCriteria: true)
            let blocs = Dictionary(try store.blocs().filter { $0.year == ranked.campaign.year }.map { ($0.code, $0.name) },
                uniquingKeysWith: { a, _ in a })
            let results = try CampaignResults(ranked, unitNames: names, blocNames: blocs, jurorCodes: jurors, targetTexts: targets)
            built.withLock { $0[run] = results }
            return results
        }
    }

    /// Forgets which runs are the latest and published (after the web app itself stores or
    /// publishes a run, or freezes the campaign).
    func invalidate(_ campaign: String) {
        _ = known.withLock { $0.removeValue(forKey: campaign) }
    }
}

extension CampaignResults {
    /// An explanation's input as the public pages show it: a juror's score without the juror's
    /// code ("GK01 15" → "15", "bỏ (thấp) GK05 13" → "bỏ (thấp) 13"), so that a unit, or a
    /// juror still scoring, sees the panel's scores but not who gave which.
    func anonymous(_ input: String) -> String {
        guard !jurorCodes.isEmpty else { return input }
        let words = input.split(separator: " ", omittingEmptySubsequences: false)
        guard words.contains(where: { jurorCodes.contains(String($0.trimmingCharacters(in: CharacterSet(charactersIn: ":,;()")))) }) else { return input }
        return words.filter { !jurorCodes.contains(String($0.trimmingCharacters(in: CharacterSet(charactersIn: ":,;()")))) }.joined(separator: " ")
    }
}
