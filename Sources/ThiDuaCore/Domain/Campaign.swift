/// One year's competition (phong trào / đợt thi đua) with its criteria set, deadlines and state.
public struct Campaign: Sendable, Hashable, Codable {
    /// The life of a campaign: open → scoring → frozen, never backwards.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case open
        case scoring
        case frozen

        public var title: String {
            switch self {
            case .open: "Đang mở"
            case .scoring: "Đang chấm"
            case .frozen: "Đã khóa"
            }
        }

        public static func < (lhs: State, rhs: State) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public var code: String
    public var year: Int
    public var title: String
    /// The id of the criteria set in `Criteria/` that scores this campaign.
    public var criteriaSet: String
    public var registrationDeadline: Day?
    public var reportDeadline: Day?
    public var scoringDeadline: Day?
    public var state: State
    /// The campaign's time zone: score times written without an offset are read at it.
    public var utcOffset: UTCOffset

    public init(
        code: String, year: Int, title: String, criteriaSet: String,
        registrationDeadline: Day? = nil, reportDeadline: Day? = nil, scoringDeadline: Day? = nil,
        state: State, utcOffset: UTCOffset = .vietnam
    ) {
        self.code = code
        self.year = year
        self.title = title
        self.criteriaSet = criteriaSet
        self.registrationDeadline = registrationDeadline
        self.reportDeadline = reportDeadline
        self.scoringDeadline = scoringDeadline
        self.state = state
        self.utcOffset = utcOffset
    }
}
