/// A criteria set: what is scored and how, loaded from a YAML file in `Criteria/`.
///
/// Everything a result depends on is here: the criteria and their sources, how jurors' scores
/// are combined, bonus, penalty and veto rules, tiers, and (for later stages) ranking and
/// awards. ``sha256`` identifies the file's exact bytes and is stored with every result.
///
/// ```swift
/// let set = try CriteriaSet.load(bytes: Array(yaml.utf8), file: "Criteria/dan-van-kheo-mo-hinh.yaml")
/// set.criteria.map(\.id)   // ["A1", "A2", …]
/// ```
public struct CriteriaSet: Sendable {
    public enum Subject: String, Sendable, Hashable, CaseIterable {
        /// "Dân vận khéo" models, scored by a jury and by formulas over their metrics and facts.
        case model
        /// A unit's reports against a pledge's targets.
        case pledge
        /// A unit, from its results in the same year's pledge and models campaigns.
        case unit
    }

    /// For `applies_to: unit`: which campaigns' results a unit's score reads, by their criteria
    /// sets' ids (the campaigns of the same year that use them).
    public struct UnitSources: Sendable, Hashable {
        public var pledge: String?
        public var models: String?
    }

    /// Where rounding may happen (the set lists them in `round:`).
    public enum RoundingStage: String, Sendable, Hashable, CaseIterable {
        /// Each jury criterion's combined score, before it is capped at the criterion's max.
        case aggregate
        /// Each criterion's points (every source), after capping.
        case criterion
        /// The total.
        case total
    }

    public var id: String
    public var version: String
    public var title: String
    public var subject: Subject
    /// Places kept where the set rounds (half away from zero).
    public var decimals: Int
    public var rounding: Set<RoundingStage>
    public var jury: JuryRules?
    public var groups: [CriterionGroup]
    public var targets: TargetRules?
    public var unitSources: UnitSources?
    public var bonus: [Adjustment]
    public var bonusCap: Exact?
    public var penalty: [Adjustment]
    public var penaltyCap: Exact?
    public var veto: [Veto]
    public var tiers: [Tier]
    public var ranking: RankingRules?
    public var awards: [AwardForm]
    /// "Một thành tích, một hình thức": an entry receives only the highest form it qualifies for.
    public var exclusive: Bool
    /// Lower-case hex SHA-256 of the file's bytes.
    public var sha256: String
    /// The file name it was loaded from, for messages.
    public var file: String

    /// Every criterion, group by group, in file order (kept, not recomputed: the engine reads it often).
    public internal(set) var criteria: [Criterion] = []
    /// ``evaluationOrder`` as positions in ``criteria``.
    var evaluationPositions: [Int] = []

    /// Formula and check criteria in an order where each comes after those it reads.
    public var evaluationOrder: [String]
}

public struct CriterionGroup: Sendable {
    public var id: String
    public var title: String
    /// The most points the group can give, whatever its criteria add up to.
    public var cap: Exact?
    public var criteria: [Criterion]
}

public struct Criterion: Sendable {
    public enum Source: Sendable {
        /// Jurors give 0…max in steps of `step`.
        case jury(step: Exact)
        /// Points computed from the entry's data.
        case formula(CheckedExpression)
        /// `points` (default: max) when the condition holds, else 0.
        case check(when: CheckedExpression, points: CheckedExpression?)
    }

    public var id: String
    public var title: String
    public var max: Exact
    public var source: Source
    /// Used instead of failing when a formula reads a missing metric or divides by zero.
    public var fallback: Exact?

    public var isJury: Bool {
        if case .jury = source { return true }
        return false
    }
}

public struct JuryRules: Sendable {
    public enum Aggregate: Sendable, Hashable {
        case mean
        case median
        /// Drop the `trim` highest and `trim` lowest scores, then take the mean.
        case trimmedMean(trim: Int)
    }

    public enum Normalization: String, Sendable, Hashable {
        case none
        case zscore
    }

    /// Which jurors' scores are excluded for an entry.
    public enum Conflicts: String, Sendable, Hashable {
        /// A juror affiliated with the entry's own unit.
        case unit
        /// Also a juror affiliated with a unit above or below it in the unit tree.
        case unitTree = "unit_tree"
    }

    public var aggregate: Aggregate
    public var minJurors: Int
    public var normalize: Normalization
    /// The entry attributes that form the groups within which z-scores are taken.
    public var normalizeBy: [GroupingKey]
    public var conflicts: Conflicts
}

public enum GroupingKey: String, Sendable, Hashable, CaseIterable {
    case bloc, field, kind
}

public struct TargetRules: Sendable {
    public enum Use: String, Sendable, Hashable {
        /// The set's `points` formula decides; self and verified scores are compared with it.
        case formula
        /// The verified score decides (the self score when none was verified), capped at the weight.
        case verified
    }

    public var attainment: CheckedExpression
    public var points: CheckedExpression
    public var use: Use
    public var fallback: Exact?
}

/// A bonus or penalty rule.
public struct Adjustment: Sendable {
    public var id: String
    public var title: String
    public var when: CheckedExpression?
    public var points: CheckedExpression
    public var cap: Exact?
    public var fallback: Exact?
}

public struct Veto: Sendable {
    public var id: String
    public var title: String
    public var when: CheckedExpression
}

public struct Tier: Sendable {
    public var id: String
    public var title: String
    /// The least total; nil only for the last tier, which takes every entry left.
    public var min: Exact?
    public var require: CheckedExpression?
}

public struct RankingRules: Sendable {
    public enum Ties: String, Sendable, Hashable {
        case shared, draw
    }

    public struct TieBreak: Sendable, Hashable {
        public var key: TieBreakKey
        public var descending: Bool
    }

    public var groupBy: [GroupingKey]
    public var tieBreak: [TieBreak]
    public var ties: Ties

    /// The keys a tie-break may name (besides `score.ID`).
    public static let keys = TieBreakKey.named.map(\.description)
}

/// What a tie-break compares, parsed from the set's `tie_break` when it loads.
public enum TieBreakKey: Sendable, Hashable, CustomStringConvertible {
    case total, base, bonus, penalty, criteriaAtMax, criteriaUnderHalf, lowestShare, verifiedPledge, registeredOn
    /// `score.ID`: the points of one criterion of the set.
    case score(criterion: String)

    /// The keys with a name of their own, in the order the manual lists them.
    public static let named: [TieBreakKey] = [.total, .base, .bonus, .penalty, .criteriaAtMax, .criteriaUnderHalf,
        .lowestShare, .verifiedPledge, .registeredOn]

    /// The key as the set writes it (`criteria_at_max`, `score.C1`).
    public var description: String {
        switch self {
        case .total: "total"
        case .base: "base"
        case .bonus: "bonus"
        case .penalty: "penalty"
        case .criteriaAtMax: "criteria_at_max"
        case .criteriaUnderHalf: "criteria_under_half"
        case .lowestShare: "lowest_share"
        case .verifiedPledge: "verified_pledge"
        case .registeredOn: "registered_on"
        case .score(let criterion): "score." + criterion
        }
    }

    /// The key a set's text names, if the set has it: `score.ID` only for one of `criteria`.
    init?(_ text: String, criteria: Set<String>) {
        if let named = Self.named.first(where: { $0.description == text }) {
            self = named
        } else if text.hasPrefix("score."), criteria.contains(String(text.dropFirst(6))) {
            self = .score(criterion: String(text.dropFirst(6)))
        } else {
            return nil
        }
    }
}

public struct AwardForm: Sendable {
    public enum Quota: Sendable, Hashable {
        case count(Int)
        /// A percentage, exact (`15%` is 15).
        case percent(Exact)
    }

    public enum QuotaBase: String, Sendable, Hashable {
        case eligible, all
    }

    public enum Rounding: String, Sendable, Hashable {
        case down, nearest, up
    }

    public enum Boundary: String, Sendable, Hashable {
        case all, none, draw
    }

    public var id: String
    public var title: String
    public var authority: String
    public var precedence: Int
    public var eligible: CheckedExpression
    public var perGroup: Int?
    public var quota: Quota?
    public var quotaOf: QuotaBase
    public var rounding: Rounding
    public var capPerBloc: Int?
    public var atBoundary: Boundary
    /// With `cap_per_bloc`: ranking groups (by label or a key value, `Tập thể`) in the order
    /// they use up a bloc's places; groups not named follow in the ranking's order.
    public var capOrder: [String] = []
}

extension CriteriaSet {
    /// The most points the criteria can give: each group's criteria, capped by the group's cap.
    public func maximum() throws(ArithmeticFailure) -> Exact {
        var total = Exact.zero
        for group in groups {
            var sum = Exact.zero
            for c in group.criteria { sum = try sum.adding(c.max) }
            let capped = group.cap.map { $0 < sum ? $0 : sum } ?? sum
            total = try total.adding(capped)
        }
        return total
    }
}
