import Foundation
import GRDB
import ThiDuaCore

/// Scores read from a spreadsheet (jurors' score sheets, `thidua import scores FILE.ods`), each
/// with the cells it came from, ready for ``Store/importSheetScores(_:)``.
///
/// The reading side (ThiDuaExport's `ScoreSheetImport`) has already checked what only the sheet
/// knows: its header, numbers within 0…max and on the step, entries known and assigned. Its
/// problems come in ``problems`` so that one failure lists them with the store's own.
public struct SheetScores: Sendable {
    public typealias Score = SheetScore
    public typealias Problem = SheetProblem

    /// The file's name in messages.
    public var file: String
    /// The sheets in file order (messages are sorted by sheet, row, column).
    public var sheets: [String]
    public var campaign: String
    /// What the campaign code was read from, named in messages about it ("tiêu đề tài liệu").
    public var campaignPlace: String
    /// The time every score of the file is logged at.
    public var scoredAt: Moment
    /// What the time was taken from, named in messages about it.
    public var scoredAtPlace: String
    /// Stored with each score that changes one already recorded (the log needs a reason for a correction).
    public var correctionReason: String?
    /// Said when a correction has no reason: how to give one.
    public var correctionHint: String
    public var scores: [Score]
    public var problems: [Problem]

    public init(
        file: String, sheets: [String], campaign: String, campaignPlace: String, scoredAt: Moment, scoredAtPlace: String,
        correctionReason: String?, correctionHint: String, scores: [Score], problems: [Problem]
    ) {
        self.file = file
        self.sheets = sheets
        self.campaign = campaign
        self.campaignPlace = campaignPlace
        self.scoredAt = scoredAt
        self.scoredAtPlace = scoredAtPlace
        self.correctionReason = correctionReason
        self.correctionHint = correctionHint
        self.scores = scores
        self.problems = problems
    }
}

extension Store {
    /// Appends the scores of a sheet to the log by the rules of the CSV scores import (the same
    /// importer checks each row: campaign open to scoring, juror and entry of the campaign,
    /// entry assigned to the juror, log in time order, a correction only with a reason), as one
    /// transaction: either every score is stored, or none is and an ``ImportFailure`` lists every
    /// problem, the reading side's and the store's, each named by its cell.
    ///
    /// A sheet is a juror's scores as they stand, so a score equal (points and comment) to the
    /// one currently in effect for that juror, entry and criterion is counted unchanged and not
    /// logged again; importing the same sheet twice stores nothing the second time. A score that
    /// differs is a correction and is logged with ``SheetScores/correctionReason``.
    public func importSheetScores(_ input: SheetScores) throws -> ImportSummary {
        try writer.write { db in
            // The scores in effect now, to tell unchanged cells from new ones and corrections.
            var current: [String: (points: String, comment: String?)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT j.code, m.code, s.criterion, s.points, s.comment FROM current_scores s
                JOIN jurors j ON j.id = s.juror_id JOIN models m ON m.id = s.model_id JOIN campaigns c ON c.id = j.campaign_id
                WHERE c.code = ?
                """, arguments: [input.campaign])
            {
                current[Self.key(row[0], row[1], row[2])] = (row[3], row[4])
            }
            var fed: [SheetScores.Score] = []
            var unchanged = 0
            var csv = Array("campaign,juror,entry,criterion,points,comment,scored_at,correction_reason\n".utf8)
            for score in input.scores {
                let comment = score.comment?.trimmingCharacters(in: .whitespacesAndNewlines)
                let before = current[Self.key(score.juror, score.entry, score.criterion)]
                if let before, Exact(before.points) == Exact(score.points), (before.comment ?? "") == (comment ?? "") {
                    unchanged += 1
                    continue
                }
                fed.append(score)
                let fields = [input.campaign, score.juror, score.entry, score.criterion, score.points, comment ?? "",
                    input.scoredAt.description, before == nil ? "" : input.correctionReason ?? ""]
                csv.append(contentsOf: fields.map(Self.quoted).joined(separator: ",").utf8)
                csv.append(0x0A)
            }

            var issues: [(key: IssueKey, issue: ImportIssue)] = []
            let order = Dictionary(input.sheets.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            func key(_ sheet: String, _ row: Int, _ column: Int) -> IssueKey {
                IssueKey(sheet: sheet.isEmpty ? -1 : order[sheet] ?? input.sheets.count, row: row, column: column)
            }
            for problem in input.problems {
                issues.append((key(problem.sheet, problem.row, problem.column),
                    ImportIssue(file: input.file, place: problem.place, row: problem.row, column: problem.column, message: problem.message)))
            }

            var summary = ImportSummary(kind: .scores, file: input.file)
            if !fed.isEmpty {
                let file = try CSVFile(name: input.file, bytes: csv)
                var cursor = CSVCursor(file)
                var header: [CSVField] = []
                _ = try cursor.next(into: &header)
                var context = ImportContext(cursor: cursor, columnNames: ScoresImporter.columns.map(\.name))
                context.namesColumns = false
                do {
                    summary = try Self.run(ScoresImporter.self, kind: .scores, context: context, db: db, progress: nil)
                } catch let failure as ImportFailure {
                    var seen: Set<String> = []
                    for issue in failure.issues {
                        let (k, mapped) = Self.locate(issue, in: fed, input: input, current: current, key: key)
                        if seen.insert(mapped.description).inserted { issues.append((k, mapped)) }
                    }
                }
            }
            if !issues.isEmpty {
                let sorted = issues.enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }.map(\.element.issue)
                throw ImportFailure(file: input.file, issues: Array(sorted.prefix(ImportFailure.keptIssues)), total: sorted.count)
            }
            summary.file = input.file
            summary.rows = input.scores.count
            summary.unchanged += unchanged
            return summary
        }
    }

    struct IssueKey: Comparable {
        var sheet: Int
        var row: Int
        var column: Int

        static func < (a: IssueKey, b: IssueKey) -> Bool { (a.sheet, a.row, a.column) < (b.sheet, b.row, b.column) }
    }

    private static func key(_ juror: String, _ entry: String, _ criterion: String) -> String {
        juror + "\u{1F}" + entry + "\u{1F}" + criterion
    }

    private static func quoted(_ field: String) -> String {
        "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// An issue of the generated CSV named by the cell its value came from. Row 2 of the CSV is
    /// the first score fed; its columns are those of ``ScoresImporter``.
    private static func locate(
        _ issue: ImportIssue, in fed: [SheetScores.Score], input: SheetScores, current: [String: (points: String, comment: String?)],
        key: (String, Int, Int) -> IssueKey
    ) -> (IssueKey, ImportIssue) {
        let index = issue.row - 2
        guard fed.indices.contains(index) else {
            return (key("", 0, 0), ImportIssue(file: input.file, row: 0, column: 0, expected: issue.expected, found: issue.found, place: "tệp"))
        }
        let score = fed[index]
        let place: String
        var k = key(score.sheet, score.row, score.column)
        switch issue.column {
        case 1:
            place = input.campaignPlace
            k = key("", 0, 0)
        case 2:
            place = "trang tính \"\(score.sheet)\""
            k = key(score.sheet, 0, 0)
        case 3:
            place = score.entryCell
            k = key(score.sheet, score.row, 1)
        case 4:
            place = score.criterionCell
        case 6:
            place = score.commentCell ?? score.pointsCell
        case 7:
            place = "\(score.pointsCell) (thời điểm chấm lấy từ \(input.scoredAtPlace))"
        case 8:
            let before = current[Self.key(score.juror, score.entry, score.criterion)]?.points ?? "?"
            let message = "điểm \(Exact(score.points)?.vietnamese ?? score.points) khác điểm \(Exact(before)?.vietnamese ?? before) "
                + "thành viên \(score.juror) đã chấm cho mô hình \(score.entry), tiêu chí \(score.criterion); sửa điểm cần có lý do: \(input.correctionHint)"
            return (k, ImportIssue(file: input.file, place: score.pointsCell, row: score.row, column: score.column, message: message))
        default:
            place = score.pointsCell
        }
        return (k, ImportIssue(file: input.file, row: score.row, column: score.column, expected: issue.expected, found: issue.found, place: place))
    }
}
