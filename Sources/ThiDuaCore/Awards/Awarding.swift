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
            let context = eligibilityContext(e, model: modelAt[e.entry].map { models[$0] }, campaign: campaign,
                previousTier: previousTiers[e.unit] ?? "")
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
            var groups: [AwardGroupOutcome] = []
            for group in ranking.groups {
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
                        let exact = (try? p.multiplying(Exact(base)).dividing(by: Exact(100))) ?? .zero
                        let rounded: Exact
                        let how: String
                        switch form.rounding {
                        case .down: rounded = (try? exact.floored()) ?? .zero; how = "làm tròn xuống"
                        case .up: rounded = (try? exact.ceiled()) ?? .zero; how = "làm tròn lên"
                        case .nearest: rounded = (try? exact.rounded(decimals: 0)) ?? .zero; how = "làm tròn gần nhất"
                        }
                        limit(Int(rounded.numerator), "\(p.vietnamese)% của \(baseText) = \(exact.text(decimals: 2)) → \(rounded.vietnamese) (\(how))")
                    }
                }
                if let cap = form.capPerBloc {
                    let blocs = Set((candidates.isEmpty ? Array(group.ranked.prefix(1)) : candidates).map(blocOf))
                    if blocs.count <= 1 {
                        let left = max(0, cap - perBloc[blocs.first ?? "—", default: 0])
                        limit(left, "tối đa \(cap) mỗi khối (còn \(left))")
                    } else {
                        // The group holds several blocs: each entry counts against its own bloc,
                        // and an entry whose bloc is full passes its slot down.
                        var taken = perBloc
                        var full: [String] = []
                        candidates = candidates.filter { c in
                            let b = blocOf(c)
                            guard taken[b, default: 0] < cap else { full.append(c.entry); return false }
                            taken[b, default: 0] += 1
                            return true
                        }
                        arithmetic.append("tối đa \(cap) mỗi khối" + (full.isEmpty ? "" : ": không xét \(full.joined(separator: ", ")) vì khối đã đủ"))
                    }
                }
                var chosen = candidates
                var boundary: String?
                var drawn: Set<String> = []
                if let n = places, n < candidates.count {
                    chosen = Array(candidates.prefix(n))
                    if n > 0, candidates[n - 1].rank == candidates[n].rank {
                        let rank = candidates[n].rank
                        let tied = candidates.filter { $0.rank == rank }
                        let inside = chosen.filter { $0.rank == rank }.count
                        let names = tied.map(\.entry).joined(separator: ", ")
                        switch form.atBoundary {
                        case .all:
                            chosen = candidates.filter { $0.rank <= rank }
                            boundary = "\(names) cùng hạng \(rank) ở ranh giới: tất cả đều được (at_boundary: all), \(chosen.count) thay vì \(n)"
                        case .none:
                            chosen = candidates.filter { $0.rank < rank }
                            boundary = "\(names) cùng hạng \(rank) ở ranh giới: không ai trong số đó được (at_boundary: none), \(chosen.count) thay vì \(n)"
                        case .draw:
                            guard let seed else { throw .drawNeedsSeed(form: form.id, group: group.label, entries: tied.map(\.entry)) }
                            usedSeed = true
                            let picked = tied.sorted { Ranker.drawKey(seed, $0.entry) < Ranker.drawKey(seed, $1.entry) }.prefix(inside)
                            drawn = Set(picked.map(\.entry))
                            chosen = candidates.filter { $0.rank < rank } + tied.filter { drawn.contains($0.entry) }
                            boundary = "\(names) cùng hạng \(rank) ở ranh giới: bốc thăm (hạt giống \(seed)) chọn \(picked.map(\.entry).joined(separator: ", "))"
                        }
                    }
                }
                for c in chosen {
                    given.insert(c.entry)
                    perBloc[blocOf(c), default: 0] += 1
                }
                groups.append(AwardGroupOutcome(group: group.label, eligible: eligibleCount, places: places, arithmetic: arithmetic,
                    awarded: chosen.map { AwardedEntry(entry: $0.entry, unit: $0.unit, rank: $0.rank, total: $0.total, tier: $0.tier,
                        drawn: drawn.contains($0.entry)) },
                    boundary: boundary))
            }
            outcomes.append(AwardOutcome(id: form.id, title: form.title, authority: form.authority, groups: groups))
        }
        return AwardList(forms: outcomes, seed: usedSeed ? seed : nil)
    }

    /// What an award's `eligible` can read about an entry.
    static func eligibilityContext(_ e: EntryResult, model: Model?, campaign: Campaign, previousTier: String) -> EntryContext {
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
        context.variables[.lowestShare] = .number(e.lowestShare ?? .one)
        context.variables[.criteriaAtMax] = .number(Exact(e.criteriaAtMax))
        return context
    }
}
