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
        var entryIndex: [String: Int] = [:]
        for (i, e) in result.entries.enumerated() where entryIndex[e.entry] == nil { entryIndex[e.entry] = i }
        var modelIndex: [String: Int] = [:]
        for (i, m) in models.enumerated() where modelIndex[m.code] == nil { modelIndex[m.code] = i }
        let forms = set.awards.sorted(by: { $0.precedence < $1.precedence })
        let (entryAt, modelAt) = (entryIndex, modelIndex)
        // Each ranked entry's eligibility for each form, worked out once and on every core.
        let ranked = ranking.groups.flatMap(\.ranked)
        let verdicts = concurrentMap(ranked.count) { i -> Result<[Bool], AwardFailure> in
            guard let at = entryAt[ranked[i].entry] else { return .success(forms.map { _ in false }) }
            let e = result.entries[at]
            let context: EntryContext
            do throws(ArithmeticFailure) {
                context = try eligibilityContext(e, model: modelAt[e.entry].map { models[$0] }, campaign: campaign,
                    previousTier: previousTiers[e.unit] ?? "")
            } catch {
                return .failure(.evaluation(EntryError(entry: e.entry, item: "lowest_share", message: EvaluationFailure(error).description)))
            }
            var answers: [Bool] = []
            for form in forms {
                do throws(EvaluationFailure) {
                    answers.append(try form.eligible.bool(context))
                } catch {
                    return .failure(.evaluation(EntryError(entry: e.entry, item: form.id, message: error.description)))
                }
            }
            return .success(answers)
        }
        var eligible: [String: [Bool]] = [:]
        for (i, verdict) in verdicts.enumerated() {
            switch verdict {
            case .success(let answers): eligible[ranked[i].entry] = answers
            case .failure(let failure): throw failure
            }
        }
        /// The bloc an entry counts against for `cap_per_bloc` (a unit in no bloc counts as "—", as in the ranking).
        func blocOf(_ r: RankedEntry) -> String { entryIndex[r.entry].flatMap { result.entries[$0].bloc } ?? "—" }
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
                var candidates: [RankedEntry] = []
                for r in group.ranked where !(set.exclusive && given.contains(r.entry)) && eligible[r.entry]?[f] == true {
                    candidates.append(r)
                }
                let eligibleCount = candidates.count
                var arithmetic: [String] = []
                var places: Int?
                func limit(_ n: Int, _ text: String) {
                    arithmetic.append(text)
                    places = min(places ?? n, n)
                }
                if let n = form.perGroup { limit(n, "tối đa \(n) mỗi nhóm") }
                if let quota = form.quota {
                    let base = form.quotaOf == .eligible ? candidates.count : group.ranked.count + group.apart.count
                    let baseText = form.quotaOf == .eligible ? "\(base) đủ điều kiện" : "\(base) trong nhóm"
                    switch quota {
                    case .count(let n): limit(n, "chỉ tiêu \(n)")
                    case .percent(let p):
                        do throws(ArithmeticFailure) {
                            let exact = try p.multiplying(Exact(base)).dividing(by: Exact(100))
                            let rounded: Exact
                            let how: String
                            switch form.rounding {
                            case .down: rounded = try exact.floored(); how = "làm tròn xuống"
                            case .up: rounded = try exact.ceiled(); how = "làm tròn lên"
                            case .nearest: rounded = try exact.rounded(decimals: 0); how = "làm tròn gần nhất"
                            }
                            limit(Int(rounded.numerator), "\(p.vietnamese)% của \(baseText) = \(exact.text(decimals: 2)) → \(rounded.vietnamese) (\(how))")
                        } catch {
                            throw .arithmetic(form: form.id, group: group.label, failure: error)
                        }
                    }
                }
                // Places left in each bloc, when the group mixes blocs (each entry counts for its own).
                var blocLeft: [String: Int]?
                if let cap = form.capPerBloc {
                    let blocs = Set((candidates.isEmpty ? Array(group.ranked.prefix(1)) : candidates).map(blocOf))
                    if blocs.count <= 1 {
                        let left = max(0, cap - perBloc[blocs.first ?? "—", default: 0])
                        limit(left, "tối đa \(cap) mỗi khối (còn \(left))")
                    } else {
                        var left: [String: Int] = [:]
                        for b in blocs { left[b] = max(0, cap - perBloc[b, default: 0]) }
                        blocLeft = left
                        arithmetic.append("tối đa \(cap) mỗi khối (còn: \(left.keys.sorted().map { "\($0) \(left[$0]!)" }.joined(separator: ", ")))")
                    }
                }
                // Entries of one rank at a time: first each bloc's places, then the group's. A tie
                // that straddles either limit is settled by `at_boundary`, the same way at both.
                var chosen: [RankedEntry] = []
                var boundaries: [String] = []
                var drawn: Set<String> = []
                var passedOver: [String] = []
                /// `before` entries already have it of `limit` places; `room` are left for the tied.
                func settle(_ tied: [RankedEntry], room: Int, before: Int, limit: Int, at whose: String) throws(AwardFailure) -> [RankedEntry] {
                    let rank = tied[0].rank
                    let names = tied.map(\.entry).joined(separator: ", ")
                    switch form.atBoundary {
                    case .all:
                        boundaries.append("\(names) cùng hạng \(rank) ở ranh giới\(whose): tất cả đều được (at_boundary: all), \(before + tied.count) thay vì \(limit)")
                        return tied
                    case .none:
                        boundaries.append("\(names) cùng hạng \(rank) ở ranh giới\(whose): không ai trong số đó được (at_boundary: none), \(before) thay vì \(limit)")
                        return []
                    case .draw:
                        guard let seed else { throw .drawNeedsSeed(form: form.id, group: group.label, entries: tied.map(\.entry)) }
                        usedSeed = true
                        let picked = Set(tied.sorted { Ranker.drawKey(seed, $0.entry) < Ranker.drawKey(seed, $1.entry) }.prefix(room).map(\.entry))
                        drawn.formUnion(picked)
                        let kept = tied.filter { picked.contains($0.entry) }
                        boundaries.append("\(names) cùng hạng \(rank) ở ranh giới\(whose): bốc thăm (hạt giống \(seed)) chọn \(kept.map(\.entry).joined(separator: ", "))")
                        return kept
                    }
                }
                var i = 0
                selection: while i < candidates.count {
                    var j = i + 1
                    while j < candidates.count, candidates[j].rank == candidates[i].rank { j += 1 }
                    var tied = Array(candidates[i..<j])
                    i = j
                    if var left = blocLeft {
                        var admitted: Set<String> = []
                        var seen: Set<String> = []
                        for b in tied.map(blocOf) where seen.insert(b).inserted {
                            let members = tied.filter { blocOf($0) == b }
                            let room = left[b] ?? 0
                            if members.count <= room {
                                admitted.formUnion(members.map(\.entry))
                                left[b] = room - members.count
                            } else if room == 0 {
                                passedOver += members.map(\.entry)
                            } else {
                                let kept = try settle(members, room: room, before: 0, limit: room, at: " của khối \(b) (còn \(room))")
                                admitted.formUnion(kept.map(\.entry))
                                passedOver += members.map(\.entry).filter { !admitted.contains($0) }
                                left[b] = 0
                            }
                        }
                        blocLeft = left
                        tied = tied.filter { admitted.contains($0.entry) }
                        if tied.isEmpty { continue }
                    }
                    if let n = places, chosen.count + tied.count > n {
                        let room = n - chosen.count
                        if room > 0 { chosen += try settle(tied, room: room, before: chosen.count, limit: n, at: "") }
                        break selection
                    }
                    chosen += tied
                }
                if !passedOver.isEmpty {
                    arithmetic.append("không xét \(passedOver.joined(separator: ", ")) vì khối đã đủ")
                }
                for c in chosen {
                    given.insert(c.entry)
                    perBloc[blocOf(c), default: 0] += 1
                }
                groups[g] = AwardGroupOutcome(group: group.label, eligible: eligibleCount, places: places, arithmetic: arithmetic,
                    awarded: chosen.map { AwardedEntry(entry: $0.entry, unit: $0.unit, rank: $0.rank, total: $0.total, tier: $0.tier,
                        drawn: drawn.contains($0.entry)) },
                    boundaries: boundaries)
            }
            let capOrder = form.capPerBloc != nil && ranking.groups.count > 1 ? order.map { ranking.groups[$0].label } : []
            outcomes.append(AwardOutcome(id: form.id, title: form.title, authority: form.authority, groups: groups.compactMap { $0 },
                capOrder: capOrder, capOrderStated: !form.capOrder.isEmpty))
        }
        return AwardList(forms: outcomes, seed: usedSeed ? seed : nil)
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
