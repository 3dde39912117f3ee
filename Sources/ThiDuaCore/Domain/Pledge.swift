import Foundation

/// A pledge agreement (giao ước thi đua) signed by a leading body and member units.
public struct Pledge: Sendable, Hashable, Codable {
    public var code: String
    public var campaign: String
    public var title: String
    /// The unit code of the leading body.
    public var leader: String
    public var signedOn: Day
    /// Unit codes of the signing units.
    public var members: [String]
    public var targets: [Target]
    public var reports: [Report]

    public init(
        code: String, campaign: String, title: String, leader: String, signedOn: Day, members: [String],
        targets: [Target] = [], reports: [Report] = []
    ) {
        self.code = code
        self.campaign = campaign
        self.title = title
        self.leader = leader
        self.signedOn = signedOn
        self.members = members
        self.targets = targets
        self.reports = reports
    }
}

/// One pledged figure (chỉ tiêu).
public struct Target: Sendable, Hashable, Codable {
    /// Whether the actual value must reach the target or stay under it.
    public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
        case atLeast = "at_least"
        case atMost = "at_most"

        public var title: String {
            switch self {
            case .atLeast: "Tối thiểu"
            case .atMost: "Tối đa"
            }
        }
    }

    public var code: String
    public var text: String
    public var unitOfMeasure: String
    public var value: Exact
    public var direction: Direction
    /// The points the target is worth.
    public var weight: Exact

    public init(code: String, text: String, unitOfMeasure: String, value: Exact, direction: Direction, weight: Exact) {
        self.code = code
        self.text = text
        self.unitOfMeasure = unitOfMeasure
        self.value = value
        self.direction = direction
        self.weight = weight
    }
}

/// A unit's actual figure against one target (báo cáo kết quả), self-scored and then verified.
public struct Report: Sendable, Hashable, Codable {
    /// The reporting unit's code.
    public var unit: String
    /// The target's code.
    public var target: String
    public var actual: Exact
    /// Tự chấm.
    public var selfScore: Exact
    /// Khối trưởng chấm lại; nil until verified.
    public var verifiedScore: Exact?
    public var submittedOn: Day

    public init(unit: String, target: String, actual: Exact, selfScore: Exact, verifiedScore: Exact?, submittedOn: Day) {
        self.unit = unit
        self.target = target
        self.actual = actual
        self.selfScore = selfScore
        self.verifiedScore = verifiedScore
        self.submittedOn = submittedOn
    }
}
