/// The reference's ranking and awards: the README's "Ranking and awards" chapter, written out.
enum ReferenceRanking {
    /// The ranking group of an entry: its values for `group_by` as text, as the standings show
    /// them (bloc code or `—`, the field's and the kind's Vietnamese names).
    static func groupKey(_ m: ModelSpec, _ c: DiffCampaign) -> [String] {
        let by = c.set.ranking.map { $0.groupBy ?? [] } ?? ["bloc"]
        return by.map { k in
            switch k {
            case "bloc": ReferenceScorer.blocOf(m.unit, c) ?? "—"
            case "field": fieldTitle[m.field]!
            default: m.individual ? "Cá nhân" : "Tập thể"
            }
        }
    }

    static let fieldTitle = ["economy": "Kinh tế", "culture_society": "Văn hóa – xã hội", "defence_security": "Quốc phòng – an ninh",
        "political_system": "Xây dựng hệ thống chính trị"]

    /// A tie-break key's value for an entry; nil sorts after every value.
    enum Key: Comparable {
        case number(RefQ)
        case day(Int)
    }

    static func value(_ key: String, _ e: RefEntry, _ m: ModelSpec, _ c: DiffCampaign) -> Key {
        let crit = c.set.criteria
        func share(_ i: Int) -> RefQ { (e.criteria[i].points! / crit[i].max)! }
        switch key {
        case "total": return .number(e.total!)
        case "base": return .number(e.base!)
        case "bonus": return .number(e.bonus)
        case "penalty": return .number(e.penalty)
        case "criteria_at_max": return .number(RefQ(crit.indices.filter { e.criteria[$0].points! == crit[$0].max }.count))
        case "criteria_under_half": return .number(RefQ(crit.indices.filter { share($0) < RefQ(1, 2) }.count))
        case "lowest_share": return .number(crit.indices.map(share).min()!)
        case "registered_on": return .day(m.registeredDay)
        default:
            precondition(key.hasPrefix("score."))
            return .number(e.criteria.first { $0.id == String(key.dropFirst(6)) }!.points!)
        }
    }

    /// Ranks and awards in place: sets `rank` and `awards` of the entries.
    static func rankAndAward(_ entries: inout [RefEntry], _ c: DiffCampaign) {
        let model = Dictionary(uniqueKeysWithValues: c.models.map { ($0.code, $0) })
        // The chain: the total, highest first, then each tie-break key in turn.
        let chain = [TieBreakSpec(key: "total", descending: true)] + (c.set.ranking?.tieBreak ?? [])
        func values(_ e: RefEntry) -> [Key] { chain.map { value($0.key, e, model[e.entry]!, c) } }
        /// Whether a is strictly before b on the chain.
        func before(_ a: [Key], _ b: [Key]) -> Bool {
            for (i, link) in chain.enumerated() where a[i] != b[i] {
                return link.descending ? b[i] < a[i] : a[i] < b[i]
            }
            return false
        }
        var groups: [[String]: [Int]] = [:]
        for i in entries.indices { groups[groupKey(model[entries[i].entry]!, c), default: []].append(i) }
        // Standard competition ranking: 1 + how many entries of the group are strictly before.
        for (_, members) in groups {
            let ranked = members.filter { entries[$0].status == "ranked" }
            let v = Dictionary(uniqueKeysWithValues: ranked.map { ($0, values(entries[$0])) })
            for i in ranked {
                entries[i].rank = 1 + ranked.filter { before(v[$0]!, v[i]!) }.count
            }
        }
        // Awards: forms by precedence, then file order.
        let forms = c.set.awards.enumerated().sorted { ($0.element.precedence ?? $0.offset + 1, $0.offset) < ($1.element.precedence ?? $1.offset + 1, $1.offset) }
            .map(\.element)
        let exclusive = c.set.exclusive ?? false
        // The ranking's order of the groups: their key values as text.
        let rankingOrder = groups.keys.sorted { $0.lexicographicallyPrecedes($1) }
        var given: Set<String> = []
        for form in forms {
            var perBloc: [String: Int] = [:]
            var takenByForm: [String] = []
            // The order in which groups use up a bloc's places: those `cap_order` names first, in its order, then the rest.
            let named = form.capOrder ?? []
            func position(_ key: [String]) -> Int { named.firstIndex { key.contains($0) || key.joined(separator: " · ") == $0 } ?? named.count }
            let groupOrder = rankingOrder.enumerated().sorted { (position($0.element), $0.offset) < (position($1.element), $1.offset) }.map(\.element)
            for key in groupOrder {
                let members = groups[key]!
                var candidates = members.filter { i in
                    guard entries[i].status == "ranked", !(exclusive && given.contains(entries[i].entry)) else { return false }
                    var env = entries[i].env
                    env.tier = entries[i].tier ?? ""
                    return (try? RefEval.bool(form.eligible, env)) ?? false
                }
                candidates.sort { (entries[$0].rank!, entries[$0].entry) < (entries[$1].rank!, entries[$1].entry) }
                var limit = form.perGroup
                if let q = form.quota {
                    let n: Int
                    switch q {
                    case .count(let k): n = k
                    case .percent(let p):
                        let of = form.quotaOf == "all" ? members.count : candidates.count
                        let exact = (p * RefQ(of) / RefQ(100))!
                        switch form.rounding ?? "down" {
                        case "up": n = Int(exact.ceil)
                        case "nearest": n = Int((exact + RefQ(1, 2)).floor)
                        default: n = Int(exact.floor)
                        }
                    }
                    limit = limit.map { min($0, n) } ?? n
                }
                let all = (form.atBoundary ?? "all") == "all"
                // Blocs whose last place a tie straddled with `at_boundary: none`: done in this group (as if
                // the group held that bloc alone), though a later group may still use the bloc's places.
                var closedBlocs: Set<String> = []
                var taken: [Int] = []
                var at = 0
                while at < candidates.count {
                    if let limit, taken.count >= limit { break }
                    let rank = entries[candidates[at]].rank!
                    var run: [Int] = []
                    while at < candidates.count, entries[candidates[at]].rank! == rank { run.append(candidates[at]); at += 1 }
                    // cap_per_bloc, each entry for its own bloc; a tie across a bloc's last place goes by at_boundary.
                    var accepted: [Int] = []
                    var byBloc: [String: [Int]] = [:]
                    for i in run { byBloc[ReferenceScorer.blocOf(entries[i].unit, c) ?? "—", default: []].append(i) }
                    for (bloc, list) in byBloc {
                        guard let cap = form.capPerBloc else { accepted += list; continue }
                        let room = cap - perBloc[bloc, default: 0]
                        if closedBlocs.contains(bloc) || room <= 0 { continue }
                        if list.count <= room {
                            accepted += list
                        } else if all {
                            accepted += list
                        } else {
                            closedBlocs.insert(bloc)
                        }
                    }
                    // A tie across the group's last place goes by at_boundary too; then the group is done.
                    let straddles = limit.map { taken.count + accepted.count > $0 } ?? false
                    if straddles && !all { break }
                    taken += accepted
                    for i in accepted { perBloc[ReferenceScorer.blocOf(entries[i].unit, c) ?? "—", default: 0] += 1 }
                    if straddles { break }
                }
                for i in taken { entries[i].awards.append(form.id); takenByForm.append(entries[i].entry) }
            }
            given.formUnion(takenByForm)
        }
        for i in entries.indices { entries[i].awards.sort() }
    }
}
