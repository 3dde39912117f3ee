/// Shrinks a campaign on which the engine and the reference differ: greedily removes models,
/// jurors, score rows, units, blocs, rules, tiers, award forms, options and criteria, keeping
/// each cut that still loads and still differs, until no cut does.
enum DiffShrinker {
    static func differs(_ c: DiffCampaign) -> Bool {
        if case .differs = DiffRun.compare(c) { return true }
        return false
    }

    static func shrink(_ start: DiffCampaign, budget: Int = 4000) -> DiffCampaign {
        var c = start
        var runs = 0
        var progress = true
        func attempt(_ candidate: DiffCampaign) -> Bool {
            guard runs < budget, candidate != c else { return false }
            runs += 1
            if differs(candidate) {
                c = candidate
                return true
            }
            return false
        }
        while progress && runs < budget {
            progress = false
            // Score rows in chunks, halving.
            var chunk = max(1, c.scores.count / 2)
            while chunk >= 1 {
                var at = 0
                while at < c.scores.count {
                    var t = c
                    t.scores.removeSubrange(at..<min(at + chunk, t.scores.count))
                    if attempt(t) { progress = true } else { at += chunk }
                }
                chunk /= 2
            }
            for code in c.models.map(\.code).reversed() {
                var t = c
                t.models.removeAll { $0.code == code }
                t.scores.removeAll { $0.entry == code }
                if attempt(t) { progress = true }
            }
            for code in c.jurors.map(\.code).reversed() {
                var t = c
                t.jurors.removeAll { $0.code == code }
                t.scores.removeAll { $0.juror == code }
                if attempt(t) { progress = true }
                if let i = c.jurors.firstIndex(where: { $0.code == code }), c.jurors[i].unit != nil {
                    var u = c
                    u.jurors[i].unit = nil
                    if attempt(u) { progress = true }
                }
            }
            for code in c.units.map(\.code).reversed() where !c.models.contains(where: { $0.unit == code }) && !c.jurors.contains(where: { $0.unit == code }) {
                var t = c
                let parent = t.units.first { $0.code == code }?.parent
                t.units.removeAll { $0.code == code }
                for i in t.units.indices where t.units[i].parent == code { t.units[i].parent = parent }
                for b in t.blocs.indices { t.blocs[b].members.removeAll { $0 == code } }
                t.blocs.removeAll { $0.members.isEmpty }
                if attempt(t) { progress = true }
            }
            for i in c.units.indices.reversed() where i < c.units.count && c.units[i].parent != nil {
                var t = c
                t.units[i].parent = nil
                if attempt(t) { progress = true }
            }
            for m in c.models.indices.reversed() where m < c.models.count {
                var t = c
                t.models[m].metrics = [:]
                t.models[m].facts = [:]
                if attempt(t) { progress = true }
                for k in c.models[m].metrics.keys.sorted() where m < c.models.count {
                    var u = c
                    u.models[m].metrics[k] = nil
                    if attempt(u) { progress = true }
                }
                for k in c.models[m].facts.keys.sorted() where m < c.models.count {
                    var u = c
                    u.models[m].facts[k] = nil
                    if attempt(u) { progress = true }
                }
            }
            if shrinkSet({ c }, attempt) { progress = true }
        }
        return c
    }

    private static func shrinkSet(_ current: () -> DiffCampaign, _ attempt: (DiffCampaign) -> Bool) -> Bool {
        var c: DiffCampaign { current() }
        var progress = false
        func tryEdit(_ edit: (inout SetSpec) -> Void) {
            var t = c
            edit(&t.set)
            if attempt(t) { progress = true }
        }
        for i in c.set.awards.indices.reversed() where i < c.set.awards.count {
            tryEdit { $0.awards.remove(at: i) }
            guard i < c.set.awards.count else { continue }
            tryEdit { $0.awards[i].perGroup = nil }
            tryEdit { $0.awards[i].quota = nil; $0.awards[i].quotaOf = nil; $0.awards[i].rounding = nil }
            tryEdit { $0.awards[i].capPerBloc = nil }
            tryEdit { $0.awards[i].atBoundary = nil }
            tryEdit { $0.awards[i].precedence = nil }
            tryEdit { $0.awards[i].eligible = .bool(true) }
        }
        tryEdit { $0.exclusive = nil }
        for i in c.set.tiers.indices.reversed() where i < c.set.tiers.count {
            tryEdit { $0.tiers.remove(at: i) }
            if i < c.set.tiers.count { tryEdit { $0.tiers[i].require = nil } }
        }
        for i in c.set.bonus.indices.reversed() where i < c.set.bonus.count { tryEdit { $0.bonus.remove(at: i) } }
        for i in c.set.penalty.indices.reversed() where i < c.set.penalty.count { tryEdit { $0.penalty.remove(at: i) } }
        tryEdit { $0.bonusCap = nil }
        tryEdit { $0.penaltyCap = nil }
        tryEdit { $0.veto = [] }
        if let r = c.set.ranking {
            tryEdit { $0.ranking = nil }
            for i in r.tieBreak.indices.reversed() where i < (c.set.ranking?.tieBreak.count ?? 0) { tryEdit { $0.ranking!.tieBreak.remove(at: i) } }
            for k in r.groupBy ?? [] where c.set.ranking != nil { tryEdit { $0.ranking!.groupBy?.removeAll { $0 == k } } }
        }
        tryEdit { $0.round = nil }
        tryEdit { $0.decimals = nil }
        tryEdit { $0.jury.minJurors = nil }
        tryEdit { $0.jury.conflicts = nil }
        if c.set.jury.aggregate != "mean" { tryEdit { $0.jury.aggregate = "mean"; $0.jury.trim = nil } }
        for g in c.set.groups.indices.reversed() where g < c.set.groups.count {
            tryEdit { $0.groups[g].cap = nil }
            for k in c.set.groups[g].criteria.indices.reversed() where g < c.set.groups.count && k < c.set.groups[g].criteria.count {
                let id = c.set.groups[g].criteria[k].id
                var t = c
                t.set.groups[g].criteria.remove(at: k)
                t.set.groups.removeAll { $0.criteria.isEmpty }
                t.scores.removeAll { $0.criterion == id }
                if attempt(t) { progress = true; continue }
                tryEdit { $0.groups[g].criteria[k].fallback = nil }
            }
        }
        return progress
    }
}
