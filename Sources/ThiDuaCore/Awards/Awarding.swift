/// Decides the awards of a ranking under the set's forms, limits and quotas.
///
/// Forms are taken by precedence (highest first). For each form and ranking group: the ranked
/// entries whose `eligible` holds (with `exclusive`, those not already given a higher form, so
/// a slot passes down to the next entry), in rank order; then the limits: `per_group`, the
/// quota (a count, or a percentage of the eligible entries or of all the group's entries,
/// rounded down, to the nearest or up), and `cap_per_bloc` across the bloc's groups. When
/// entries tied in rank straddle the last place, `at_boundary` decides: `all` of them get it,
/// `none` of them does, or a seeded `draw` picks as many as there are places.
public enum Awarding {
    public static func decide(
        _ ranking: Ranking, result: ScoringResult, set: CriteriaSet, campaign: Campaign, models: [Model] = [],
        previousTiers: [String: String] = [:], seed: UInt64? = nil
    ) throws(AwardFailure) -> AwardList {
        let forms = set.awards.sorted(by: { $0.precedence < $1.precedence })
        var entryIndex: [String: Int] = [:]
        for (i, e) in result.entries.enumerated() where entryIndex[e.entry] == nil { entryIndex[e.entry] = i }
        let index = entryIndex
        let eligible = try eligibility(ranking, result: result, entryAt: index, forms: forms, campaign: campaign, models: models,
            previousTiers: previousTiers)
        /// The bloc an entry counts against for `cap_per_bloc` (a unit in no bloc counts as "—", as in the ranking).
        let blocOf = { (r: RankedEntry) -> String in index[r.entry].flatMap { result.entries[$0].bloc } ?? GroupingKey.none }
        var given: Set<String> = []
        var usedSeed = false
        var outcomes: [AwardOutcome] = []
        for (f, form) in forms.enumerated() {
            var perBloc: [String: Int] = [:]
            var groups = [AwardGroupOutcome?](repeating: nil, count: ranking.groups.count)
            // The order in which the groups use up a bloc's places: what the set's `cap_order` names first.
            let order = capOrder(form, ranking)
            for g in order {
                let group = ranking.groups[g]
                let candidates = group.ranked.filter { r in !(set.exclusive && given.contains(r.entry)) && eligible[r.entry]?[f] == true }
                let limits = try GroupLimits(form, group, candidates: candidates, perBloc: perBloc, blocOf: blocOf)
                var selection = GroupSelection(form: form, group: group.label, seed: seed, blocOf: blocOf)
                let chosen = try selection.select(candidates, limits)
                usedSeed = usedSeed || selection.usedSeed
                for c in chosen {
                    given.insert(c.entry)
                    perBloc[blocOf(c), default: 0] += 1
                }
                groups[g] = AwardGroupOutcome(group: group.label, eligible: candidates.count, places: limits.places,
                    arithmetic: limits.arithmetic + selection.passedOverNote,
                    awarded: chosen.map { AwardedEntry(entry: $0.entry, unit: $0.unit, rank: $0.rank, total: $0.total, tier: $0.tier,
                        drawn: selection.drawn.contains($0.entry)) },
                    boundaries: selection.boundaries)
            }
            let capOrder = form.capPerBloc != nil && ranking.groups.count > 1 ? order.map { ranking.groups[$0].label } : []
            outcomes.append(AwardOutcome(id: form.id, title: form.title, authority: form.authority, groups: groups.compactMap { $0 },
                capOrder: capOrder, capOrderStated: !form.capOrder.isEmpty))
        }
        return AwardList(forms: outcomes, seed: usedSeed ? seed : nil)
    }

    /// Each ranked entry's eligibility for each form (in `forms` order), worked out once and on every core.
    static func eligibility(
        _ ranking: Ranking, result: ScoringResult, entryAt: [String: Int], forms: [AwardForm], campaign: Campaign, models: [Model],
        previousTiers: [String: String]
    ) throws(AwardFailure) -> [String: [Bool]] {
        let modelOf = Ranker.ModelIndex(models)
        let ranked = ranking.groups.flatMap(\.ranked)
        let verdicts = concurrentMap(ranked.count) { i -> Result<[Bool], AwardFailure> in
            guard let at = entryAt[ranked[i].entry] else { return .success(forms.map { _ in false }) }
            let e = result.entries[at]
            return Result { () throws(AwardFailure) in
                try answers(e, forms, model: modelOf[e.entry], campaign: campaign,
                    previousTier: previousTiers[e.unit] ?? "")
            }
        }
        var eligible: [String: [Bool]] = [:]
        for (i, verdict) in verdicts.enumerated() { eligible[ranked[i].entry] = try verdict.get() }
        return eligible
    }

    /// Whether one entry meets each form's `eligible`.
    static func answers(_ e: EntryResult, _ forms: [AwardForm], model: Model?, campaign: Campaign, previousTier: String) throws(AwardFailure) -> [Bool] {
        let context: EntryContext
        do throws(ArithmeticFailure) {
            context = try eligibilityContext(e, model: model, campaign: campaign, previousTier: previousTier)
        } catch {
            throw .evaluation(EntryError(entry: e.entry, item: "lowest_share", message: EvaluationFailure(error).description))
        }
        var answers: [Bool] = []
        for form in forms {
            do throws(EvaluationFailure) {
                answers.append(try form.eligible.bool(context))
            } catch {
                throw .evaluation(EntryError(entry: e.entry, item: form.id, message: error.description))
            }
        }
        return answers
    }

    /// The order in which the ranking's groups use up a bloc's places under `cap_per_bloc`: the
    /// groups whose label or one of whose key values `cap_order` names, in its order; then the
    /// rest in the ranking's order (by their key values).
    static func capOrder(_ form: AwardForm, _ ranking: Ranking) -> [Int] {
        func position(_ group: RankingGroup) -> Int {
            form.capOrder.firstIndex { $0 == group.label || group.key.contains($0) } ?? form.capOrder.count
        }
        return ranking.groups.indices.sorted { a, b in
            let (pa, pb) = (position(ranking.groups[a]), position(ranking.groups[b]))
            return pa != pb ? pa < pb : a < b
        }
    }

    /// What an award's `eligible` can read about an entry.
    static func eligibilityContext(_ e: EntryResult, model: Model?, campaign: Campaign, previousTier: String) throws(ArithmeticFailure) -> EntryContext {
        var context = model.map { EntryContext(model: $0, campaign: campaign) } ?? EntryContext()
        if model == nil {
            context.setCampaign(campaign)
            context.variables[.entryUnit] = .text(e.unit)
        }
        for c in e.criteria { if let p = c.points { context.scores[c.id] = p } }
        for g in e.groups { if let p = g.points { context.subtotals[g.id] = p } }
        if let base = e.base { context.variables[.base] = .number(base) }
        context.variables[.bonus] = .number(e.bonus)
        context.variables[.penalty] = .number(e.penalty)
        if let total = e.total { context.variables[.total] = .number(total) }
        context.variables[.tier] = .text(e.tier ?? "")
        context.variables[.previousTier] = .text(previousTier)
        context.variables[.lowestShare] = .number(try e.lowestShare() ?? .one)
        context.variables[.criteriaAtMax] = .number(Exact(e.criteriaAtMax))
        return context
    }
}
