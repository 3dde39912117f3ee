/// The names an entry's expressions can read while it is being scored.
struct EntryContext: EvaluationContext {
    var metrics: [String: Exact] = [:]
    var facts: [String: Value] = [:]
    var scores: [String: Exact] = [:]
    var subtotals: [String: Exact] = [:]
    var variables: [Variable: Value] = [:]

    func value(of reference: Reference) -> Value? {
        switch reference {
        case .metric(let name): metrics[name].map(Value.number)
        case .fact(let name): facts[name]
        case .score(let id): scores[id].map(Value.number)
        case .subtotal(let id): subtotals[id].map(Value.number)
        case .variable(let v): variables[v]
        }
    }
}

extension EntryContext {
    init(model: Model, campaign: Campaign) {
        metrics = model.metrics
        for (name, fact) in model.facts {
            switch fact {
            case .bool(let b): facts[name] = .bool(b)
            case .text(let t): facts[name] = .text(t)
            }
        }
        variables[.entryUnit] = .text(model.unit)
        variables[.entryKind] = .text(model.holder == .collective ? "collective" : "individual")
        variables[.entryField] = .text(model.field.rawValue)
        variables[.entryRegisteredOn] = .date(model.registeredOn)
        setCampaign(campaign)
    }

    mutating func setCampaign(_ campaign: Campaign) {
        if let d = campaign.registrationDeadline { variables[.campaignRegistrationDeadline] = .date(d) }
        if let d = campaign.reportDeadline { variables[.campaignReportDeadline] = .date(d) }
        if let d = campaign.scoringDeadline { variables[.campaignScoringDeadline] = .date(d) }
    }
}

extension EntryContext {
    /// The values an expression reads, for the trace: `metrics.x = 12`.
    func inputs(_ e: CheckedExpression) -> [String] {
        e.expression.references.map { r in "\(r) = \(value(of: r)?.description ?? "(không có)")" }
    }
}
