/// SplitMix64, seeded: every generated campaign can be made again from its seed.
struct DiffRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }
}

/// Makes random campaigns within the documented language (model sets): criteria sets with
/// jury, formula and check criteria, group caps, bonus and penalty rules with caps and
/// defaults, vetoes, tiers with conditions, rankings with tie-break chains, award forms with
/// quotas; units in a tree, blocs, models with metrics and facts (some missing), jurors (some
/// affiliated), scores with corrections, deliberate ties and a few bad rows.
struct DiffGenerator {
    var rng: DiffRandom
    init(seed: UInt64) {
        rng = DiffRandom(seed: seed)
    }

    static let metricNames = ["m1", "m2", "m3"]
    static let factNames = ["f1", "f2", "f3"]
    /// How facts are written: yes/no in either language and any case, and now and then text
    /// that is no yes/no (an error where it is read as one).
    static let factTexts = ["true", "false", "có", "không", "True", "KHÔNG", "Có", "false", "true", "không"]
    static let textFactValues = ["x", "Có", "có", "Thị xã", "không"]
    static let fields = ["economy", "culture_society", "defence_security", "political_system"]

    /// Where an expression stands (the README's places C, BP, V, T, A).
    enum Place { case criterion, rule, veto, tier, award }

    struct Scope {
        var place: Place
        /// Facts that are read as text (declared `text`).
        var textFacts: [String] = []
        /// Criteria whose `score.ID` may be read.
        var scores: [String]
        var groups: [String] = []
    }

    mutating func literal() -> RefQ {
        RefQ(decimal: rng.pick(["0", "1", "2", "2.5", "3", "0.5", "5", "10", "12.5", "0.25", "4"]))
    }

    mutating func number(_ s: Scope, depth: Int) -> RefExpr {
        if depth <= 0 || rng.chance(0.3) {
            var leaves: [RefExpr] = [.number(literal()), .metric(rng.pick(Self.metricNames))]
            if rng.chance(0.15) { leaves.append(.daysFromRegistration(rng.int(1...6))) }
            if !s.scores.isEmpty { leaves.append(.score(rng.pick(s.scores))) }
            switch s.place {
            case .criterion: leaves.append(.ownMax)
            case .rule:
                leaves.append(.name(.base))
                if !s.groups.isEmpty { leaves.append(.subtotal(rng.pick(s.groups))) }
            case .veto, .tier, .award:
                leaves += [.name(.base), .name(.total), .name(.bonus), .name(.penalty)]
                if s.place != .veto { leaves += [.name(.lowestShare), .name(.criteriaAtMax)] }
                if !s.groups.isEmpty { leaves.append(.subtotal(rng.pick(s.groups))) }
            }
            return rng.pick(leaves)
        }
        let d = depth - 1
        switch rng.int(0...13) {
        case 0, 1: return .add(number(s, depth: d), number(s, depth: d))
        case 2: return .sub(number(s, depth: d), number(s, depth: d))
        case 3: return .mul(number(s, depth: d), .number(literal()))
        case 4, 5: return .div(number(s, depth: d), rng.chance(0.7) ? .metric(rng.pick(Self.metricNames)) : .number(literal()))
        case 6: return .minOf((0..<rng.int(1...3)).map { _ in number(s, depth: d) })
        case 7: return .maxOf((0..<rng.int(1...3)).map { _ in number(s, depth: d) })
        case 8: return .clamp(number(s, depth: d), .number(literal()), .number(RefQ(10) + literal()))
        case 9: return .round(number(s, depth: d), rng.chance(0.3) ? nil : rng.int(0...3))
        case 10: return rng.chance(0.5) ? .floor(number(s, depth: d)) : .ceil(number(s, depth: d))
        case 11: return rng.chance(0.5) ? .abs(number(s, depth: d)) : .neg(number(s, depth: d))
        default: return .ifThen(condition(s, depth: d), number(s, depth: d), number(s, depth: d))
        }
    }

    mutating func condition(_ s: Scope, depth: Int) -> RefExpr {
        if depth <= 0 || rng.chance(0.4) {
            let m = rng.pick(Self.metricNames)
            let f = rng.pick(Self.factNames.filter { !s.textFacts.contains($0) })
            if let t = s.textFacts.first, rng.chance(0.2) {
                let v = rng.pick(Self.textFactValues)
                switch rng.int(0...2) {
                case 0: return .compare(.textFact(t), rng.pick(["==", "!="]), .text(v))
                case 1: return .and(.hasFact(t), .textIn(.textFact(t), Array(Self.textFactValues.shuffled(using: &rng).prefix(2))))
                default: return .compare(.textFact(t), "==", .text(v))
                }
            }
            switch rng.int(0...9) {
            case 9: return .registeredCompare(rng.pick(["<", "<=", ">", ">=", "==", "!="]), rng.int(1...5))
            case 0: return .fact(f)
            case 1: return .and(.hasFact(f), .fact(f))
            case 2: return .and(.hasMetric(m), .compare(.metric(m), rng.pick([">", ">=", "<", "=="]), .number(literal())))
            case 3: return .textIn(.entryField, Array(Self.fields.shuffled(using: &rng).prefix(rng.int(1...3))))
            case 4: return .compare(.entryKind, rng.pick(["==", "!="]), .text(rng.pick(["collective", "individual"])))
            case 5: return .bool(rng.chance(0.7))
            default: return .compare(number(s, depth: 1), rng.pick([">", ">=", "<", "<=", "==", "!="]), .number(literal()))
            }
        }
        let d = depth - 1
        switch rng.int(0...2) {
        case 0: return .and(condition(s, depth: d), condition(s, depth: d))
        case 1: return .or(condition(s, depth: d), condition(s, depth: d))
        default: return .not(condition(s, depth: d))
        }
    }

    /// A condition that cannot fail to evaluate (no metric, fact or division): for tiers and awards,
    /// whose errors the README leaves no default for.
    mutating func safeCondition(_ s: Scope) -> RefExpr {
        var leaves: [RefExpr] = [.name(.total), .name(.base), .name(.lowestShare), .name(.criteriaAtMax), .name(.bonus)]
        if !s.scores.isEmpty { leaves.append(.score(rng.pick(s.scores))) }
        let left = rng.pick(leaves)
        let bound: RefExpr = switch left {
        case .name(.lowestShare): .number(RefQ(decimal: rng.pick(["0.25", "0.5", "0.6", "0.75", "1"])))
        case .name(.criteriaAtMax): .number(RefQ(rng.int(0...2)))
        default: .number(RefQ(rng.int(0...12) * 5))
        }
        let c = RefExpr.compare(left, rng.pick([">=", ">", "<", "<="]), bound)
        return rng.chance(0.2) ? .and(c, .textIn(.entryField, Array(Self.fields.prefix(rng.int(1...4))))) : c
    }

    mutating func set() -> SetSpec {
        let declaresInputs = rng.chance(0.8)
        let textFacts = declaresInputs && rng.chance(0.7) ? ["f3"] : []
        var criteria = 0
        var groups: [GroupSpec] = []
        var juryIds: [String] = []
        var computedIds: [String] = []  // non-jury criteria, in the order they may read each other (not file order)
        var computedOrder: [(group: Int, index: Int, id: String)] = []
        for g in 0..<rng.int(1...3) {
            var list: [CriterionSpec] = []
            for _ in 0..<rng.int(1...3) {
                criteria += 1
                let id = "C\(criteria)"
                let max = RefQ(decimal: rng.pick(["5", "10", "15", "20", "25", "7.5"]))
                let mustBeJury = groups.isEmpty && list.isEmpty
                if mustBeJury || rng.chance(0.55) {
                    var step: RefQ?
                    if rng.chance(0.6) {
                        let options = ["0.5", "1", "0.25", "2.5"].map { RefQ(decimal: $0) }.filter { max.isMultiple(of: $0) }
                        step = rng.pick(options)
                    }
                    list.append(CriterionSpec(id: id, max: max, source: .jury(step: step), fallback: nil))
                    juryIds.append(id)
                } else {
                    list.append(CriterionSpec(id: id, max: max, source: .formula(.number(.zero)), fallback: nil))
                    computedOrder.append((g, list.count - 1, id))
                }
            }
            groups.append(GroupSpec(id: "G\(g + 1)", cap: nil, criteria: list))
        }
        // Formulas and checks may read jury criteria and the computed ones before them in a random order.
        computedOrder.shuffle(using: &rng)
        for (g, i, id) in computedOrder {
            let scope = Scope(place: .criterion, textFacts: textFacts, scores: juryIds + computedIds)
            var c = groups[g].criteria[i]
            if rng.chance(0.7) {
                c.source = .formula(number(scope, depth: rng.int(1...3)))
            } else {
                c.source = .check(when: condition(scope, depth: rng.int(0...2)), points: rng.chance(0.5) ? number(scope, depth: 1) : nil)
            }
            if rng.chance(0.5) { c.fallback = rng.pick([.zero, (c.max / RefQ(2))!, c.max, c.max + RefQ(5)]) }
            groups[g].criteria[i] = c
            computedIds.append(id)
        }
        for g in groups.indices where rng.chance(0.3) {
            let sum = groups[g].criteria.reduce(RefQ.zero) { $0 + $1.max }
            groups[g].cap = (sum * RefQ(rng.int(5...9)) / RefQ(10))!.rounded(0)
        }
        let allIds = juryIds + computedIds
        let groupIds = groups.map(\.id)
        var ruleCount = 0
        func rules(_ gen: inout DiffGenerator, _ n: Int) -> [RuleSpec] {
            (0..<n).map { _ in
                ruleCount += 1
                let scope = Scope(place: .rule, textFacts: textFacts, scores: allIds, groups: groupIds)
                var points = gen.number(scope, depth: gen.rng.int(0...2))
                // Mostly non-negative points; now and then one that can go below 0 (an error).
                if gen.rng.chance(0.85) { points = .abs(points) }
                return RuleSpec(id: "R\(ruleCount)", when: gen.rng.chance(0.6) ? gen.condition(scope, depth: gen.rng.int(0...2)) : nil,
                    points: points, cap: gen.rng.chance(0.4) ? RefQ(gen.rng.int(1...8)) : nil,
                    fallback: gen.rng.chance(0.3) ? RefQ(gen.rng.int(0...3)) : nil)
            }
        }
        let bonusCount = rng.int(0...2), penaltyCount = rng.int(0...2)
        let bonus = rules(&self, bonusCount)
        let penalty = rules(&self, penaltyCount)
        let veto = (0..<rng.int(0...1)).map { _ in
            VetoSpec(id: "V1", when: condition(Scope(place: .veto, textFacts: textFacts, scores: allIds, groups: groupIds), depth: rng.int(0...1)))
        }
        let top = groups.flatMap(\.criteria).reduce(RefQ.zero) { $0 + $1.max }
        var tiers: [TierSpec] = []
        var bound = top
        for t in 0..<rng.int(0...3) {
            let next = (bound * RefQ(rng.int(5...9)) / RefQ(10))!.rounded(rng.chance(0.5) ? 0 : 1)
            guard next < bound || t == 0 else { break }  // each min lower than the one before
            bound = next
            let require = rng.chance(0.4) ? safeCondition(Scope(place: .tier, scores: allIds, groups: groupIds)) : nil
            tiers.append(TierSpec(id: "T\(t + 1)", min: bound, require: require))
        }
        if !tiers.isEmpty && rng.chance(0.5) { tiers.append(TierSpec(id: "T\(tiers.count + 1)", min: nil, require: nil)) }
        var ranking: RankingSpec?
        if rng.chance(0.8) {
            // `total desc` may only lead the chain (the loader refuses it elsewhere, and `total asc`).
            let keys = ["base", "bonus", "penalty", "criteria_at_max", "criteria_under_half", "lowest_share", "registered_on"]
                + allIds.map { "score.\($0)" }
            var chain: [TieBreakSpec] = rng.chance(0.3) ? [TieBreakSpec(key: "total", descending: true)] : []
            for _ in 0..<rng.int(0...3) {
                let k = rng.pick(keys)
                if !chain.contains(where: { $0.key == k }) { chain.append(TieBreakSpec(key: k, descending: rng.chance(0.5))) }
            }
            let by = rng.chance(0.2) ? nil : ["bloc", "field", "kind"].filter { _ in rng.chance(0.35) }
            ranking = RankingSpec(groupBy: by, tieBreak: chain)
        }
        var awards: [AwardSpec] = []
        let groupBy = ranking.map { $0.groupBy ?? [] } ?? ["bloc"]
        let precedences = Array(1...6).shuffled(using: &rng)
        let usePrecedence = rng.chance(0.4)
        for a in 0..<rng.int(0...3) {
            let scope = Scope(place: .award, scores: allIds, groups: groupIds)
            var eligible: RefExpr
            switch rng.int(0...4) {
            case 0 where !tiers.isEmpty: eligible = .compare(.tier, "==", .text(rng.pick(tiers).id))
            case 1 where !tiers.isEmpty: eligible = .textIn(.tier, Array(tiers.map(\.id).prefix(rng.int(1...tiers.count))))
            case 2: eligible = .bool(true)
            default: eligible = safeCondition(scope)
            }
            var quota: AwardSpec.Quota?
            if rng.chance(0.55) {
                quota = rng.chance(0.4) ? .count(rng.int(1...4)) : .percent(RefQ(decimal: rng.pick(["10", "20", "25", "30", "33.5", "50", "100"])))
            }
            awards.append(AwardSpec(id: "K\(a + 1)", precedence: usePrecedence ? precedences[a] : nil, eligible: eligible,
                perGroup: rng.chance(0.3) ? rng.int(1...3) : nil, quota: quota,
                quotaOf: quota != nil && rng.chance(0.4) ? rng.pick(["eligible", "all"]) : nil,
                rounding: quota != nil && rng.chance(0.6) ? rng.pick(["down", "nearest", "up"]) : nil,
                capPerBloc: rng.chance(0.25) ? rng.int(1...3) : nil,
                atBoundary: rng.chance(0.6) ? rng.pick(["all", "none"]) : nil))
            // cap_order over one-key groups: some of the key's values, shuffled.
            if awards[a].capPerBloc != nil, groupBy.count == 1, rng.chance(0.5) {
                let values: [String] = switch groupBy[0] {
                case "bloc": ["B1", "B2", "B3", "B4", "—"]
                case "field": Array(ReferenceRanking.fieldTitle.values)
                default: ["Tập thể", "Cá nhân"]
                }
                awards[a].capOrder = Array(values.sorted().shuffled(using: &rng).prefix(rng.int(1...values.count)))
            }
        }
        let aggregate = rng.pick(["mean", "median", "trimmed_mean"])
        var jury = JurySpec(aggregate: aggregate, trim: aggregate == "trimmed_mean" && rng.chance(0.6) ? rng.int(1...3) : nil,
            minJurors: rng.chance(0.7) ? rng.int(1...5) : nil, conflicts: rng.chance(0.6) ? rng.pick(["unit", "unit_tree"]) : nil)
        // Z-scores in a quarter of the sets (campaigns stay small: at most 16 models a group).
        if rng.chance(0.2) {
            jury.zscore = true
            if rng.chance(0.6) { jury.normalizeBy = ["bloc", "field", "kind"].filter { _ in rng.chance(0.4) } }
        }
        var round: [String]?
        if rng.chance(0.6) { round = ["aggregate", "criterion", "total"].filter { _ in rng.chance(0.5) }.shuffled(using: &rng) }
        return SetSpec(decimals: rng.chance(0.3) ? nil : rng.int(0...3), round: round, metrics: Self.metricNames, facts: Self.factNames,
            textFacts: textFacts, declaresInputs: declaresInputs, jury: jury, groups: groups, bonus: bonus, bonusCap: rng.chance(0.3) ? RefQ(rng.int(1...6)) : nil, penalty: penalty,
            penaltyCap: rng.chance(0.3) ? RefQ(rng.int(1...6)) : nil, veto: veto, tiers: tiers, ranking: ranking, awards: awards,
            exclusive: rng.chance(0.7) ? rng.chance(0.6) : nil)
    }

    /// The campaign of one seed.
    static func campaign(seed: UInt64) -> DiffCampaign {
        var g = DiffGenerator(seed: seed)
        return g.campaign()
    }

    mutating func campaign() -> DiffCampaign {
        let set = set()
        // Units: a tree (a parent always comes earlier), most of them in one of 1–4 blocs.
        let unitCount = rng.int(2...40)
        var units: [UnitSpec] = []
        for i in 1...unitCount {
            let parent = i > 1 && rng.chance(0.4) ? units[rng.int(0...(i - 2))].code : nil
            units.append(UnitSpec(code: String(format: "U%02d", i), parent: parent))
        }
        let blocCount = rng.int(1...4)
        var members = [[String]](repeating: [], count: blocCount)
        for u in units where rng.chance(0.85) { members[rng.int(0...(blocCount - 1))].append(u.code) }
        let blocs = members.enumerated().filter { !$0.element.isEmpty }.map { BlocSpec(code: "B\($0.offset + 1)", members: $0.element) }
        // Models, some of them copies of an earlier one (same figures, same scores): deliberate ties.
        let modelCount = rng.int(2...min(16, unitCount + 6))
        let busy = units.prefix(max(2, unitCount / 2)).map(\.code)
        var models: [ModelSpec] = []
        var copyOf: [String: String] = [:]
        for i in 1...modelCount {
            let code = String(format: "M%02d", i)
            if !models.isEmpty && rng.chance(0.25) {
                var m = rng.pick(models)
                copyOf[code] = m.code
                m.code = code
                if rng.chance(0.5) { m.unit = rng.pick(busy) }
                models.append(m)
                continue
            }
            var metrics: [String: RefQ] = [:]
            for name in Self.metricNames where rng.chance(0.92) {
                metrics[name] = RefQ(decimal: rng.pick(["0", "1", "2", "3", "5", "10", "12.5", "20", "50"]))
            }
            var facts: [String: String] = [:]
            for name in Self.factNames where rng.chance(0.92) {
                facts[name] = name == "f3" ? rng.pick(Self.textFactValues) : (rng.chance(0.03) ? "x" : rng.pick(Self.factTexts))
            }
            models.append(ModelSpec(code: code, unit: rng.pick(busy), individual: rng.chance(0.3), field: rng.pick(Self.fields),
                registeredDay: rng.int(1...4), metrics: metrics, facts: facts))
        }
        let jurors = (1...rng.int(3...9)).map { i in
            JurorSpec(code: String(format: "J%02d", i), unit: rng.chance(0.35) ? rng.pick(units).code : nil)
        }
        // Scores: most (juror, model, jury criterion) cells, from a few popular values; corrections; a few bad rows.
        let jury = set.criteria.filter(\.isJury)
        var scores: [ScoreSpec] = []
        var popular: [String: [RefQ]] = [:]
        for c in jury {
            let steps = Int(((c.max / c.step)!).floor)
            popular[c.id] = (0..<3).map { _ in c.step * RefQ(rng.int(steps / 2...steps)) }
        }
        let coverage = rng.pick([0.7, 0.9, 1.0])
        for m in models {
            if let source = copyOf[m.code] {
                scores += scores.filter { $0.entry == source }.map { var s = $0; s.entry = m.code; return s }
                continue
            }
            for j in jurors {
                for c in jury where rng.chance(coverage) {
                    let steps = Int(((c.max / c.step)!).floor)
                    var p = rng.chance(0.6) ? rng.pick(popular[c.id]!) : c.step * RefQ(rng.int(0...steps))
                    // A bad score is an error of its model; with z-scores the README does not say whether it
                    // still counts in the juror's scale for the other models, so none is made there.
                    if !set.jury.zscore && rng.chance(0.002) { p = c.max + c.step }  // above max: an error
                    if !set.jury.zscore && rng.chance(0.002) { p = p + RefQ(1, 10) }  // off the step: an error
                    scores.append(ScoreSpec(juror: j.code, entry: m.code, criterion: c.id, points: p, minute: rng.int(0...59), correction: false))
                    if rng.chance(0.12) {
                        let q = c.step * RefQ(rng.int(0...steps))
                        scores.append(ScoreSpec(juror: j.code, entry: m.code, criterion: c.id, points: q, minute: rng.int(60...119), correction: true))
                    }
                }
                if rng.chance(0.002) {
                    // A score for a criterion that is not a jury criterion of the set: an error.
                    let other = set.criteria.first { !$0.isJury }?.id ?? "X9"
                    scores.append(ScoreSpec(juror: j.code, entry: m.code, criterion: other, points: .one, minute: 30, correction: false))
                }
            }
        }
        return DiffCampaign(set: set, units: units, blocs: blocs, models: models, jurors: jurors, scores: scores)
    }
}
