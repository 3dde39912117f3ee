import Yams

/// `groups` and their criteria, and the order in which computed criteria are evaluated.
extension CriteriaLoader {
    mutating func collectIds(_ groupNodes: [Node]) {
        for node in groupNodes {
            guard case .mapping(let group) = node else { continue }
            for (key, value) in group {
                if key.scalar?.string == "id", let id = value.scalar?.string { groupIds.insert(id) }
                if key.scalar?.string == "criteria", case .sequence(let criteria) = value {
                    for c in criteria {
                        if case .mapping(let m) = c, let id = m.first(where: { $0.key.scalar?.string == "id" })?.value.scalar?.string {
                            criterionIds.insert(id)
                        }
                    }
                }
            }
        }
    }

    mutating func readGroup(_ node: Node) -> CriterionGroup? {
        guard let f = reading.mapping(node, "nhóm tiêu chí", allowed: ["id", "title", "cap", "criteria"]) else { return nil }
        let id = reading.required(f, "id", in: node, "nhóm tiêu chí").flatMap { reading.identifier($0) }
        if let id { reading.unique(id, at: f["id"]?.value, &groupLines, "id nhóm tiêu chí") }
        let title = reading.required(f, "title", in: node, "nhóm tiêu chí").flatMap { reading.string($0, "title") }
        let cap = f["cap"].flatMap { reading.number($0.value, "cap", atLeast: .zero) }
        var criteria: [Criterion] = []
        if let list = reading.required(f, "criteria", in: node, "nhóm tiêu chí").flatMap({ reading.list($0, "criteria") }) {
            if list.isEmpty { reading.fail(f["criteria"]?.value, "nhóm '\(id ?? "")' cần ít nhất một tiêu chí") }
            criteria = list.compactMap { readCriterion($0) }
        }
        guard let id, let title else { return nil }
        return CriterionGroup(id: id, title: title, cap: cap, criteria: criteria)
    }

    mutating func readCriterion(_ node: Node) -> Criterion? {
        guard let f = reading.mapping(node, "tiêu chí", allowed: ["id", "title", "max", "source", "step", "formula", "when", "points", "default"])
        else { return nil }
        let id = reading.required(f, "id", in: node, "tiêu chí").flatMap { reading.identifier($0) }
        if let id {
            reading.unique(id, at: f["id"]?.value, &criterionLines, "id tiêu chí", " (mỗi tiêu chí một id riêng trong cả bộ)")
        }
        let title = reading.required(f, "title", in: node, "tiêu chí").flatMap { reading.string($0, "title") }
        let max = reading.required(f, "max", in: node, "tiêu chí").flatMap { reading.number($0, "max", above: .zero) }
        let sourceName = reading.required(f, "source", in: node, "tiêu chí").flatMap { reading.choice($0, "source", SourceName.allCases) }
        let fallback = f["default"].flatMap { reading.number($0.value, "default", atLeast: .zero) }
        let own = scope([.max])
        var source: Criterion.Source?
        let keysBySource: [SourceName: [String]] = [.jury: ["step"], .formula: ["formula"], .check: ["when", "points"]]
        if let sourceName {
            for (other, keys) in keysBySource where other != sourceName {
                for key in keys { if let entry = f[key] {
                    reading.fail(entry.key, "khóa '\(key)' chỉ dùng với source: \(other.rawValue), tiêu chí này là source: \(sourceName.rawValue)")
                } }
            }
            switch sourceName {
            case .jury:
                if subject != .model {
                    reading.fail(f["source"]?.value, "bộ tiêu chí cho \(subject == .pledge ? "giao ước" : "xếp hạng đơn vị") không có hội đồng chấm: tiêu chí '\(id ?? "")' không dùng được source: jury")
                }
                let step = f["step"].flatMap { reading.number($0.value, "step", above: .zero) } ?? Exact(numerator: 1, denominator: 2)!
                if let max, !max.isMultiple(of: step) {
                    if let stepNode = f["step"]?.value {
                        reading.fail(stepNode, "max \(max.vietnamese) không chia hết cho bước chấm \(step.vietnamese)")
                    } else {
                        reading.fail(f["max"]?.value, "max \(max.vietnamese) không chia hết cho bước chấm mặc định \(step.vietnamese); chọn max khác hoặc đặt 'step'")
                    }
                }
                if let d = f["default"] { reading.fail(d.key, "'default' không dùng với source: jury (thiếu điểm thì mô hình chưa đủ điểm, không thay bằng số khác)") }
                source = .jury(step: step)
            case .formula:
                if let e = reading.required(f, "formula", in: node, "tiêu chí source: formula")
                    .flatMap({ reading.expression($0, "formula", scope: own, expecting: .number) }) {
                    source = .formula(e)
                }
            case .check:
                let when = reading.required(f, "when", in: node, "tiêu chí source: check")
                    .flatMap { reading.expression($0, "when", scope: own, expecting: .bool) }
                let points = f["points"].flatMap { reading.expression($0.value, "points", scope: own, expecting: .number) }
                if let when { source = .check(when: when, points: points) }
            }
        }
        guard let id, let title, let max, let source else { return nil }
        return Criterion(id: id, title: title, max: max, source: source, fallback: fallback)
    }

    enum SourceName: String, CaseIterable {
        case jury, formula, check
    }

    /// Orders formula and check criteria so that each follows those it reads; reports cycles.
    mutating func evaluationOrder(_ groups: [CriterionGroup], _ groupNodes: [Node]) -> [String] {
        var reads: [String: Set<String>] = [:]
        var computed: [String] = []
        for criterion in groups.flatMap(\.criteria) {
            switch criterion.source {
            case .jury: continue
            case .formula(let e): reads[criterion.id] = e.criteria
            case .check(let when, let points): reads[criterion.id] = when.criteria.union(points?.criteria ?? [])
            }
            computed.append(criterion.id)
        }
        var order: [String] = []
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var reported: Set<String> = []
        // Depth first, each criterion after what it reads, with the path kept on a stack of its
        // own: a chain of ten thousand formulas is as deep as the heap allows, not the call stack.
        var path: [String] = []
        var pending: [[String]] = []  // for each criterion on the path, what it reads not yet visited (last first)
        func enter(_ id: String, _ loader: inout CriteriaLoader) {
            guard let dependencies = reads[id] else { return }  // jury criteria read nothing
            if state[id] == 2 { return }
            if state[id] == 1 {
                let cycle = path.drop(while: { $0 != id }) + [id]
                if reported.insert(Set(cycle).sorted().joined(separator: ",")).inserted {
                    loader.reading.fail(loader.criterionNode(id, groupNodes),
                        "vòng lặp giữa các công thức: \(cycle.joined(separator: " → ")) (điểm của một tiêu chí không được phụ thuộc vào chính nó)")
                }
                return
            }
            state[id] = 1
            path.append(id)
            pending.append(dependencies.sorted().reversed())
        }
        for root in computed {
            enter(root, &self)
            while let top = pending.indices.last {
                if let next = pending[top].popLast() {
                    enter(next, &self)
                } else {
                    pending.removeLast()
                    let id = path.removeLast()
                    state[id] = 2
                    order.append(id)
                }
            }
        }
        return order
    }

    func criterionNode(_ id: String, _ groupNodes: [Node]) -> Node? {
        for group in groupNodes {
            guard case .mapping(let g) = group, case .sequence(let criteria)? = g.first(where: { $0.key.scalar?.string == "criteria" })?.value
            else { continue }
            for c in criteria {
                if case .mapping(let m) = c, m.first(where: { $0.key.scalar?.string == "id" })?.value.scalar?.string == id {
                    return m.first(where: { ["formula", "when"].contains($0.key.scalar?.string ?? "") })?.value ?? c
                }
            }
        }
        return nil
    }
}
