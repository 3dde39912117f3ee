import Foundation
import Synchronization
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore

/// A campaign's latest run, ranked and awarded, with what the read pages need prepared once:
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

    /// The campaign's jurors' codes, left out of the explanations the public pages show.
    let jurorCodes: Set<String>

    init(_ ranked: Ranked, unitNames: [String: String], jurorCodes: Set<String> = []) {
        self.ranked = ranked
        self.unitNames = unitNames
        self.jurorCodes = jurorCodes
        modelNames = Dictionary(ranked.models.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let standings = Standings.compute(ranked.ranking, result: ranked.result, set: ranked.set, awards: ranked.awards)
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
                    v.sum = (try? v.sum.adding(p)) ?? v.sum
                    v.count += 1
                    if p > v.best { v.best = p }
                    sums[c.id] = v
                }
            }
            stats[group] = sums.mapValues { (average: (try? $0.sum.dividing(by: Exact($0.count))) ?? 0, best: $0.best) }
        }
        criterionStats = stats
        groupBest = best
        var apart: [String: String] = [:]
        for g in ranked.ranking.groups { for a in g.apart { apart[a.entry] = a.reason } }
        self.apart = apart
    }
}

/// The prepared results of each campaign, rebuilt when the store holds a newer run. Whether
/// there is one is checked at most once a second per campaign, so a page served from the cache
/// costs no database read; a run stored by another process shows within a second.
final class ResultsCache: Sendable {
    let store: Store
    let criteriaDirectory: String?
    let seed: UInt64?
    private let cache = Mutex<[String: (run: Int64, results: CampaignResults, checked: ContinuousClock.Instant)]>([:])
    /// One campaign is prepared at a time: requests arriving meanwhile wait for it.
    private let building = Builder()

    init(store: Store, criteriaDirectory: String?, seed: UInt64?) {
        self.store = store
        self.criteriaDirectory = criteriaDirectory
        self.seed = seed
    }

    /// The campaign's prepared results, or nil when it has never been scored.
    func results(_ campaign: String) async throws -> CampaignResults? {
        let now = ContinuousClock.now
        let hit = cache.withLock { $0[campaign] }
        if let hit, now - hit.checked < .seconds(1) { return hit.results }
        guard let run = try store.latestRunId(campaign: campaign) else { return nil }
        if let hit, hit.run == run {
            cache.withLock { $0[campaign]?.checked = now }
            return hit.results
        }
        return try await building.build { [self] in
            if let again = cache.withLock({ $0[campaign] }), again.run == run { return again.results }
            let names = Dictionary(try store.units().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            let jurors = Set(try store.jurors(campaign: campaign).map(\.code))
            let results = CampaignResults(try Ranked(store, campaign: campaign, criteriaDirectory: criteriaDirectory, seed: seed),
                unitNames: names, jurorCodes: jurors)
            cache.withLock { $0[campaign] = (run, results, ContinuousClock.now) }
            return results
        }
    }

    /// Forgets a campaign's results (after the web app itself stores a run or freezes it).
    func invalidate(_ campaign: String) {
        _ = cache.withLock { $0.removeValue(forKey: campaign) }
    }

    actor Builder {
        func build(_ make: @Sendable () throws -> CampaignResults) throws -> CampaignResults {
            try make()
        }
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
