/// Makes a ``Ranking`` from a scoring result.
public enum Ranker {
    public static func rank(
        _ result: ScoringResult, set: CriteriaSet, models: [Model] = [], seed: UInt64? = nil
    ) throws(RankingFailure) -> Ranking {
        let rules = set.ranking ?? RankingRules(groupBy: [.bloc], tieBreak: [], ties: .shared)
        let chain = fullChain(rules.tieBreak)
        let modelOf = ModelIndex(models)
        // Positions in `result.entries`, not copies: an entry result is a large value.
        let all = result.entries
        var byKey: [[String]: [Int]] = [:]
        for i in all.indices { byKey[groupKey(all[i], rules.groupBy, modelOf), default: []].append(i) }
        let keys = byKey.keys.sorted(by: { $0.lexicographicallyPrecedes($1) })
        let members = keys.map { byKey[$0]! }
        // Each group alone, on every core.
        let outcomes = concurrentMap(keys.count) { g -> Result<(group: RankingGroup, drew: Bool), RankingFailure> in
            var ranking = GroupRanking(all: all, chain: chain, ties: rules.ties, seed: seed, modelOf: modelOf)
            return Result { () throws(RankingFailure) in
                let group = try ranking.rank(keys[g], members[g])
                return (group, ranking.usedSeed)
            }
        }
        var groups: [RankingGroup] = []
        var usedSeed = false
        for outcome in outcomes {
            let o = try outcome.get()
            groups.append(o.group)
            usedSeed = usedSeed || o.drew
        }
        return Ranking(groups: groups, seed: usedSeed ? seed : nil,
            tieBreak: chain.map { "\($0.key) \($0.descending ? "desc" : "asc")" })
    }

    /// The set's chain led by the total, highest first: a chain that starts otherwise (even
    /// with `total asc`) follows it.
    static func fullChain(_ chain: [RankingRules.TieBreak]) -> [RankingRules.TieBreak] {
        if chain.first?.key == .total && chain.first?.descending == true { return chain }
        return [RankingRules.TieBreak(key: .total, descending: true)] + chain
    }

    /// The values of the set's `group_by` for an entry (`["KHOI-XP", "Tập thể"]`).
    static func groupKey(_ e: EntryResult, _ groupBy: [GroupingKey], _ modelOf: ModelIndex) -> [String] {
        groupBy.key(bloc: e.bloc, model: modelOf[e.entry])
    }

    /// Models by code (the first of a code wins), read in place.
    struct ModelIndex: Sendable {
        let models: [Model]
        let position: [String: Int]

        init(_ models: [Model]) {
            self.models = models
            position = models.indices.reduce(into: [String: Int]()) { index, i in
                if index[models[i].code] == nil { index[models[i].code] = i }
            }
        }

        subscript(code: String) -> Model? { position[code].map { models[$0] } }
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

    static func value(of key: TieBreakKey, _ e: EntryResult, _ model: Model?) throws(ArithmeticFailure) -> SortValue {
        switch key {
        case .total: return e.total.map(SortValue.number) ?? .none
        case .base: return e.base.map(SortValue.number) ?? .none
        case .bonus: return .number(e.bonus)
        case .penalty: return .number(e.penalty)
        case .criteriaAtMax: return .number(Exact(e.criteriaAtMax))
        case .criteriaUnderHalf: return .number(Exact(try e.shares().filter { $0 < Exact(numerator: 1, denominator: 2)! }.count))
        case .lowestShare: return try e.lowestShare().map(SortValue.number) ?? .none
        case .verifiedPledge:
            guard !e.targets.isEmpty else { return .none }
            var sum = Exact.zero
            for t in e.targets { sum = try sum.adding(t.verifiedScore ?? t.selfScore) }
            return .number(sum)
        case .registeredOn: return model.map { .day($0.registeredOn) } ?? .none
        case .score(let criterion): return e.points(criterion).map(SortValue.number) ?? .none
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
