/// Where each ranked entry stands and what it would take to climb: the gap to the next tier
/// and to the entry ranked above, and the criteria where it lost most against the best of
/// its group.
public struct Standing: Sendable, Hashable {
    public var entry: String
    public var unit: String
    public var group: String
    public var rank: Int
    public var of: Int
    public var total: Exact
    public var tier: String?
    public var tierTitle: String?
    /// Award form titles the entry receives.
    public var awards: [String]
    /// Points missing to reach the next higher tier's threshold (its other conditions aside).
    public var toNextTier: (tier: String, points: Exact)?
    /// Points behind the nearest entry with a better rank; nil for the first.
    public var toNextRank: Exact?
    /// The criteria where the best entry of the group got most more, largest first (at most 3).
    public var lostMost: [(criterion: String, points: Exact)]
    /// What placed it below the entry above when their totals are equal: a tie-break key as the
    /// set writes it (`penalty asc`), or `bốc thăm` for a seeded draw.
    public var decidedBy: String? = nil

    /// The gap to the rank above in words, as the unit's page and `thidua standings` show it:
    /// "thiếu 1,20 điểm để lên một hạng", or on equal points which tie-break decided
    /// ("bằng điểm mục xếp trên; thứ hạng do tiêu chí phụ quyết định: penalty asc"); nil for the first.
    public func toNextRankText(decimals: Int) -> String? {
        guard let gap = toNextRank else { return nil }
        guard gap == .zero else { return "thiếu \(gap.text(decimals: decimals)) điểm để lên một hạng" }
        switch decidedBy {
        case "bốc thăm"?: return "bằng điểm mục xếp trên; thứ hạng do bốc thăm (có ghi hạt giống) quyết định"
        case let key?: return "bằng điểm mục xếp trên; thứ hạng do tiêu chí phụ quyết định: \(key)"
        case nil: return "bằng điểm mục xếp trên"
        }
    }

    public static func == (a: Standing, b: Standing) -> Bool {
        a.entry == b.entry && a.rank == b.rank && a.total == b.total && a.awards == b.awards
            && a.toNextTier?.tier == b.toNextTier?.tier && a.toNextTier?.points == b.toNextTier?.points
            && a.toNextRank == b.toNextRank && a.lostMost.map(\.criterion) == b.lostMost.map(\.criterion)
            && a.lostMost.map(\.points) == b.lostMost.map(\.points)
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(entry)
        hasher.combine(rank)
    }
}

public enum Standings {
    /// Throws when a gap cannot be computed exactly (an arithmetic overflow), rather than leave it out.
    public static func compute(_ ranking: Ranking, result: ScoringResult, set: CriteriaSet, awards: AwardList?) throws(ArithmeticFailure) -> [Standing] {
        let entries = Dictionary(result.entries.map { ($0.entry, $0) }, uniquingKeysWith: { a, _ in a })
        var awarded: [String: [String]] = [:]
        for form in awards?.forms ?? [] {
            for group in form.groups { for a in group.awarded { awarded[a.entry, default: []].append(form.title) } }
        }
        var standings: [Standing] = []
        for group in ranking.groups {
            // The best points per criterion in the group.
            var best: [String: Exact] = [:]
            for r in group.ranked {
                for c in entries[r.entry]?.criteria ?? [] {
                    if let p = c.points, best[c.id].map({ $0 < p }) ?? true { best[c.id] = p }
                }
            }
            for (i, r) in group.ranked.enumerated() {
                guard let e = entries[r.entry] else { continue }
                var toNextTier: (String, Exact)?
                if let current = set.tiers.firstIndex(where: { $0.id == e.tier }), current > 0 {
                    let next = set.tiers[current - 1]
                    if let min = next.min {
                        let gap = try min.subtracting(r.total)
                        if gap > .zero { toNextTier = (next.title, gap) }
                    }
                }
                let above = group.ranked[..<i].last { $0.rank < r.rank }
                let toNextRank = try above.map { (a) throws(ArithmeticFailure) in try a.total.subtracting(r.total) }
                var lost: [(String, Exact)] = []
                for c in e.criteria {
                    guard let p = c.points, let b = best[c.id] else { continue }
                    let gap = try b.subtracting(p)
                    if gap > .zero { lost.append((c.id, gap)) }
                }
                lost.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
                // The key as the set writes it, with its direction ("penalty asc").
                let decidedBy = r.decidedBy.map { key in ranking.tieBreak.first { $0 == key || $0.hasPrefix(key + " ") } ?? key }
                standings.append(Standing(entry: r.entry, unit: r.unit, group: group.label, rank: r.rank, of: group.ranked.count,
                    total: r.total, tier: e.tier, tierTitle: e.tierTitle, awards: awarded[r.entry] ?? [], toNextTier: toNextTier,
                    toNextRank: toNextRank, lostMost: Array(lost.prefix(3)), decidedBy: decidedBy))
            }
        }
        return standings
    }
}
