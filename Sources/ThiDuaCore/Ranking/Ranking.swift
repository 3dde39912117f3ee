/// Ranks scored entries inside the groups the criteria set names (by bloc, field, kind).
///
/// Standard competition ranking (1, 2, 2, 4) on exact totals and then the set's tie-break
/// chain. Entries still equal on the whole chain share their rank (`ties: shared`) or are
/// ordered by a seeded draw (`ties: draw`); the same seed gives the same order. Vetoed,
/// incomplete and failed entries are listed apart, with their reasons, never ranked.
///
/// ```swift
/// let ranking = try Ranker.rank(result, set: set, models: models, seed: 2024)
/// ranking.groups.first?.ranked.first?.rank   // 1
/// ```
public struct Ranking: Sendable, Hashable {
    public var groups: [RankingGroup]
    /// The seed of the draws, when one was needed.
    public var seed: UInt64?
    /// The tie-break chain that was applied, as written in the set.
    public var tieBreak: [String]
}

public struct RankingGroup: Sendable, Hashable {
    /// The group's key values, in the set's `group_by` order (`["KHOI-XP"]`).
    public var key: [String]
    public var ranked: [RankedEntry]
    /// Entries that take no part in ranking, with why.
    public var apart: [ApartEntry]

    public var label: String { Self.label(key) }

    /// The label of the group with this key: its values joined, "tất cả" for the one group of all.
    public static func label(_ key: [String]) -> String { key.isEmpty ? "tất cả" : key.joined(separator: " · ") }
}

public struct ApartEntry: Sendable, Hashable {
    public var entry: String
    public var reason: String
}

public struct RankedEntry: Sendable, Hashable {
    public var entry: String
    public var unit: String
    public var total: Exact
    public var tier: String?
    /// 1, 2, 2, 4: entries equal on the whole chain share a rank unless drawn.
    public var rank: Int
    /// The tie-break key that separated this entry from the one above it, if total alone did not.
    public var decidedBy: String?
    /// Whether a seeded draw placed it among entries equal on the whole chain.
    public var drawn: Bool
}

/// A ranking that cannot be made as asked.
public enum RankingFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// `ties: draw` and entries equal on the whole chain, but no seed was given.
    case drawNeedsSeed(group: String, entries: [String])
    /// A tie-break value could not be computed exactly.
    case arithmetic(entry: String, key: String, failure: ArithmeticFailure)

    public var description: String {
        switch self {
        case .drawNeedsSeed(let group, let entries):
            "nhóm \(group): \(entries.joined(separator: ", ")) bằng nhau trên mọi tiêu chí phụ; bộ tiêu chí định bốc thăm (ties: draw) nên cần một hạt giống (--seed N)"
        case .arithmetic(let entry, let key, let failure):
            "\(entry): không tính được khóa xếp hạng \(key): \(EvaluationFailure(failure).description)"
        }
    }
}
