/// The names an entry's expressions can read while it is being scored.
struct EntryContext: EvaluationContext {
    var metrics: [String: Exact] = [:]
    var facts: [String: Model.Fact] = [:]
    // A handful of names each: a linear search is faster than hashing.
    var scores = SmallMap<String, Exact>(capacity: 16)
    var subtotals = SmallMap<String, Exact>(capacity: 8)
    var variables = SmallMap<Variable, Value>(capacity: 16)
    /// For unit sets: `count`, `best` and a count per tier id of the unit's ranked models.
    var models: [String: Exact] = [:]

    func value(of reference: Reference) -> Value? {
        switch reference {
        case .metric(let name): metrics[name].map(Value.number)
        // A yes/no fact that is not one of the yes/no words stays text: reading it is an error
        // at this entry that shows what was written.
        case .fact(let name): facts[name].map { fact in fact.yesNo.map(Value.bool) ?? .text(fact.text) }
        case .textFact(let name): facts[name].map { .text($0.text) }
        case .score(let id): scores[id].map(Value.number)
        case .subtotal(let id): subtotals[id].map(Value.number)
        case .models(let name):
            // A tier no model reached counts 0; `best` is missing when the unit has no model.
            if let v = models[name] { .number(v) } else if name == "best" { nil } else { .number(.zero) }
        case .variable(let v): variables[v]
        }
    }
}

extension EntryContext {
    init(model: Model, campaign: Campaign) {
        metrics = model.metrics
        facts = model.facts
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

/// A map of a few keys, searched in order: for the handful of names an entry's context holds.
struct SmallMap<Key: Equatable, Value> {
    private var keys: [Key] = []
    private var values: [Value] = []

    init(capacity: Int = 0) {
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    subscript(key: Key) -> Value? {
        get {
            for i in keys.indices where keys[i] == key { return values[i] }
            return nil
        }
        set {
            if let i = keys.firstIndex(of: key) {
                if let newValue { values[i] = newValue } else { keys.remove(at: i); values.remove(at: i) }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }
}
