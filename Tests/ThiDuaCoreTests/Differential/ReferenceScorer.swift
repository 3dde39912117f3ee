import BigInt

/// The reference scorer: the README's "Scoring" chapter (models), step by step, as plainly
/// as it can be written. Slow on purpose. It shares no code with ThiDuaCore.
struct RefEntry: Hashable, Sendable {
    var entry: String
    /// `ranked`, `vetoed`, `incomplete` or `error`.
    var status: String
    /// Each criterion's points in file order; nil when it has none.
    var criteria: [(id: String, points: RefQ?)]
    var total: RefQ?
    var tier: String?
    var rank: Int?
    /// The award forms the entry receives, by id, sorted.
    var awards: [String]
    /// The criteria and rules with an evaluation error (or a bad score).
    var errorItems: Set<String>

    // Kept for ranking and awards.
    var unit = ""
    var base: RefQ?
    var bonus = RefQ.zero
    var penalty = RefQ.zero
    var env = RefEnv()

    static func == (a: RefEntry, b: RefEntry) -> Bool {
        a.entry == b.entry && a.status == b.status && a.criteria.map(\.id) == b.criteria.map(\.id)
            && a.criteria.map(\.points) == b.criteria.map(\.points) && a.total == b.total && a.tier == b.tier
            && a.rank == b.rank && a.awards == b.awards && a.errorItems == b.errorItems
    }
    func hash(into h: inout Hasher) { h.combine(entry) }
}

enum ReferenceScorer {
    /// Scores every model of the campaign, in code order.
    static func score(_ c: DiffCampaign) -> [RefEntry] {
        var all: [String: [String: [String: RefQ]]] = [:]
        for m in c.models { all[m.code] = ReferenceScorer.current(m, c) }
        let counted = c.set.jury.zscore ? normalised(c, all) : all
        return c.models.sorted { $0.code < $1.code }.map { scoreModel($0, c, all, counted) }
    }

    /// The unit's ancestors (by `parent`), nearest first.
    static func ancestors(_ unit: String, _ c: DiffCampaign) -> [String] {
        var out: [String] = []
        var at = unit
        while let p = c.units.first(where: { $0.code == at })?.parent, !out.contains(p), p != unit {
            out.append(p)
            at = p
        }
        return out
    }

    static func conflicted(_ juror: JurorSpec, _ model: ModelSpec, _ c: DiffCampaign) -> Bool {
        guard let ju = juror.unit else { return false }
        if ju == model.unit { return true }
        guard c.set.jury.conflicts == "unit_tree" else { return false }
        // An ancestor of the model's unit, or a descendant (the model's unit is an ancestor of the juror's).
        return ancestors(model.unit, c).contains(ju) || ancestors(ju, c).contains(model.unit)
    }

    static func aggregate(_ xs: [RefQ], _ jury: JurySpec) -> RefQ {
        let sorted = xs.sorted()
        let n = sorted.count
        func mean(_ v: [RefQ]) -> RefQ { (v.reduce(RefQ.zero, +) / RefQ(v.count))! }
        switch jury.aggregate {
        case "median":
            return n % 2 == 1 ? sorted[n / 2] : ((sorted[n / 2 - 1] + sorted[n / 2]) / RefQ(2))!
        case "trimmed_mean":
            // With too few scores, k is lowered to ⌊(n − 1)/2⌋ so that at least one remains.
            let k = min(jury.trim ?? 1, (n - 1) / 2)
            return mean(Array(sorted[k..<(n - k)]))
        default:
            return mean(sorted)
        }
    }

    static func blocOf(_ unit: String, _ c: DiffCampaign) -> String? {
        c.blocs.first { $0.members.contains(unit) }?.code
    }

    /// The current score of each (juror, criterion) of a model: its latest row.
    static func current(_ m: ModelSpec, _ c: DiffCampaign) -> [String: [String: RefQ]] {
        var current: [String: [String: RefQ]] = [:]  // criterion → juror → points
        var latestMinute: [String: Int] = [:]
        for s in c.scores where s.entry == m.code {
            let key = s.juror + "|" + s.criterion
            if latestMinute[key].map({ s.minute > $0 }) ?? true {
                latestMinute[key] = s.minute
                current[s.criterion, default: [:]][s.juror] = s.points
            }
        }
        return current
    }

    /// z rounded half up at 12 places, from the exact ratio r = (x − μ)²/σ²: ⌊√(r·10²⁴) + ½⌋ / 10¹²,
    /// computed as ⌊(⌊√⌊4·r·10²⁴⌋⌋ + 1) / 2⌋ in integers.
    static func root12(_ r: RefQ) -> RefQ {
        let four = (r * RefQ(RefQ.pow10(24) * 4)).floor
        let twice = BigInt(four.magnitude.squareRoot())
        return RefQ((twice + 1) / 2, RefQ.pow10(12))
    }

    /// `normalize: zscore`: every (model, criterion, juror) score rescaled within its group, from
    /// the juror's scores there (conflicts excluded): model → criterion → juror → points.
    static func normalised(_ c: DiffCampaign, _ all: [String: [String: [String: RefQ]]]) -> [String: [String: [String: RefQ]]] {
        let by = c.set.jury.normalizeBy ?? ["bloc"]
        func key(_ o: ModelSpec) -> [String] {
            by.map { k in
                switch k {
                case "bloc": blocOf(o.unit, c) ?? "-"
                case "field": o.field
                default: o.individual ? "individual" : "collective"
                }
            }
        }
        var out = all
        var groups: [[String]: [ModelSpec]] = [:]
        for m in c.models { groups[key(m), default: []].append(m) }
        for criterion in c.set.criteria where criterion.isJury {
            let half = (criterion.max / RefQ(2))!
            let sixth = (criterion.max / RefQ(6))!
            for (_, members) in groups {
                for j in c.jurors {
                    let scored = members.filter { !conflicted(j, $0, c) && all[$0.code]?[criterion.id]?[j.code] != nil }
                    let xs = scored.map { all[$0.code]![criterion.id]![j.code]! }
                    guard xs.count >= 3 else { continue }  // fewer than 3: raw scores
                    let n = RefQ(xs.count)
                    let mu = (xs.reduce(RefQ.zero, +) / n)!
                    let variance = (xs.reduce(RefQ.zero) { $0 + ($1 - mu) * ($1 - mu) } / n)!
                    for (m, x) in zip(scored, xs) {
                        var value = half
                        if variance != .zero {
                            let d = x - mu
                            var z = root12((d * d / variance)!)
                            if d.isNegative { z = -z }
                            value = (half + z * sixth).clamped(.zero, criterion.max)
                        }
                        out[m.code]![criterion.id]![j.code] = value
                    }
                }
            }
        }
        return out
    }

    static func scoreModel(
        _ m: ModelSpec, _ c: DiffCampaign, _ all: [String: [String: [String: RefQ]]], _ counted: [String: [String: [String: RefQ]]]
    ) -> RefEntry {
        let set = c.set
        let places = set.places
        let rounding = set.rounding
        var errors: Set<String> = []
        var incomplete = false
        var env = RefEnv()
        env.metrics = m.metrics
        env.facts = m.facts
        env.kind = m.individual ? "individual" : "collective"
        env.field = m.field
        env.unit = m.unit
        env.registeredDay = m.registeredDay

        // 1. Current scores: the latest row per (juror, criterion) of this model.
        let current = all[m.code]!
        // 2. Checks.
        for (criterion, byJuror) in current {
            guard let spec = set.criteria.first(where: { $0.id == criterion }), spec.isJury else {
                errors.insert(criterion)
                continue
            }
            for (_, p) in byJuror where spec.max < p || !p.isMultiple(of: spec.step) { errors.insert(criterion) }
        }
        // 3. Conflicts, 5. jury criteria in file order.
        var points: [String: RefQ] = [:]
        for crit in set.criteria where crit.isJury {
            var kept: [RefQ] = []
            for (juror, p) in current[crit.id] ?? [:] {
                let j = c.jurors.first { $0.code == juror }!
                // 4. Z-scores, when the set asks for them.
                if !conflicted(j, m, c) { kept.append(counted[m.code]![crit.id]![juror] ?? p) }
            }
            if kept.count < (set.jury.minJurors ?? 1) {
                incomplete = true
                continue
            }
            var v = aggregate(kept, set.jury)
            if rounding.contains("aggregate") { v = v.rounded(places) }
            v = v.clamped(.zero, crit.max)
            if rounding.contains("criterion") { v = v.rounded(places) }
            points[crit.id] = v
        }
        // 6. Formula and check criteria, each after the criteria it reads. One that reads a
        // criterion without points has none either (it waits; no error).
        var done: Set<String> = Set(set.criteria.filter(\.isJury).map(\.id))
        var pending = set.criteria.filter { !$0.isJury }
        while !pending.isEmpty {
            let i = pending.firstIndex { $0.reads.isSubset(of: done) }!
            let crit = pending.remove(at: i)
            done.insert(crit.id)
            if crit.reads.contains(where: { points[$0] == nil }) { continue }
            var e = env
            e.scores = points
            e.ownMax = crit.max
            var value: RefQ?
            do throws(RefFailure) {
                switch crit.source {
                case .jury: fatalError()
                case .formula(let f): value = try RefEval.number(f, e)
                case .check(let when, let p):
                    value = try RefEval.bool(when, e) ? (try p.map { x throws(RefFailure) in try RefEval.number(x, e) } ?? crit.max) : .zero
                }
            } catch {
                if let d = crit.fallback { value = d } else { errors.insert(crit.id) }
            }
            guard var v = value else { continue }
            v = v.clamped(.zero, crit.max)
            if rounding.contains("criterion") { v = v.rounded(places) }
            points[crit.id] = v
        }
        env.scores = points
        // 7. Groups.
        var groupPoints: [String: RefQ] = [:]
        for g in set.groups {
            guard g.criteria.allSatisfy({ points[$0.id] != nil }) else { continue }
            var sum = g.criteria.reduce(RefQ.zero) { $0 + points[$1.id]! }
            if let cap = g.cap, cap < sum { sum = cap }
            groupPoints[g.id] = sum
        }
        env.subtotals = groupPoints
        var out = RefEntry(entry: m.code, status: "", criteria: set.criteria.map { ($0.id, points[$0.id]) }, total: nil, tier: nil,
            rank: nil, awards: [], errorItems: [])
        out.unit = m.unit
        func finish(_ status: String) -> RefEntry {
            var o = out
            o.errorItems = errors
            o.status = errors.isEmpty ? status : "error"
            if !errors.isEmpty { o.total = nil; o.tier = nil }
            o.env = env
            return o
        }
        // 8. Stop if incomplete or in error.
        if !errors.isEmpty || incomplete { return finish("incomplete") }
        let base = set.groups.reduce(RefQ.zero) { $0 + groupPoints[$1.id]! }
        env.names[.base] = base
        out.base = base
        // 9. Bonus, then penalty.
        func adjust(_ rules: [RuleSpec], _ cap: RefQ?) -> RefQ {
            var sum = RefQ.zero
            for r in rules {
                do throws(RefFailure) {
                    if let w = r.when, !(try RefEval.bool(w, env)) { continue }
                } catch {
                    errors.insert(r.id)
                    continue
                }
                var p: RefQ
                do throws(RefFailure) {
                    p = try RefEval.number(r.points, env)
                } catch {
                    guard let d = r.fallback else { errors.insert(r.id); continue }
                    p = d
                }
                if p.isNegative { errors.insert(r.id); continue }
                if let c = r.cap, c < p { p = c }
                sum = sum + p
            }
            if let c = cap, c < sum { sum = c }
            return sum
        }
        let bonus = adjust(set.bonus, set.bonusCap)
        let penalty = adjust(set.penalty, set.penaltyCap)
        out.bonus = bonus
        out.penalty = penalty
        // An error in a bonus or penalty rule stops the entry too: no total, so no veto or tier.
        if !errors.isEmpty { return finish("error") }
        // 10. Total.
        var total = base + bonus - penalty
        if rounding.contains("total") { total = total.rounded(places) }
        env.names[.bonus] = bonus
        env.names[.penalty] = penalty
        env.names[.total] = total
        out.total = total
        // 11. Shares.
        let shares = set.criteria.map { (points[$0.id]! / $0.max)! }
        env.names[.lowestShare] = shares.min()!
        env.names[.criteriaAtMax] = RefQ(set.criteria.filter { points[$0.id]! == $0.max }.count)
        // 12. Veto.
        var vetoed = false
        for v in set.veto {
            do throws(RefFailure) {
                if try RefEval.bool(v.when, env) { vetoed = true }
            } catch {
                errors.insert(v.id)
            }
        }
        if !errors.isEmpty { return finish("error") }
        if vetoed { return finish("vetoed") }
        // 13. Tier: the first whose min the total reaches and whose require holds.
        for t in set.tiers {
            if let min = t.min, total < min { continue }
            do throws(RefFailure) {
                if let r = t.require, !(try RefEval.bool(r, env)) { continue }
            } catch {
                errors.insert(t.id)
                break
            }
            out.tier = t.id
            break
        }
        env.tier = out.tier
        return finish("ranked")
    }
}
