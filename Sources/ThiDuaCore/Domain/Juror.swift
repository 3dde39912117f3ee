import Foundation

/// A jury member (thành viên hội đồng), affiliated with a unit for conflicts of interest.
public struct Juror: Sendable, Hashable, Codable {
    public var code: String
    public var campaign: String
    public var name: String
    public var title: String
    /// The code of the unit the juror belongs to, if any.
    public var unit: String?

    public init(code: String, campaign: String, name: String, title: String, unit: String? = nil) {
        self.code = code
        self.campaign = campaign
        self.name = name
        self.title = title
        self.unit = unit
    }
}

/// A juror's duty to score one model.
public struct Assignment: Sendable, Hashable, Codable {
    public var juror: String
    public var entry: String

    public init(juror: String, entry: String) {
        self.juror = juror
        self.entry = entry
    }
}

/// One row of the score log: a juror's points for one criterion of one entry.
///
/// The log is append-only: a correction is a later row with a ``correctionReason``, and the
/// latest row per (juror, entry, criterion) counts.
public struct Score: Sendable, Hashable, Codable {
    public var juror: String
    public var entry: String
    public var criterion: String
    public var points: Exact
    public var comment: String?
    public var time: Moment
    public var correctionReason: String?

    public init(
        juror: String, entry: String, criterion: String, points: Exact, comment: String? = nil, time: Moment,
        correctionReason: String? = nil
    ) {
        self.juror = juror
        self.entry = entry
        self.criterion = criterion
        self.points = points
        self.comment = comment
        self.time = time
        self.correctionReason = correctionReason
    }
}
