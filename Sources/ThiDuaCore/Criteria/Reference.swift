/// What a name in an expression stands for, once checked.
public enum Reference: Sendable, Hashable, CustomStringConvertible {
    /// `metrics.NAME`: a number the entry reports.
    case metric(String)
    /// `facts.NAME` read as yes/no: a fact the set declares `bool`, or any fact when it declares
    /// none (or as the scope's other declared type).
    case fact(String)
    /// `facts.NAME` read as written: a fact the set declares `text`.
    case textFact(String)
    /// `score.ID`: a criterion's points.
    case score(String)
    /// `subtotal.ID`: a group's points.
    case subtotal(String)
    /// For unit sets: `models.count` (the unit's ranked models), `models.best` (their best
    /// total), or `models.TIER` (how many of them reached that tier).
    case models(String)
    case variable(Variable)

    public var description: String {
        switch self {
        case .metric(let n): "metrics.\(n)"
        case .fact(let n), .textFact(let n): "facts.\(n)"
        case .score(let n): "score.\(n)"
        case .subtotal(let n): "subtotal.\(n)"
        case .models(let n): "models.\(n)"
        case .variable(let v): v.rawValue
        }
    }
}

/// The plain names of the language. Which ones an expression may use depends on where it is
/// (a ``Scope``): `target` only in a pledge's target rule, `total` only after the total exists.
public enum Variable: String, Sendable, Hashable, CaseIterable {
    /// The criterion's own maximum.
    case max
    /// Pledge targets: the target value, the reported actual value, the target's weight,
    /// `"at_least"` or `"at_most"`, and the attainment the set computes.
    case target, actual, weight, direction, attainment
    /// The report's self score and verified score. A report not yet verified has no verified
    /// score: reading it is an error unless guarded with `has(verified_score)`.
    case selfScore = "self_score"
    case verifiedScore = "verified_score"
    /// After the criteria: the sum of the groups, bonus and penalty points, the total.
    case base, bonus, penalty, total
    /// After the tiers: the id of the entry's tier (`"xuat_sac"`), or `""` when it has none.
    case tier
    /// For awards: the tier the same unit reached in the previous year's campaign with the same
    /// criteria set (its best entry), or `""` when there is none on record.
    case previousTier = "previous_tier"
    /// For unit sets: the unit's total and tier id in the pledge campaign (missing when none).
    case pledgeTotal = "pledge.total"
    case pledgeTier = "pledge.tier"
    /// The smallest share of its maximum that any criterion got (0…1), and how many criteria got their maximum.
    case lowestShare = "lowest_share"
    case criteriaAtMax = "criteria_at_max"
    /// The entry: `"collective"`/`"individual"`, its field, its registration date.
    case entryKind = "entry.kind"
    case entryField = "entry.field"
    case entryRegisteredOn = "entry.registered_on"
    case entryUnit = "entry.unit"
    /// The report's submission date (for a pledge: the latest of the unit's reports) and the
    /// days after the campaign's report deadline (0 when on time or when there is no deadline).
    case reportSubmittedOn = "report.submitted_on"
    case reportDaysLate = "report.days_late"
    case campaignRegistrationDeadline = "campaign.registration_deadline"
    case campaignReportDeadline = "campaign.report_deadline"
    case campaignScoringDeadline = "campaign.scoring_deadline"

    public var type: ValueType {
        switch self {
        case .direction, .entryKind, .entryField, .entryUnit, .tier, .previousTier, .pledgeTier: .text
        case .entryRegisteredOn, .reportSubmittedOn, .campaignRegistrationDeadline, .campaignReportDeadline,
            .campaignScoringDeadline:
            .date
        default: .number
        }
    }
}

/// The type of a value in the language.
public indirect enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case number, bool, text, date
    case list(ValueType)
    /// The element type of an empty list, or the type of a mistaken sub-expression (so that
    /// one mistake is reported once).
    case unknown

    public var description: String {
        switch self {
        case .number: "số"
        case .bool: "đúng/sai"
        case .text: "chuỗi"
        case .date: "ngày"
        case .list(let e): e == .unknown ? "danh sách" : "danh sách \(e)"
        case .unknown: "không rõ"
        }
    }

    func matches(_ other: ValueType) -> Bool {
        switch (self, other) {
        case (.unknown, _), (_, .unknown): true
        case (.list(let a), .list(let b)): a.matches(b)
        default: self == other
        }
    }
}

/// What an expression may read where it stands.
public struct Scope: Sendable {
    public var variables: Set<Variable>
    /// Whether `metrics.*` and `facts.*` may be read.
    public var entryData: Bool
    /// When the set declares its metrics, only those; nil means any name.
    public var declaredMetrics: Set<String>?
    /// Declared fact types; an undeclared fact is a yes/no unless `declaredFacts` is closed.
    public var factTypes: [String: ValueType]
    public var factsClosed: Bool
    /// Criteria whose `score.ID` may be read, and groups whose `subtotal.ID` may be read.
    public var criteria: Set<String>
    public var groups: Set<String>
    /// Every criterion id of the set, to tell "unknown" from "not readable here".
    public var allCriteria: Set<String>

    public init(
        variables: Set<Variable> = [], entryData: Bool = true, declaredMetrics: Set<String>? = nil,
        factTypes: [String: ValueType] = [:], factsClosed: Bool = false, criteria: Set<String> = [],
        groups: Set<String> = [], allCriteria: Set<String> = []
    ) {
        self.variables = variables
        self.entryData = entryData
        self.declaredMetrics = declaredMetrics
        self.factTypes = factTypes
        self.factsClosed = factsClosed
        self.criteria = criteria
        self.groups = groups
        self.allCriteria = allCriteria
    }
}
