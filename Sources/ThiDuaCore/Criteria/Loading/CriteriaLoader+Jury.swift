import Yams

/// `jury`: how the jurors' scores make a criterion's points.
extension CriteriaLoader {
    mutating func readJury(_ node: Node) -> JuryRules? {
        guard let f = reading.mapping(node, "jury", allowed: ["aggregate", "trim", "min_jurors", "normalize", "normalize_by", "conflicts"])
        else { return nil }
        var aggregate = JuryRules.Aggregate.mean
        let name = f["aggregate"].flatMap { n -> String? in
            reading.choice(n.value, "aggregate", AggregateName.allCases).map(\.rawValue)
        } ?? "mean"
        switch name {
        case "median": aggregate = .median
        case "trimmed_mean":
            let trim = f["trim"].flatMap { reading.integer($0.value, "trim", in: 1...10) } ?? 1
            aggregate = .trimmedMean(trim: trim)
        default:
            aggregate = name == "mean" ? .mean : .mean
        }
        if name != "trimmed_mean", let trim = f["trim"] {
            reading.fail(trim.key, "'trim' chỉ dùng với aggregate: trimmed_mean")
        }
        let minJurors = f["min_jurors"].flatMap { reading.integer($0.value, "min_jurors", in: 1...1000) } ?? 1
        let normalize = f["normalize"].flatMap { reading.choice($0.value, "normalize", [JuryRules.Normalization.none, .zscore]) } ?? JuryRules.Normalization.none
        var normalizeBy: [GroupingKey] = [.bloc]
        if let n = f["normalize_by"], let items = reading.list(n.value, "normalize_by") {
            normalizeBy = items.compactMap { reading.choice($0, "normalize_by", GroupingKey.allCases) }
            if normalize == .none { reading.fail(n.key, "'normalize_by' chỉ dùng với normalize: zscore") }
        }
        let conflicts = f["conflicts"].flatMap { reading.choice($0.value, "conflicts", [JuryRules.Conflicts.unit, .unitTree]) } ?? .unit
        return JuryRules(aggregate: aggregate, minJurors: minJurors, normalize: normalize, normalizeBy: normalizeBy, conflicts: conflicts)
    }

    enum AggregateName: String, CaseIterable {
        case mean, median
        case trimmedMean = "trimmed_mean"
    }
}
