import Yams

/// `bonus`, `penalty`, `veto` and `tiers`: what makes the total and the tier.
extension CriteriaLoader {
    mutating func readAdjustments(_ node: Node?, _ key: String, _ ids: inout [String: Int]) -> [Adjustment] {
        guard let node, let items = reading.list(node, key) else { return [] }
        let s = scope([.base], groups: true)
        return items.compactMap { item -> Adjustment? in
            guard let f = reading.mapping(item, key, allowed: ["id", "title", "when", "points", "cap", "default"]) else { return nil }
            let id = reading.required(f, "id", in: item, key).flatMap { reading.identifier($0) }
            if let id { reading.unique(id, at: f["id"]?.value, &ids, "id quy tắc", " (bonus, penalty và veto dùng chung một bộ id)") }
            let title = reading.required(f, "title", in: item, key).flatMap { reading.string($0, "title") }
            let when = f["when"].flatMap { reading.expression($0.value, "when", scope: s, expecting: .bool) }
            let points = reading.required(f, "points", in: item, key).flatMap { reading.expression($0, "points", scope: s, expecting: .number) }
            let cap = f["cap"].flatMap { reading.number($0.value, "cap", atLeast: .zero) }
            let fallback = f["default"].flatMap { reading.number($0.value, "default", atLeast: .zero) }
            guard let id, let title, let points else { return nil }
            return Adjustment(id: id, title: title, when: when, points: points, cap: cap, fallback: fallback)
        }
    }

    mutating func readVetoes(_ node: Node?, _ ids: inout [String: Int]) -> [Veto] {
        guard let node, let items = reading.list(node, "veto") else { return [] }
        let s = scope([.base, .bonus, .penalty, .total], groups: true)
        return items.compactMap { item -> Veto? in
            guard let f = reading.mapping(item, "veto", allowed: ["id", "title", "when"]) else { return nil }
            let id = reading.required(f, "id", in: item, "veto").flatMap { reading.identifier($0) }
            if let id { reading.unique(id, at: f["id"]?.value, &ids, "id quy tắc", " (bonus, penalty và veto dùng chung một bộ id)") }
            let title = reading.required(f, "title", in: item, "veto").flatMap { reading.string($0, "title") }
            let when = reading.required(f, "when", in: item, "veto").flatMap { reading.expression($0, "when", scope: s, expecting: .bool) }
            guard let id, let title, let when else { return nil }
            return Veto(id: id, title: title, when: when)
        }
    }

    mutating func readTiers(_ node: Node) -> [Tier] {
        guard let items = reading.list(node, "tiers") else { return [] }
        let s = scope([.base, .bonus, .penalty, .total, .lowestShare, .criteriaAtMax], groups: true)
        var tiers: [Tier] = []
        var ids: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            guard let f = reading.mapping(item, "tiers", allowed: ["id", "title", "min", "require"]) else { continue }
            let id = reading.required(f, "id", in: item, "xếp loại").flatMap { reading.identifier($0) }
            if let id { reading.unique(id, at: f["id"]?.value, &ids, "id xếp loại") }
            let title = reading.required(f, "title", in: item, "xếp loại").flatMap { reading.string($0, "title") }
            let min = f["min"].flatMap { reading.number($0.value, "min", atLeast: .zero) }
            let require = f["require"].flatMap { reading.expression($0.value, "require", scope: s, expecting: .bool) }
            if f["min"] == nil && index < items.count - 1 {
                reading.fail(item, "chỉ xếp loại cuối cùng được bỏ 'min'; xếp loại '\(id ?? "")' cần 'min'")
            }
            if let min, let previous = tiers.last?.min, !(min < previous) {
                reading.fail(f["min"]?.value, "ngưỡng xếp loại phải giảm dần: '\(id ?? "")' có min \(min.vietnamese), không nhỏ hơn \(previous.vietnamese) của '\(tiers.last!.id)'")
            }
            if let id, let title { tiers.append(Tier(id: id, title: title, min: min, require: require)) }
        }
        return tiers
    }
}
