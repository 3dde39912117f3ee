/// Chooses the awardees of one form in one ranking group, entries of one rank at a time:
/// first each bloc's places, then the group's. A tie that straddles either limit is settled
/// by `at_boundary`, the same way at both.
struct GroupSelection {
    let form: AwardForm
    let group: String
    let seed: UInt64?
    let blocOf: (RankedEntry) -> String
    private(set) var boundaries: [String] = []
    private(set) var drawn: Set<String> = []
    private(set) var passedOver: [String] = []
    private(set) var usedSeed = false

    init(form: AwardForm, group: String, seed: UInt64?, blocOf: @escaping (RankedEntry) -> String) {
        self.form = form
        self.group = group
        self.seed = seed
        self.blocOf = blocOf
    }

    /// The line the award list shows for entries a full bloc passed over, if any.
    var passedOverNote: [String] {
        passedOver.isEmpty ? [] : ["không xét \(passedOver.joined(separator: ", ")) vì khối đã đủ"]
    }

    /// The candidates (eligible, in rank order) that get the form within `limits`.
    mutating func select(_ candidates: [RankedEntry], _ limits: GroupLimits) throws(AwardFailure) -> [RankedEntry] {
        var chosen: [RankedEntry] = []
        var blocLeft = limits.blocLeft
        var i = 0
        while i < candidates.count {
            var j = i + 1
            while j < candidates.count, candidates[j].rank == candidates[i].rank { j += 1 }
            var tied = Array(candidates[i..<j])
            i = j
            if var left = blocLeft {
                tied = try admit(tied, within: &left)
                blocLeft = left
                if tied.isEmpty { continue }
            }
            if let n = limits.places, chosen.count + tied.count > n {
                let room = n - chosen.count
                if room > 0 { chosen += try settle(tied, room: room, before: chosen.count, limit: n, at: "") }
                break
            }
            chosen += tied
        }
        return chosen
    }

    /// The tied entries their blocs still have room for; `left` is what each bloc has left.
    private mutating func admit(_ tied: [RankedEntry], within left: inout [String: Int]) throws(AwardFailure) -> [RankedEntry] {
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
        return tied.filter { admitted.contains($0.entry) }
    }

    /// `before` entries already have it of `limit` places; `room` are left for the tied.
    private mutating func settle(_ tied: [RankedEntry], room: Int, before: Int, limit: Int, at whose: String) throws(AwardFailure) -> [RankedEntry] {
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
            guard let seed else { throw .drawNeedsSeed(form: form.id, group: group, entries: tied.map(\.entry)) }
            usedSeed = true
            let picked = Set(tied.sorted { Ranker.drawKey(seed, $0.entry) < Ranker.drawKey(seed, $1.entry) }.prefix(room).map(\.entry))
            drawn.formUnion(picked)
            let kept = tied.filter { picked.contains($0.entry) }
            boundaries.append("\(names) cùng hạng \(rank) ở ranh giới\(whose): bốc thăm (hạt giống \(seed)) chọn \(kept.map(\.entry).joined(separator: ", "))")
            return kept
        }
    }
}
