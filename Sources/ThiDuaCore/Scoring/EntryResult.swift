/// The result of one entry (a model, or a unit's pledge report): every number and how it was made.
public struct EntryResult: Sendable, Hashable, Codable {
    /// The model's code, or the unit's code for a pledge.
    public var entry: String
    public var unit: String
    /// The entry's bloc (for the campaign's year), if its unit is in one.
    public var bloc: String?
    public var criteria: [CriterionResult]
    public var groups: [GroupResult]
    /// The sum of the groups; nil when the entry is incomplete or an error stopped it.
    public var base: Exact?
    public var bonus: Exact
    public var penalty: Exact
    public var total: Exact?
    /// The veto rules that hold: the entry stays visible but is not ranked or awarded.
    public var vetoes: [RuleHit]
    public var bonuses: [RuleHit]
    public var penalties: [RuleHit]
    public var tier: String?
    public var tierTitle: String?
    /// Why the entry has no total yet (too few jurors, a missing report).
    public var incomplete: [String]
    /// Evaluation errors, each naming the criterion or rule.
    public var errors: [EntryError]
    /// For pledges: each target's attainment, scores and differences.
    public var targets: [TargetResult]
    public var trace: [TraceLine]
    /// Whether trace lines are kept (they are not encoded).
    var tracing = true

    private enum CodingKeys: String, CodingKey {
        case entry, unit, bloc, criteria, groups, base, bonus, penalty, total, vetoes, bonuses, penalties, tier, tierTitle
        case incomplete, errors, targets, trace
    }

    /// Adds a line to the trace; the line is not even built when the run keeps no trace.
    mutating func note(_ line: @autoclosure () -> TraceLine) {
        if tracing { trace.append(line()) }
    }

    public var isVetoed: Bool { !vetoes.isEmpty }
    public var isIncomplete: Bool { !incomplete.isEmpty }
    /// Whether the entry takes part in ranking and awards.
    public var isRanked: Bool { total != nil && vetoes.isEmpty && incomplete.isEmpty && errors.isEmpty }

    /// How the entry stands: `ranked`, `vetoed`, `incomplete` or `error` (the first that applies, from the last).
    public var status: String {
        if !errors.isEmpty { return "error" }
        if !incomplete.isEmpty { return "incomplete" }
        if !vetoes.isEmpty { return "vetoed" }
        return "ranked"
    }

    /// Each scored criterion's points as a share of its max (0…1).
    func shares() throws(ArithmeticFailure) -> [Exact] {
        var shares: [Exact] = []
        for c in criteria { if let p = c.points { shares.append(try p.dividing(by: c.max)) } }
        return shares
    }
    /// The smallest share any criterion got (`lowest_share`); nil without scored criteria.
    /// (A loop, not `shares().min()`: it runs for every entry of a run.)
    public func lowestShare() throws(ArithmeticFailure) -> Exact? {
        var lowest: Exact?
        for c in criteria {
            guard let p = c.points else { continue }
            let share = try p.dividing(by: c.max)
            if lowest.map({ share < $0 }) ?? true { lowest = share }
        }
        return lowest
    }
    /// How many criteria got their maximum (`criteria_at_max`).
    public var criteriaAtMax: Int { criteria.reduce(0) { $0 + ($1.points == $1.max ? 1 : 0) } }

    public func points(_ criterion: String) -> Exact? { criteria.first { $0.id == criterion }?.points }
}

public struct CriterionResult: Sendable, Hashable, Codable {
    public var id: String
    public var max: Exact
    /// Nil when the criterion could not be scored (too few jurors, an error).
    public var points: Exact?
    /// For jury criteria: the jurors whose scores counted, and those excluded.
    public var jurors: Int
}

public struct GroupResult: Sendable, Hashable, Codable {
    public var id: String
    public var points: Exact?
    public var capped: Bool
}

public struct RuleHit: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var points: Exact
}

public struct TargetResult: Sendable, Hashable, Codable {
    public var target: String
    public var weight: Exact
    public var actual: Exact
    public var attainment: Exact
    /// Points by the set's formula.
    public var computed: Exact
    public var selfScore: Exact
    public var verifiedScore: Exact?
    /// The points that count (by the set's `use:`).
    public var points: Exact
}

public struct EntryError: Sendable, Hashable, Codable, CustomStringConvertible {
    public var entry: String
    /// The criterion, target or rule whose expression failed.
    public var item: String
    public var message: String

    public var description: String { "\(entry), \(item): \(message)" }
}

/// One line of an entry's trace: a number, the rule that made it, and its inputs.
public struct TraceLine: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What the number is: a criterion id, a group, `bonus`, `total`, …
    public var item: String
    public var value: String
    public var rule: String
    public var inputs: [String]

    public init(_ item: String, _ value: String, _ rule: String, _ inputs: [String] = []) {
        self.item = item
        self.value = value
        self.rule = rule
        self.inputs = inputs
    }

    public var description: String {
        "\(item) = \(value): \(rule)" + (inputs.isEmpty ? "" : " [" + inputs.joined(separator: "; ") + "]")
    }
}

/// What a scoring run gives: one result per entry, in code order, and the identity of its inputs.
public struct ScoringResult: Sendable, Hashable, Codable {
    public var campaign: String
    public var criteriaSet: String
    public var criteriaSetVersion: String
    public var criteriaSetSHA256: String
    public var entries: [EntryResult]

    public init(campaign: String, criteriaSet: String, criteriaSetVersion: String, criteriaSetSHA256: String, entries: [EntryResult]) {
        self.campaign = campaign
        self.criteriaSet = criteriaSet
        self.criteriaSetVersion = criteriaSetVersion
        self.criteriaSetSHA256 = criteriaSetSHA256
        self.entries = entries
    }

    public var errors: [EntryError] { entries.flatMap(\.errors) }
}
