/// Who receives which award form, with the quota arithmetic that decided it.
///
/// ```swift
/// let list = try Awarding.decide(ranking, result: result, set: set, models: models, seed: 2024)
/// list.forms.first?.groups.first?.arithmetic   // ["15% của 27 = 4,05 → 4 (làm tròn xuống)"]
/// ```
public struct AwardList: Sendable, Hashable {
    public var forms: [AwardOutcome]
    /// The seed of the draws at quota boundaries, when one was needed.
    public var seed: UInt64?
}

public struct AwardOutcome: Sendable, Hashable {
    public var id: String
    public var title: String
    public var authority: String
    public var groups: [AwardGroupOutcome]
    /// With `cap_per_bloc` and several ranking groups: the order in which the groups used up
    /// each bloc's places (group labels); empty otherwise.
    public var capOrder: [String] = []
    /// Whether that order is the set's `cap_order` (false: the default, the ranking's order).
    public var capOrderStated: Bool = false

    public var count: Int { groups.reduce(0) { $0 + $1.awarded.count } }
}

public struct AwardGroupOutcome: Sendable, Hashable {
    /// The ranking group's label (`KHOI-XP`).
    public var group: String
    /// Entries eligible for this form here, after higher forms took theirs (with `exclusive`).
    public var eligible: Int
    /// How many places the limits allow; nil when nothing limits the form.
    public var places: Int?
    /// Each limit, as arithmetic a council can check: "15% của 27 = 4,05 → 4 (làm tròn xuống)".
    public var arithmetic: [String]
    public var awarded: [AwardedEntry]
    /// What happened at each boundary (a bloc's `cap_per_bloc`, the group's limit) where
    /// entries tied across it.
    public var boundaries: [String] = []
}

public struct AwardedEntry: Sendable, Hashable {
    public var entry: String
    public var unit: String
    public var rank: Int
    public var total: Exact
    public var tier: String?
    /// Placed by a seeded draw at the quota boundary.
    public var drawn: Bool
}

/// An award list that cannot be made as asked.
public enum AwardFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case drawNeedsSeed(form: String, group: String, entries: [String])
    case evaluation(EntryError)
    /// A quota's arithmetic failed (a number too large to compute exactly).
    case arithmetic(form: String, group: String, failure: ArithmeticFailure)

    public var description: String {
        switch self {
        case .drawNeedsSeed(let form, let group, let entries):
            "\(form), nhóm \(group): \(entries.joined(separator: ", ")) bằng hạng ở ranh giới chỉ tiêu; bộ tiêu chí định bốc thăm (at_boundary: draw) nên cần một hạt giống (--seed N)"
        case .evaluation(let error):
            "điều kiện khen thưởng: \(error.description)"
        case .arithmetic(let form, let group, let failure):
            "\(form), nhóm \(group): không tính được chỉ tiêu: \(EvaluationFailure(failure).description)"
        }
    }
}
