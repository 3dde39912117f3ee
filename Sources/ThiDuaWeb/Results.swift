import Foundation
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore

/// A campaign's latest run, ranked and awarded, with what the read pages need prepared once:
/// each ranking group's standings, each unit's entries, each group's average and best per
/// criterion. Rebuilt when a new run is stored.
final class CampaignResults: Sendable {
    let ranked: Ranked
    let standings: [Standing]
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

    init(_ ranked: Ranked) {
        self.ranked = ranked
        let standings = Standings.compute(ranked.ranking, result: ranked.result, set: ranked.set, awards: ranked.awards)
        self.standings = standings
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

/// The prepared results of each campaign, rebuilt when the store holds a newer run.
actor ResultsCache {
    let store: Store
    let criteriaDirectory: String?
    let seed: UInt64?
    private var cache: [String: (run: Int64, results: CampaignResults)] = [:]

    init(store: Store, criteriaDirectory: String?, seed: UInt64?) {
        self.store = store
        self.criteriaDirectory = criteriaDirectory
        self.seed = seed
    }

    /// The campaign's prepared results, or nil when it has never been scored.
    func results(_ campaign: String) throws -> CampaignResults? {
        guard let run = try store.latestRunId(campaign: campaign) else { return nil }
        if let hit = cache[campaign], hit.run == run { return hit.results }
        let results = CampaignResults(try Ranked(store, campaign: campaign, criteriaDirectory: criteriaDirectory, seed: seed))
        cache[campaign] = (run, results)
        return results
    }
}
