import Yams

/// `awards`: the award forms, their eligibility and limits.
extension CriteriaLoader {
    mutating func readAwards(_ node: Node) -> [AwardForm] {
        guard let items = reading.list(node, "awards") else { return [] }
        let s = scope([.base, .bonus, .penalty, .total, .lowestShare, .criteriaAtMax, .tier, .previousTier], groups: true)
        var ids: [String: Int] = [:]
        // Forms are taken by precedence: two with the same one would silently fall back to file order.
        var precedences: [Int: (id: String, line: Int)] = [:]
        return items.enumerated().compactMap { index, item -> AwardForm? in
            let keys = ["id", "title", "authority", "precedence", "eligible", "per_group", "quota", "quota_of", "rounding", "cap_per_bloc", "at_boundary", "cap_order"]
            guard let f = reading.mapping(item, "awards", allowed: keys) else { return nil }
            let id = reading.required(f, "id", in: item, "hình thức khen thưởng").flatMap { reading.identifier($0) }
            if let id { reading.unique(id, at: f["id"]?.value, &ids, "id hình thức khen thưởng") }
            let title = reading.required(f, "title", in: item, "hình thức khen thưởng").flatMap { reading.string($0, "title") }
            let authority = reading.required(f, "authority", in: item, "hình thức khen thưởng").flatMap { reading.string($0, "authority") }
            let precedence = f["precedence"].flatMap { reading.integer($0.value, "precedence", in: 1...1000) } ?? index + 1
            let formName = f["id"]?.value.scalar?.string ?? "#\(index + 1)"
            if let other = precedences[precedence] {
                reading.fail(f["precedence"]?.value ?? item,
                    "hai hình thức khen thưởng cùng precedence \(precedence): '\(other.id)' (dòng \(other.line)) và '\(formName)'"
                    + (f["precedence"] == nil ? " (mặc định là thứ tự trong tệp)" : "") + "; mỗi hình thức cần một precedence riêng")
            } else {
                precedences[precedence] = (formName, (f["precedence"]?.value ?? item).mark?.line ?? 1)
            }
            let eligible = reading.required(f, "eligible", in: item, "hình thức khen thưởng")
                .flatMap { reading.expression($0, "eligible", scope: s, expecting: .bool) }
            let perGroup = f["per_group"].flatMap { reading.integer($0.value, "per_group", in: 1...Int.max) }
            let quota = f["quota"].flatMap { readQuota($0.value) }
            let quotaOf = f["quota_of"].flatMap { reading.choice($0.value, "quota_of", [AwardForm.QuotaBase.eligible, .all]) } ?? .eligible
            let rounding = f["rounding"].flatMap { reading.choice($0.value, "rounding", [AwardForm.Rounding.down, .nearest, .up]) } ?? .down
            let capPerBloc = f["cap_per_bloc"].flatMap { reading.integer($0.value, "cap_per_bloc", in: 1...Int.max) }
            let atBoundary = f["at_boundary"].flatMap { reading.choice($0.value, "at_boundary", [AwardForm.Boundary.all, .none, .draw]) } ?? .all
            var capOrder: [String] = []
            if let c = f["cap_order"], let items = reading.list(c.value, "cap_order") {
                capOrder = items.compactMap { reading.string($0, "cap_order") }
                if capPerBloc == nil { reading.fail(c.key, "'cap_order' chỉ dùng với cap_per_bloc") }
                if Set(capOrder).count < capOrder.count { reading.fail(c.value, "'cap_order' có nhóm bị nêu hai lần") }
            }
            guard let id, let title, let authority, let eligible else { return nil }
            return AwardForm(id: id, title: title, authority: authority, precedence: precedence, eligible: eligible,
                perGroup: perGroup, quota: quota, quotaOf: quotaOf, rounding: rounding, capPerBloc: capPerBloc, atBoundary: atBoundary,
                capOrder: capOrder)
        }
    }

    /// A count (`3`) or a percentage (`15%`, more than 0 and at most 100).
    mutating func readQuota(_ q: Node) -> AwardForm.Quota? {
        guard case .scalar(let s) = q, s.string.hasSuffix("%") else {
            return reading.integer(q, "quota", in: 1...Int.max).map(AwardForm.Quota.count)
        }
        guard let p = Exact(s.string.dropLast().trimmingSpaces) else {
            reading.fail(q, "'quota' phải là số lượng (ví dụ 3) hoặc phần trăm (ví dụ 15%), gặp \(reading.shown(q))")
            return nil
        }
        guard p > .zero && !(p > Exact(100)) else {
            reading.fail(q, "quota theo phần trăm phải lớn hơn 0% và không quá 100%, gặp \(s.string)")
            return nil
        }
        return .percent(p)
    }
}
