import Yams

/// `inputs`: the metrics and facts a model set declares; `units` and `targets`: what unit and
/// pledge sets read.
extension CriteriaLoader {
    mutating func readInputs(_ node: Node) {
        guard let fields = reading.mapping(node, "inputs", allowed: ["metrics", "facts"]) else { return }
        if let m = fields["metrics"], let items = reading.list(m.value, "inputs.metrics") {
            declaredMetrics = Set(items.compactMap { reading.identifier($0, "inputs.metrics") })
        }
        // Facts map the user's own names to their types.
        if let f = fields["facts"]?.value {
            factsClosed = true
            guard case .mapping(let mapping) = f else {
                reading.fail(f, "'inputs.facts' phải là một bảng tên: kiểu (bool hoặc text), gặp \(reading.shown(f))")
                return
            }
            for (key, value) in mapping {
                guard let name = reading.identifier(key, "inputs.facts") else { continue }
                guard case .scalar(let s) = value, s.string == "bool" || s.string == "text" else {
                    reading.fail(value, "kiểu của dữ kiện '\(name)' phải là bool hoặc text, gặp \(reading.shown(value))")
                    continue
                }
                factTypes[name] = s.string == "bool" ? .bool : .text
            }
        }
    }

    mutating func readUnitSources(_ node: Node) -> CriteriaSet.UnitSources? {
        guard let f = reading.mapping(node, "units", allowed: ["pledge", "models"]) else { return nil }
        let pledge = f["pledge"].flatMap { reading.code($0.value, "pledge") }
        let models = f["models"].flatMap { reading.code($0.value, "models") }
        if f["pledge"] == nil && f["models"] == nil {
            reading.fail(node, "'units' cần ít nhất một trong 'pledge' và 'models'")
        }
        return CriteriaSet.UnitSources(pledge: pledge, models: models)
    }

    mutating func readTargets(_ node: Node) -> TargetRules? {
        guard let f = reading.mapping(node, "targets", allowed: ["attainment", "points", "use", "default"]) else { return nil }
        let base: Set<Variable> = [.target, .actual, .weight, .direction, .selfScore, .verifiedScore]
        let attainment = reading.required(f, "attainment", in: node, "targets")
            .flatMap { reading.expression($0, "attainment", scope: scope(base, criteria: false), expecting: .number) }
        let points = reading.required(f, "points", in: node, "targets")
            .flatMap { reading.expression($0, "points", scope: scope(base.union([.attainment]), criteria: false), expecting: .number) }
        let use = f["use"].flatMap { reading.choice($0.value, "use", [TargetRules.Use.formula, .verified]) } ?? .formula
        let fallback = f["default"].flatMap { reading.number($0.value, "default", atLeast: .zero) }
        guard let attainment, let points else { return nil }
        return TargetRules(attainment: attainment, points: points, use: use, fallback: fallback)
    }
}
