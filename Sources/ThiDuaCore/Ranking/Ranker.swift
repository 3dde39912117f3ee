/// Makes a ``Ranking`` from a scoring result.
public enum Ranker {
    public static func rank(
        _ result: ScoringResult, set: CriteriaSet, models: [Model] = [], seed: UInt64? = nil
    ) throws(RankingFailure) -> Ranking {
        let rules = set.ranking ?? RankingRules(groupBy: [.bloc], tieBreak: [], ties: .shared)
        var chain = rules.tieBreak
        // The total, highest first, always leads: a chain that starts otherwise (even with `total asc`) follows it.
        if !(chain.first?.key == "total" && chain.first?.descending == true) {
            chain.insert(RankingRules.TieBreak(key: "total", descending: true), at: 0)
        }
        let modelIndex = models.indices.reduce(into: [String: Int]()) { index, i in
            if index[models[i].code] == nil { index[models[i].code] = i }
        }
        @Sendable func model(_ code: String) -> Model? { modelIndex[code].map { models[$0] } }

        func key(_ e: EntryResult) -> [String] {
            rules.groupBy.map { k in
                switch k {
                case .bloc: e.bloc ?? "—"
                case .field: model(e.entry)?.field.title ?? "—"
                case .kind: model(e.entry).map { $0.holder == .collective ? "Tập thể" : "Cá nhân" } ?? "—"
                }
            }
        }
        // Positions in `result.entries`, not copies: an entry result is a large value.
        let all = result.entries
        var byKey: [[String]: [Int]] = [:]
        for i in all.indices { byKey[key(all[i]), default: []].append(i) }

        let keys = byKey.keys.sorted(by: { $0.lexicographicallyPrecedes($1) })
        let members = keys.map { byKey[$0]! }
        let chainLinks = chain
        // Each group alone, on every core.
        let outcomes = concurrentMap(keys.count) { g -> Result<(group: RankingGroup, drew: Bool), RankingFailure> in
            let k = keys[g]
            var usedSeed = false
            var apart: [ApartEntry] = []
            var candidates: [(at: Int, values: [SortValue])] = []
            for at in members[g] {
                let e = all[at]
                if !e.errors.isEmpty {
                    apart.append(ApartEntry(entry: e.entry, reason: "lỗi khi tính điểm: " + e.errors.map(\.description).joined(separator: "; ")))
                } else if !e.incomplete.isEmpty {
                    apart.append(ApartEntry(entry: e.entry, reason: "chưa đủ điểm: " + e.incomplete.joined(separator: "; ")))
                } else if !e.vetoes.isEmpty {
                    apart.append(ApartEntry(entry: e.entry, reason: "không xét: " + e.vetoes.map(\.title).joined(separator: "; ")))
                } else if e.total != nil {
                    var values: [SortValue] = []
                    for link in chainLinks {
                        do throws(ArithmeticFailure) {
                            values.append(try value(of: link.key, e, link.key == "registered_on" ? model(e.entry) : nil))
                        } catch {
                            return .failure(.arithmetic(entry: e.entry, key: link.key, failure: error))
                        }
                    }
                    candidates.append((at, values))
                }
            }
            // Order by the chain; equal on everything → by code, for now (shared or drawn below).
            candidates.sort { a, b in
                for (i, link) in chainLinks.enumerated() {
                    if let first = precedes(a.values[i], b.values[i], descending: link.descending) { return first }
                }
                return all[a.at].entry < all[b.at].entry
            }
            var ranked: [RankedEntry] = []
            var i = 0
            while i < candidates.count {
                // The run of entries equal on the whole chain.
                var j = i + 1
                while j < candidates.count, candidates[j].values == candidates[i].values { j += 1 }
                var run = Array(candidates[i..<j])
                let decidedBy: String? = i == 0 ? nil : chainLinks.indices.first { candidates[i - 1].values[$0] != candidates[i].values[$0] }
                    .flatMap { $0 == 0 ? nil : chainLinks[$0].key }
                if run.count > 1 && rules.ties == .draw {
                    guard let seed else {
                        return .failure(.drawNeedsSeed(group: k.isEmpty ? "tất cả" : k.joined(separator: " · "), entries: run.map { all[$0.at].entry }))
                    }
                    usedSeed = true
                    run.sort { drawKey(seed, all[$0.at].entry) < drawKey(seed, all[$1.at].entry) }
                    for (offset, c) in run.enumerated() {
                        let e = all[c.at]
                        ranked.append(RankedEntry(entry: e.entry, unit: e.unit, total: e.total!, tier: e.tier,
                            rank: i + offset + 1, decidedBy: offset == 0 ? decidedBy : "bốc thăm", drawn: true))
                    }
                } else {
                    for c in run {
                        let e = all[c.at]
                        ranked.append(RankedEntry(entry: e.entry, unit: e.unit, total: e.total!, tier: e.tier,
                            rank: i + 1, decidedBy: decidedBy, drawn: false))
                    }
                }
                i = j
            }
            return .success((RankingGroup(key: k, ranked: ranked, apart: apart.sorted { $0.entry < $1.entry }), usedSeed))
        }
        var groups: [RankingGroup] = []
        var usedSeed = false
        for outcome in outcomes {
            switch outcome {
            case .success(let o):
                groups.append(o.group)
                usedSeed = usedSeed || o.drew
            case .failure(let failure):
                throw failure
            }
        }
        return Ranking(groups: groups, seed: usedSeed ? seed : nil,
            tieBreak: chain.map { "\($0.key) \($0.descending ? "desc" : "asc")" })
    }

    /// A value a tie-break compares.
    enum SortValue: Hashable {
        case number(Exact)
        case day(Day)
        case none
    }

    /// Whether `a` comes before `b` in the given direction; nil when they are equal. A missing
    /// value comes after any value, whatever the direction.
    static func precedes(_ a: SortValue, _ b: SortValue, descending: Bool) -> Bool? {
        switch (a, b) {
        case (.number(let x), .number(let y)): x == y ? nil : (descending ? y < x : x < y)
        case (.day(let x), .day(let y)): x == y ? nil : (descending ? y < x : x < y)
        case (.none, .none): nil
        case (.none, _): false
        case (_, .none): true
        default: nil
        }
    }

    static func value(of key: String, _ e: EntryResult, _ model: Model?) throws(ArithmeticFailure) -> SortValue {
        switch key {
        case "total": return e.total.map(SortValue.number) ?? .none
        case "base": return e.base.map(SortValue.number) ?? .none
        case "bonus": return .number(e.bonus)
        case "penalty": return .number(e.penalty)
        case "criteria_at_max": return .number(Exact(e.criteriaAtMax))
        case "criteria_under_half": return .number(Exact(try e.shares().filter { $0 < Exact(numerator: 1, denominator: 2)! }.count))
        case "lowest_share": return try e.lowestShare().map(SortValue.number) ?? .none
        case "verified_pledge":
            guard !e.targets.isEmpty else { return .none }
            var sum = Exact.zero
            for t in e.targets { sum = try sum.adding(t.verifiedScore ?? t.selfScore) }
            return .number(sum)
        case "registered_on": return model.map { .day($0.registeredOn) } ?? .none
        default:
            if key.hasPrefix("score.") { return e.points(String(key.dropFirst(6))).map(SortValue.number) ?? .none }
            return .none
        }
    }

    /// The place a seeded draw gives an entry: SplitMix64 of the seed mixed with the code's
    /// FNV-1a hash, so that the order depends only on the seed and the codes.
    static func drawKey(_ seed: UInt64, _ code: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in code.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        var z = seed &+ h &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
