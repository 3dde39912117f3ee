/// One generated campaign, as plain data: what the generator makes, what the shrinker cuts,
/// what the reference reads, and what becomes the criteria set's YAML and the CSV files.
struct DiffCampaign: Hashable, Sendable {
    var set: SetSpec
    var units: [UnitSpec]
    var blocs: [BlocSpec]
    var models: [ModelSpec]
    var jurors: [JurorSpec]
    var scores: [ScoreSpec]

    static let code = "DIFF-2024"
    static let year = 2024
}

struct UnitSpec: Hashable, Sendable {
    var code: String
    var parent: String?
}

struct BlocSpec: Hashable, Sendable {
    var code: String
    var members: [String]
}

struct ModelSpec: Hashable, Sendable {
    var code: String
    var unit: String
    var individual: Bool
    /// The raw `field` code: `economy`, `culture_society`, `defence_security`, `political_system`.
    var field: String
    /// Day of March 2024 the model was registered on.
    var registeredDay: Int
    var metrics: [String: RefQ]
    /// Facts as written in `models.csv`: `true`, `không`, `x`, `Thị xã`…
    var facts: [String: String]
}

struct JurorSpec: Hashable, Sendable {
    var code: String
    var unit: String?
}

struct ScoreSpec: Hashable, Sendable {
    var juror: String
    var entry: String
    var criterion: String
    var points: RefQ
    /// Minutes after 2024-12-10 08:00; a later row for the same (juror, entry, criterion) is a correction.
    var minute: Int
    var correction: Bool
}

struct SetSpec: Hashable, Sendable {
    var decimals: Int?
    /// nil: the key is left out (the default, `[criterion]`).
    var round: [String]?
    var metrics: [String]
    var facts: [String]
    /// Facts declared `text` (the others are declared `bool`), when `inputs` is written.
    var textFacts: [String] = []
    /// Whether `inputs` is written; without it any metric or fact may be read (facts as yes/no).
    var declaresInputs = true
    var jury: JurySpec
    var groups: [GroupSpec]
    var bonus: [RuleSpec]
    var bonusCap: RefQ?
    var penalty: [RuleSpec]
    var penaltyCap: RefQ?
    var veto: [VetoSpec]
    var tiers: [TierSpec]
    var ranking: RankingSpec?
    var awards: [AwardSpec]
    var exclusive: Bool?

    var criteria: [CriterionSpec] { groups.flatMap(\.criteria) }
    var places: Int { decimals ?? 2 }
    var rounding: Set<String> { Set(round ?? ["criterion"]) }
}

struct JurySpec: Hashable, Sendable {
    /// `mean`, `median`, `trimmed_mean`.
    var aggregate: String
    var trim: Int?
    var minJurors: Int?
    /// `unit`, `unit_tree`, or nil (left out: `unit`).
    var conflicts: String?
    /// `normalize: zscore` when true.
    var zscore = false
    /// `normalize_by` (nil: left out, `[bloc]`).
    var normalizeBy: [String]?
}

struct GroupSpec: Hashable, Sendable {
    var id: String
    var cap: RefQ?
    var criteria: [CriterionSpec]
}

struct CriterionSpec: Hashable, Sendable {
    enum Source: Hashable, Sendable {
        case jury(step: RefQ?)
        case formula(RefExpr)
        case check(when: RefExpr, points: RefExpr?)
    }
    var id: String
    var max: RefQ
    var source: Source
    var fallback: RefQ?

    var isJury: Bool { if case .jury = source { true } else { false } }
    var step: RefQ { if case .jury(let s) = source { s ?? RefQ(1, 2) } else { RefQ(1, 2) } }
    var reads: Set<String> {
        switch source {
        case .jury: []
        case .formula(let e): e.criteriaRead
        case .check(let w, let p): w.criteriaRead.union(p?.criteriaRead ?? [])
        }
    }
}

struct RuleSpec: Hashable, Sendable {
    var id: String
    var when: RefExpr?
    var points: RefExpr
    var cap: RefQ?
    var fallback: RefQ?
}

struct VetoSpec: Hashable, Sendable {
    var id: String
    var when: RefExpr
}

struct TierSpec: Hashable, Sendable {
    var id: String
    var min: RefQ?
    var require: RefExpr?
}

struct RankingSpec: Hashable, Sendable {
    /// Subset of `bloc`, `field`, `kind`.
    var groupBy: [String]?
    var tieBreak: [TieBreakSpec]
}

struct TieBreakSpec: Hashable, Sendable {
    /// `total`, `base`, `bonus`, `penalty`, `criteria_at_max`, `criteria_under_half`, `lowest_share`, `registered_on`, `score.ID`.
    var key: String
    var descending: Bool
    var text: String { "\(key) \(descending ? "desc" : "asc")" }
}

struct AwardSpec: Hashable, Sendable {
    enum Quota: Hashable, Sendable {
        case count(Int)
        case percent(RefQ)
    }
    var id: String
    var precedence: Int?
    var eligible: RefExpr
    var perGroup: Int?
    var quota: Quota?
    /// `eligible` or `all`.
    var quotaOf: String?
    /// `down`, `nearest`, `up`.
    var rounding: String?
    var capPerBloc: Int?
    /// `all` or `none`.
    var atBoundary: String?
    /// `cap_order`: group key values (labels of one-key groups), the order in which groups use up a bloc's places.
    var capOrder: [String]?
}
