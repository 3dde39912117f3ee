/// The limits of one award form in one ranking group: `per_group`, the quota and
/// `cap_per_bloc`, with the arithmetic the award list shows for each.
struct GroupLimits {
    /// The fewest places any limit leaves; nil when nothing limits the group.
    private(set) var places: Int?
    private(set) var arithmetic: [String] = []
    /// Places left in each bloc, when the group mixes blocs (each entry counts for its own).
    private(set) var blocLeft: [String: Int]?

    /// `perBloc` is how many places each bloc has already had of this form, in groups before this one.
    init(
        _ form: AwardForm, _ group: RankingGroup, candidates: [RankedEntry], perBloc: [String: Int],
        blocOf: (RankedEntry) -> String
    ) throws(AwardFailure) {
        if let n = form.perGroup { limit(n, "tối đa \(n) mỗi nhóm") }
        if let quota = form.quota {
            let base = form.quotaOf == .eligible ? candidates.count : group.ranked.count + group.apart.count
            let baseText = form.quotaOf == .eligible ? "\(base) đủ điều kiện" : "\(base) trong nhóm"
            switch quota {
            case .count(let n): limit(n, "chỉ tiêu \(n)")
            case .percent(let p):
                do throws(ArithmeticFailure) {
                    let (n, text) = try Self.percent(p, of: base, baseText, form.rounding)
                    limit(n, text)
                } catch {
                    throw .arithmetic(form: form.id, group: group.label, failure: error)
                }
            }
        }
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
    }

    private mutating func limit(_ n: Int, _ text: String) {
        arithmetic.append(text)
        places = min(places ?? n, n)
    }

    /// A quota of `p`% of `base` entries, rounded as the form says: the places and how they were worked out.
    static func percent(_ p: Exact, of base: Int, _ baseText: String, _ rounding: AwardForm.Rounding) throws(ArithmeticFailure) -> (Int, String) {
        let exact = try p.multiplying(Exact(base)).dividing(by: Exact(100))
        let rounded: Exact
        let how: String
        switch rounding {
        case .down: rounded = try exact.floored(); how = "làm tròn xuống"
        case .up: rounded = try exact.ceiled(); how = "làm tròn lên"
        case .nearest: rounded = try exact.rounded(decimals: 0); how = "làm tròn gần nhất"
        }
        // 0 < p ≤ 100 (checked at load), so the rounded quota is a whole number of at most `base`.
        return (Int(rounded.numerator), "\(p.vietnamese)% của \(baseText) = \(exact.text(decimals: 2)) → \(rounded.vietnamese) (\(how))")
    }
}
