/// Ranks the entries of one ranking group: those that cannot be ranked set apart with why,
/// the rest ordered by the chain, and runs equal on the whole chain shared or drawn.
struct GroupRanking {
    typealias Candidate = (at: Int, values: [Ranker.SortValue])

    let all: [EntryResult]
    let chain: [RankingRules.TieBreak]
    let ties: RankingRules.Ties
    let seed: UInt64?
    let modelOf: Ranker.ModelIndex
    private(set) var usedSeed = false

    init(all: [EntryResult], chain: [RankingRules.TieBreak], ties: RankingRules.Ties, seed: UInt64?, modelOf: Ranker.ModelIndex) {
        self.all = all
        self.chain = chain
        self.ties = ties
        self.seed = seed
        self.modelOf = modelOf
    }

    /// The group of `key` made of the entries at `members` in `all`.
    mutating func rank(_ key: [String], _ members: [Int]) throws(RankingFailure) -> RankingGroup {
        var apart: [ApartEntry] = []
        var candidates: [Candidate] = []
        for at in members {
            let e = all[at]
            if let reason = Self.reasonApart(e) {
                apart.append(ApartEntry(entry: e.entry, reason: reason))
            } else if e.total != nil {
                candidates.append((at, try values(e)))
            }
        }
        sort(&candidates)
        let ranked = try ranks(candidates, group: key.isEmpty ? "tất cả" : key.joined(separator: " · "))
        return RankingGroup(key: key, ranked: ranked, apart: apart.sorted { $0.entry < $1.entry })
    }

    /// Why an entry takes no part in ranking, if it does not.
    static func reasonApart(_ e: EntryResult) -> String? {
        if !e.errors.isEmpty { return "lỗi khi tính điểm: " + e.errors.map(\.description).joined(separator: "; ") }
        if !e.incomplete.isEmpty { return "chưa đủ điểm: " + e.incomplete.joined(separator: "; ") }
        if !e.vetoes.isEmpty { return "không xét: " + e.vetoes.map(\.title).joined(separator: "; ") }
        return nil
    }

    /// The entry's value for each link of the chain.
    private func values(_ e: EntryResult) throws(RankingFailure) -> [Ranker.SortValue] {
        var values: [Ranker.SortValue] = []
        for link in chain {
            do throws(ArithmeticFailure) {
                values.append(try Ranker.value(of: link.key, e, link.key == .registeredOn ? modelOf[e.entry] : nil))
            } catch {
                throw .arithmetic(entry: e.entry, key: link.key.description, failure: error)
            }
        }
        return values
    }

    /// Order by the chain; equal on everything → by code, for now (shared or drawn below).
    private func sort(_ candidates: inout [Candidate]) {
        candidates.sort { a, b in
            for (i, link) in chain.enumerated() {
                if let first = Ranker.precedes(a.values[i], b.values[i], descending: link.descending) { return first }
            }
            return all[a.at].entry < all[b.at].entry
        }
    }

    /// Standard competition ranks over the sorted candidates, run by run of entries equal on the whole chain.
    private mutating func ranks(_ candidates: [Candidate], group: String) throws(RankingFailure) -> [RankedEntry] {
        var ranked: [RankedEntry] = []
        var i = 0
        while i < candidates.count {
            var j = i + 1
            while j < candidates.count, candidates[j].values == candidates[i].values { j += 1 }
            let decidedBy: String? = i == 0 ? nil : chain.indices.first { candidates[i - 1].values[$0] != candidates[i].values[$0] }
                .flatMap { $0 == 0 ? nil : chain[$0].key.description }
            ranked += try run(Array(candidates[i..<j]), from: i, decidedBy: decidedBy, group: group)
            i = j
        }
        return ranked
    }

    /// A run of entries equal on the whole chain, starting at place `start`: one shared rank, or drawn places.
    private mutating func run(_ run: [Candidate], from start: Int, decidedBy: String?, group: String) throws(RankingFailure) -> [RankedEntry] {
        guard run.count > 1 && ties == .draw else {
            return run.map { entry(all[$0.at], rank: start + 1, decidedBy: decidedBy, drawn: false) }
        }
        guard let seed else { throw .drawNeedsSeed(group: group, entries: run.map { all[$0.at].entry }) }
        usedSeed = true
        let drawn = run.sorted { Ranker.drawKey(seed, all[$0.at].entry) < Ranker.drawKey(seed, all[$1.at].entry) }
        return drawn.enumerated().map { offset, c in
            entry(all[c.at], rank: start + offset + 1, decidedBy: offset == 0 ? decidedBy : "bốc thăm", drawn: true)
        }
    }

    private func entry(_ e: EntryResult, rank: Int, decidedBy: String?, drawn: Bool) -> RankedEntry {
        RankedEntry(entry: e.entry, unit: e.unit, total: e.total!, tier: e.tier, rank: rank, decidedBy: decidedBy, drawn: drawn)
    }
}
