/// Checks a secretary runs before scoring: what the data says that a jury must know.
public enum Review {
    /// A report sent after the campaign's report deadline.
    public struct LateReport: Sendable, Hashable {
        public var pledge: String
        public var unit: String
        public var submittedOn: Day
        public var deadline: Day
        /// Days past the deadline.
        public var daysLate: Int

        public init(pledge: String, unit: String, submittedOn: Day, deadline: Day, daysLate: Int) {
            self.pledge = pledge
            self.unit = unit
            self.submittedOn = submittedOn
            self.deadline = deadline
            self.daysLate = daysLate
        }
    }

    /// A juror assigned to a model of the unit the juror belongs to.
    public struct Conflict: Sendable, Hashable {
        public var juror: String
        public var entry: String
        public var unit: String

        public init(juror: String, entry: String, unit: String) {
            self.juror = juror
            self.entry = entry
            self.unit = unit
        }
    }

    /// Each unit whose report (any of its rows) for a pledge came after `deadline`, once, with its latest date.
    public static func lateReports(_ pledges: [Pledge], deadline: Day?) -> [LateReport] {
        guard let deadline else { return [] }
        var result: [LateReport] = []
        for pledge in pledges {
            var latest: [String: Day] = [:]
            for report in pledge.reports where report.submittedOn > deadline {
                latest[report.unit] = max(latest[report.unit] ?? report.submittedOn, report.submittedOn)
            }
            for (unit, day) in latest.sorted(by: { $0.key < $1.key }) {
                result.append(LateReport(pledge: pledge.code, unit: unit, submittedOn: day, deadline: deadline,
                    daysLate: day.daysSinceEpoch - deadline.daysSinceEpoch))
            }
        }
        return result
    }

    /// Assignments where the juror's own unit owns the model, in juror then entry order.
    public static func conflicts(jurors: [Juror], models: [Model], assignments: [Assignment]) -> [Conflict] {
        let unitOfJuror = Dictionary(jurors.compactMap { j in j.unit.map { (j.code, $0) } }, uniquingKeysWith: { a, _ in a })
        let ownerOfModel = Dictionary(models.map { ($0.code, $0.unit) }, uniquingKeysWith: { a, _ in a })
        return assignments.compactMap { a in
            guard let unit = unitOfJuror[a.juror], ownerOfModel[a.entry] == unit else { return nil }
            return Conflict(juror: a.juror, entry: a.entry, unit: unit)
        }.sorted { ($0.juror, $0.entry) < ($1.juror, $1.entry) }
    }
}
