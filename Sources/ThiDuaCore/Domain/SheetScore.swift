/// One filled score cell of a juror's score sheet (ODS), with the cells it came from: what the
/// sheet reader (ThiDuaExport) gives and the store records (`Store.importSheetScores`).
public struct SheetScore: Sendable, Hashable {
    public var sheet: String
    public var juror: String
    public var entry: String
    public var criterion: String
    /// Canonical decimal text, as the store keeps points (`17.5`).
    public var points: String
    /// The row's comment (the "Nhận xét" column), if any.
    public var comment: String?
    /// The score cell's row and column in its sheet, from 1.
    public var row: Int
    public var column: Int
    /// The cells named in messages (`GK03!D7`): the score, the entry code, the criterion's header and the comment.
    public var pointsCell: String
    public var entryCell: String
    public var criterionCell: String
    public var commentCell: String?

    public init(
        sheet: String, juror: String, entry: String, criterion: String, points: String, comment: String?, row: Int, column: Int,
        pointsCell: String, entryCell: String, criterionCell: String, commentCell: String?
    ) {
        self.sheet = sheet
        self.juror = juror
        self.entry = entry
        self.criterion = criterion
        self.points = points
        self.comment = comment
        self.row = row
        self.column = column
        self.pointsCell = pointsCell
        self.entryCell = entryCell
        self.criterionCell = criterionCell
        self.commentCell = commentCell
    }
}

/// A problem found in a score sheet, at a cell (`column` 0: the sheet as a whole; `sheet`
/// empty: the file).
public struct SheetProblem: Sendable, Hashable, CustomStringConvertible {
    public var sheet: String
    public var row: Int
    public var column: Int
    /// `GK03!D7`, or `trang tính "Trang tính1"` for the sheet as a whole.
    public var place: String
    public var message: String

    public init(sheet: String, row: Int, column: Int, place: String, message: String) {
        self.sheet = sheet
        self.row = row
        self.column = column
        self.place = place
        self.message = message
    }

    public var description: String { "\(place): \(message)" }
}
