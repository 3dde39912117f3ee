/// Which bloc each unit is in, in one year: the one map scoring, ranking, the jury's agreement
/// and the awards read a unit's bloc from.
public struct BlocIndex: Sendable {
    private let blocOf: [String: String]

    /// The blocs of `year` (a unit listed in two of them is in the last, by code).
    public init(_ blocs: [Bloc], year: Int) {
        var blocOf: [String: String] = [:]
        for bloc in blocs where bloc.year == year {
            for member in bloc.members { blocOf[member] = bloc.code }
        }
        self.blocOf = blocOf
    }

    /// The code of the unit's bloc, nil when it is in none.
    public subscript(unit: String) -> String? { blocOf[unit] }
}

extension ScoringInput {
    /// The blocs of the campaign's year.
    var blocIndex: BlocIndex { BlocIndex(blocs, year: campaign.year) }
}

extension GroupingKey {
    /// What "none" reads as in a group's key: a unit in no bloc, an entry that is no model.
    public static let none = "—"

    /// The key's value for an entry in `bloc` (nil: in none) that is `model` (nil: a unit's
    /// entry), as a group is titled: the bloc's code, the field's title, "Tập thể" or "Cá nhân".
    public func value(bloc: String?, model: Model?) -> String {
        switch self {
        case .bloc: bloc ?? Self.none
        case .field: model?.field.title ?? Self.none
        case .kind: model.map { $0.holder == .collective ? "Tập thể" : "Cá nhân" } ?? Self.none
        }
    }
}

extension Array where Element == GroupingKey {
    /// The group an entry falls in under these keys (`["KHOI-XP", "Tập thể"]`): ranking groups,
    /// the jury's agreement and z-score normalisation all group by this one key.
    public func key(bloc: String?, model: Model?) -> [String] {
        map { $0.value(bloc: bloc, model: model) }
    }
}
