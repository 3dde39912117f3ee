import Foundation
import ThiDuaCore
import ThiDuaODF

/// Reads filled score sheets (as ``ScoreSheetODS`` writes them) back into scores.
///
/// Each sheet holding something is one juror's, named by the juror's code. Its title lines (rows
/// with nothing but in column A) are passed over; the first other row must be the header
/// ``ScoreSheetODS/headers(_:)`` gives for the campaign's criteria set (or, from sheets written
/// before the criteria's titles were shown, ``ScoreSheetODS/shortHeader(_:)``'s); then each
/// row is an entry: its code in column A, a score per jury criterion, a comment in the last
/// column, down to the footer (column A beginning ``ScoreSheetODS/footerLead``), where the
/// date and the signature are and nothing more is read. An empty score cell means "not
/// scored" and is skipped. Every problem is kept, named
/// by its cell (`GK03!D7`): a score that is not a number, outside 0…max or off the step; an
/// entry that is unknown, of the juror's own unit, not assigned to them, or listed twice; a
/// header that does not match the set; anything written outside the sheet's columns.
///
/// ```swift
/// var reading = ScoreSheetImport(set: set, campaign: campaign, jurors: jurors, models: models, assignments: assignments)
/// try document.read { reading.consume($0) }
/// reading.scores   // [Score(juror: "GK03", entry: "MH-01", criterion: "A1", points: "17.5", …)]
/// reading.issues   // ["GK03!D7: điểm 23 lớn hơn điểm tối đa 20 của tiêu chí A1"]
/// ```
public struct ScoreSheetImport {
    public typealias Score = SheetScore
    public typealias Issue = SheetProblem

    public private(set) var scores: [Score] = []
    public private(set) var issues: [Issue] = []
    /// The names of the sheets that hold something, in order.
    public private(set) var sheets: [String] = []

    private let set: CriteriaSet
    private let campaign: Campaign
    private let jurors: [String: Juror]
    private let models: [String: Model]
    private let assignments: Set<Assignment>
    private let expectedHeaders: [String]
    /// The same, with the criteria as sheets written before their titles were shown.
    private let shortHeaders: [String]
    private let criteria: [Criterion]

    // The sheet being read.
    private var sheet = ""
    private var juror: Juror?
    private var sawRow = false
    private var headerRow: Int?
    private var headerIsGood = false
    private var inFooter = false
    private var entryRows: [String: Int] = [:]

    public init(set: CriteriaSet, campaign: Campaign, jurors: [Juror], models: [Model], assignments: [Assignment]) {
        self.set = set
        self.campaign = campaign
        self.jurors = Dictionary(jurors.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        self.models = Dictionary(models.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        self.assignments = Set(assignments)
        criteria = set.criteria.filter(\.isJury)
        expectedHeaders = ScoreSheetODS.headers(set)
        shortHeaders = Array(expectedHeaders.prefix(3)) + criteria.map(ScoreSheetODS.shortHeader) + [expectedHeaders.last!]
    }

    /// Columns: the entry's code, name and unit, the criteria, the comment.
    private var commentColumn: Int { 3 + criteria.count + 1 }

    public mutating func consume(_ event: ODSEvent) {
        switch event {
        case .sheetStart(let name):
            sheet = name
            juror = jurors[name]
            sawRow = false
            headerRow = nil
            headerIsGood = false
            inFooter = false
            entryRows = [:]
        case .row(let row):
            if !sawRow {
                sawRow = true
                sheets.append(sheet)
                if juror == nil { unknownJuror() }
            }
            if headerRow == nil {
                if isTitle(row) { return }
                headerRow = row.number
                checkHeader(row)
            } else if headerIsGood && !inFooter {
                if row[1]?.text.hasPrefix(ScoreSheetODS.footerLead) == true {
                    inFooter = true
                } else {
                    readEntry(row)
                }
            }
        case .sheetEnd:
            if sawRow, headerRow == nil {
                fail(0, 0, "cần dòng tiêu đề của phiếu chấm (\(expectedHeaders.map { "\"\($0)\"" }.joined(separator: ", "))), "
                    + "nhưng trang tính chỉ có các dòng ghi ở cột A")
            }
        }
    }

    /// Adds the problems only the whole file shows: no score sheet at all, or no score in it.
    public mutating func finish() {
        if sheets.isEmpty {
            issues.append(Issue(sheet: "", row: 0, column: 0, place: "tệp",
                message: "cần ít nhất một trang tính phiếu chấm, nhưng mọi trang tính đều trống"))
        } else if scores.isEmpty, issues.isEmpty {
            issues.append(Issue(sheet: sheets[0], row: 0, column: 0, place: "trang tính \"\(sheets.joined(separator: "\", \""))\"",
                message: "cần ít nhất một điểm, nhưng mọi ô điểm đều trống (phiếu chưa chấm?)"))
        }
    }

    private mutating func fail(_ row: Int, _ column: Int, _ message: String) {
        let place = column == 0 ? "trang tính \"\(sheet)\"" : "\(sheet)!\(ODSCell.columnName(column))\(row)"
        issues.append(Issue(sheet: sheet, row: row, column: column, place: place, message: message))
    }

    private mutating func unknownJuror() {
        let codes = jurors.keys.sorted()
        let list = codes.prefix(10).joined(separator: ", ") + (codes.count > 10 ? ", …" : "")
        fail(0, 0, "tên trang tính phải là mã một thành viên hội đồng của phong trào \(campaign.code)"
            + (codes.isEmpty ? " (phong trào chưa có thành viên hội đồng nào)" : " (\(list))") + ", nhưng là \(shown(sheet))")
    }

    // MARK: Header

    /// A title line above the header: something in column A only, and not the header's first cell.
    private func isTitle(_ row: ODSRow) -> Bool {
        guard let first = row[1], !first.isEmpty, !Self.sameHeader(first.text.trimmingCharacters(in: .whitespacesAndNewlines), expectedHeaders[0])
        else { return false }
        return row.cells.dropFirst().allSatisfy(\.isEmpty)
    }

    private mutating func checkHeader(_ row: ODSRow) {
        let before = issues.count
        var mismatched = 0
        let byId = Dictionary(criteria.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (i, expected) in expectedHeaders.enumerated() {
            let column = i + 1
            let found = row[column].map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            if Self.sameHeader(found, expected) || Self.sameHeader(found, shortHeaders[i]) { continue }
            mismatched += 1
            // The same criterion with another range: a sheet made from an older version of the set.
            let id = found.prefix { $0 != "." && $0 != " " && $0 != "(" }
            let range = found.range(of: "(", options: .backwards).map { String(found[$0.lowerBound...]) } ?? ""
            if i >= 3, i < 3 + criteria.count, id == criteria[i - 3].id, let criterion = byId[String(id)],
                !Self.sameHeader(range, ScoreSheetODS.range(criterion))
            {
                fail(row.number, column, "cột \(shown(found)) ghi thang điểm khác bộ tiêu chí \(set.id) hiện hành "
                    + "(\(ScoreSheetODS.header(criterion))); phiếu này được xuất từ bộ tiêu chí cũ, hãy xuất lại phiếu chấm (thidua export sheets)")
            } else {
                fail(row.number, column, "cần tiêu đề cột \(shown(expected)), nhưng gặp \(shown(found))")
            }
        }
        for cell in row.cells.dropFirst(expectedHeaders.count) where !cell.isEmpty {
            fail(row.number, cell.column, "cột thừa \(shown(cell.text)): phiếu chấm của bộ tiêu chí \(set.id) có \(expectedHeaders.count) cột, "
                + "từ \"\(expectedHeaders[0])\" đến \"\(expectedHeaders.last!)\"")
        }
        headerIsGood = issues.count == before
        if mismatched == expectedHeaders.count {
            // Nothing matched: say once what the row should have been.
            issues.removeLast(issues.count - before)
            fail(row.number, 1, "cần dòng tiêu đề của phiếu chấm (\(expectedHeaders.map { "\"\($0)\"" }.joined(separator: ", "))), "
                + "nhưng gặp \(row.cells.filter { !$0.isEmpty }.map { shown($0.text) }.joined(separator: ", "))")
        }
    }

    /// Equal but for white space and the kind of dash (`A1 (0-20)` is `A1 (0–20)`).
    static func sameHeader(_ a: String, _ b: String) -> Bool {
        func normal(_ s: String) -> String {
            s.replacingOccurrences(of: "-", with: "–").replacingOccurrences(of: "—", with: "–")
                .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return a == b || normal(a) == normal(b)
    }

    // MARK: Entries

    private mutating func readEntry(_ row: ODSRow) {
        let entryColumn = 1
        let code = row[entryColumn].map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        var comment: String?
        if let cell = row[commentColumn], !cell.isEmpty {
            let text = cell.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { comment = text }
        }
        for cell in row.cells.dropFirst(commentColumn) where !cell.isEmpty {
            fail(row.number, cell.column, "ô nằm ngoài phiếu chấm (sau cột \"Nhận xét\") có nội dung \(shown(cell.text)); hãy xóa hoặc chuyển vào cột \"Nhận xét\"")
        }

        // Each score cell, checked whatever the entry, so every problem is listed at once.
        var points: [(criterion: Criterion, column: Int, points: String)] = []
        for (i, criterion) in criteria.enumerated() {
            let column = 4 + i
            guard let cell = row[column], !cell.isEmpty else { continue }
            if cell.isCovered {
                fail(row.number, column, "ô bị che bởi một ô gộp nhưng vẫn có điểm \(shown(cell.text)); hãy bỏ gộp ô")
                continue
            }
            if let value = score(cell, criterion, row: row.number) { points.append((criterion, column, value)) }
        }

        let entryCell = "\(sheet)!A\(row.number)"
        if code.isEmpty {
            if !points.isEmpty || comment != nil {
                fail(row.number, entryColumn, "cần mã mô hình cho các điểm ở hàng \(row.number), nhưng gặp ô trống")
            }
            return
        }
        if points.isEmpty {
            if comment != nil {
                fail(row.number, commentColumn, "có nhận xét nhưng chưa chấm tiêu chí nào cho mô hình \(code); nhận xét được lưu cùng điểm, "
                    + "hãy chấm ít nhất một tiêu chí hoặc xóa nhận xét")
            }
            if entryRows[code] == nil { entryRows[code] = row.number }
            return
        }
        if let first = entryRows[code] {
            fail(row.number, entryColumn, "mô hình \(code) đã có ở hàng \(first); mỗi mô hình chỉ một hàng")
            return
        }
        entryRows[code] = row.number
        guard let juror else { return }
        guard let model = models[code] else {
            fail(row.number, entryColumn, "không có mô hình \(shown(code)) trong phong trào \(campaign.code)")
            return
        }
        if let unit = juror.unit, model.unit == unit {
            fail(row.number, entryColumn, "mô hình \(code) thuộc đơn vị \(unit), cũng là đơn vị của thành viên \(juror.code) "
                + "(xung đột lợi ích): thành viên không chấm mô hình của đơn vị mình, phiếu chấm không có hàng này")
            return
        }
        if !assignments.contains(Assignment(juror: juror.code, entry: code)) {
            fail(row.number, entryColumn, "mô hình \(code) chưa được phân công cho thành viên \(juror.code) (xem thidua list assignments)")
            return
        }
        let headerRow = headerRow ?? 1
        for p in points {
            scores.append(Score(sheet: sheet, juror: juror.code, entry: code, criterion: p.criterion.id, points: p.points, comment: comment,
                row: row.number, column: p.column, pointsCell: "\(sheet)!\(ODSCell.columnName(p.column))\(row.number)", entryCell: entryCell,
                criterionCell: "\(sheet)!\(ODSCell.columnName(p.column))\(headerRow)",
                commentCell: comment == nil ? nil : "\(sheet)!\(ODSCell.columnName(commentColumn))\(row.number)"))
        }
    }

    /// The cell's points as canonical text, or nil with an issue.
    private mutating func score(_ cell: ODSCell, _ criterion: Criterion, row: Int) -> String? {
        let column = cell.column
        let range = "một số từ 0 đến \(criterion.max.vietnamese)"
        let text: String?
        switch cell.value {
        case .float(let value): text = Self.plainDecimal(value)
        case .string(let value): text = DecimalText.canonical(value.trimmingCharacters(in: .whitespacesAndNewlines))
        default:
            fail(row, column, "cần \(range) cho tiêu chí \(criterion.id), nhưng gặp \(cell.value.kindName) \(shown(cell.text))")
            return nil
        }
        guard let text, let points = Exact(text) else {
            fail(row, column, "cần \(range) cho tiêu chí \(criterion.id), nhưng gặp \(shown(cell.text)), không phải một số")
            return nil
        }
        if points < .zero {
            fail(row, column, "điểm \(points.vietnamese) nhỏ hơn 0 (tiêu chí \(criterion.id) chấm từ 0 đến \(criterion.max.vietnamese))")
            return nil
        }
        if criterion.max < points {
            fail(row, column, "điểm \(points.vietnamese) lớn hơn điểm tối đa \(criterion.max.vietnamese) của tiêu chí \(criterion.id)")
            return nil
        }
        if case .jury(let step) = criterion.source, !points.isMultiple(of: step) {
            fail(row, column, "điểm \(points.vietnamese) không theo bước chấm \(step.vietnamese) của tiêu chí \(criterion.id)")
            return nil
        }
        return text
    }

    /// An `office:value` as plain decimal text: `17.5` stays, `1.75E1` becomes `17.5`; nil if not a number.
    static func plainDecimal(_ value: String) -> String? {
        let value = value.trimmingCharacters(in: .whitespaces)
        guard let e = value.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return DecimalText.canonical(value) }
        guard let mantissa = DecimalText.canonical(value[..<e]), let exponent = Int(value[value.index(after: e)...]),
            abs(exponent) <= DecimalText.maxDigits
        else { return nil }
        let negative = mantissa.hasPrefix("-")
        let unsigned = negative ? String(mantissa.dropFirst()) : mantissa
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        var digits = Array(parts[0] + (parts.count > 1 ? parts[1] : ""))
        var point = parts[0].count + exponent
        if point < 0 {
            digits.insert(contentsOf: repeatElement("0", count: -point), at: 0)
            point = 0
        }
        if point > digits.count { digits.append(contentsOf: repeatElement("0", count: point - digits.count)) }
        let whole = digits[..<point].isEmpty ? "0" : String(digits[..<point])
        let fraction = String(digits[point...])
        return DecimalText.canonical((negative ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction))
    }
}

/// A value quoted for a message, shortened if long.
private func shown(_ text: String) -> String {
    if text.isEmpty { return "ô trống" }
    let oneLine = text.replacingOccurrences(of: "\n", with: " ")
    if oneLine.count > 60 { return "\"\(oneLine.prefix(57))…\" (\(text.count) ký tự)" }
    return "\"\(oneLine)\""
}
