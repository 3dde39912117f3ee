import GRDB
import GRDBSQLite
import ThiDuaCore

/// The score import's hot path: a row read straight from the file's bytes and bound to the insert
/// without building intermediate values.
///
/// It takes only rows with nothing to report (known codes, a plain number, an ISO time, an
/// assigned entry in a campaign open to scoring) and a clean insert. Any other row goes the general
/// way in ``ScoresImporter``, which words every problem; so speed and messages live apart.
struct ScoresFastPath {
    private let campaigns: [String: CampaignRef]
    private var jurorsByCampaign: [Int64: [String: Int64]] = [:]
    private var modelsByCampaign: [Int64: [String: Int64]] = [:]
    private var lastCampaign: (bytes: [UInt8], ref: CampaignRef, jurors: [String: Int64], models: [String: Int64])?
    private var lastJuror: (bytes: [UInt8], id: Int64)?
    private let columns: [Int]

    init?(campaigns: [String: CampaignRef], jurors: PerCampaign, models: PerCampaign, columns: [Int?]) {
        guard columns.count == 8, columns[0] != nil else { return nil }
        // Optional columns may be absent; -1 means "not in the file".
        self.columns = columns.map { $0 ?? -1 }
        self.campaigns = campaigns
        for (key, id) in jurors.ids { jurorsByCampaign[key.campaign, default: [:]][key.code] = id }
        for (key, id) in models.ids { modelsByCampaign[key.campaign, default: [:]][key.code] = id }
    }

    /// Inserts the current row if it is a plain one; returns false (having written nothing) if
    /// the general path must handle it.
    mutating func insert(
        _ context: ImportContext, statement: SQLiteStatement, db: Database, assignments: Set<ScoresImporter.JurorModel>
    ) -> Bool {
        let fields = context.fields
        let cursor = context.cursor
        return cursor.file.bytes.withUnsafeBufferPointer { buffer -> Bool in
            func slice(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
                guard column >= 0 else { return UnsafeBufferPointer(start: buffer.baseAddress, count: 0) }
                let field = fields[column]
                if field.hasEscapedQuote { return nil }
                var start = field.start
                var end = field.end
                while start < end, buffer[start] == 0x20 || buffer[start] == 0x09 { start += 1 }
                while end > start, buffer[end - 1] == 0x20 || buffer[end - 1] == 0x09 { end -= 1 }
                return UnsafeBufferPointer(rebasing: buffer[start..<end])
            }
            guard let campaignBytes = slice(columns[0]), let jurorBytes = slice(columns[1]),
                let entryBytes = slice(columns[2]), let criterionBytes = slice(columns[3]),
                let pointsBytes = slice(columns[4]), let timeBytes = slice(columns[6]),
                isCode(campaignBytes), isCode(jurorBytes), isCode(entryBytes), isCode(criterionBytes)
            else { return false }

            if lastCampaign == nil || !lastCampaign!.bytes.elementsEqual(campaignBytes) {
                guard let ref = campaigns[String(decoding: campaignBytes, as: UTF8.self)], ref.state != "frozen" else { return false }
                lastCampaign = (Array(campaignBytes), ref, jurorsByCampaign[ref.id] ?? [:], modelsByCampaign[ref.id] ?? [:])
                lastJuror = nil
            }
            let campaign = lastCampaign!
            let juror: Int64
            if let last = lastJuror, last.bytes.elementsEqual(jurorBytes) {
                juror = last.id
            } else {
                guard let id = campaign.jurors[String(decoding: jurorBytes, as: UTF8.self)] else { return false }
                lastJuror = (Array(jurorBytes), id)
                juror = id
            }
            guard let model = campaign.models[String(decoding: entryBytes, as: UTF8.self)],
                assignments.contains(ScoresImporter.JurorModel(juror: juror, model: model)),
                let points = DecimalText.canonical(bytes: pointsBytes, allowNegative: false),
                let time = instant(timeBytes, assuming: campaign.ref.utcOffset)
            else { return false }

            var comment: String?
            var reason: String?
            for (column, limit, isReason) in [(columns[5], 2000, false), (columns[7], 1000, true)] where column >= 0 {
                guard let bytes = slice(column) else { return false }
                if bytes.isEmpty { continue }
                guard let text = cursor.text(fields[column]), text.count <= limit else { return false }
                // A reason of spaces no one can see is refused by the general path.
                if isReason && text.onlyInvisible != nil { return false }
                if isReason { reason = text } else { comment = text }
            }

            sqlite3_reset(statement)
            sqlite3_bind_int64(statement, 1, juror)
            sqlite3_bind_int64(statement, 2, model)
            sqlite3_bind_text(statement, 3, criterionBytes.baseAddress, Int32(criterionBytes.count), SQLITE_TRANSIENT)
            bindText(statement, 4, points)
            bindText(statement, 5, comment)
            sqlite3_bind_int64(statement, 6, time.seconds)
            sqlite3_bind_int64(statement, 7, Int64(time.offset))
            bindText(statement, 8, reason)
            let code = sqlite3_step(statement)
            sqlite3_reset(statement)
            return code == SQLITE_DONE && sqlite3_changes(db.sqliteConnection) == 1
        }
    }
}

private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

private func bindText(_ statement: SQLiteStatement, _ index: Int32, _ text: String?) {
    guard var text else {
        sqlite3_bind_null(statement, index)
        return
    }
    _ = text.withUTF8 { sqlite3_bind_text(statement, index, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT) }
}

private func isCode(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard !bytes.isEmpty, bytes.count <= 64 else { return false }
    for b in bytes {
        let digit = b &- 0x30 < 10
        let letter = (b | 0x20) &- 0x61 < 26
        if !(digit || letter || b == 0x2D || b == 0x5F || b == 0x2E) { return false }
    }
    return true
}

/// `YYYY-MM-DD HH:MM[:SS]` or with `T`, then optionally `Z` or `±HH:MM`, as the instant (seconds
/// since 1970-01-01T00:00:00Z) and the offset in minutes; a time without an offset is read at
/// `assumed`. Nil for anything else (the general path words the problem). Digits by hand: a
/// formatter per row would cost more than the rest of the row.
private func instant(_ b: UnsafeBufferPointer<UInt8>, assuming assumed: UTCOffset) -> (seconds: Int64, offset: Int)? {
    func digits(_ at: Int, _ count: Int) -> Int? {
        var value = 0
        for i in at..<(at + count) {
            let d = b[i] &- 0x30
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }
    guard b.count >= 16, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x20 || b[10] == 0x54, b[13] == 0x3A,
        let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
        let hour = digits(11, 2), let minute = digits(14, 2), hour < 24, minute < 60
    else { return nil }
    var at = 16
    var second = 0
    if b.count >= 19, b[16] == 0x3A {
        guard let s = digits(17, 2), s < 60 else { return nil }
        second = s
        at = 19
    }
    var offset = assumed.minutes
    switch b.count - at {
    case 0: break
    case 1:
        guard b[at] == 0x5A else { return nil }  // Z
        offset = 0
    case 6:
        guard b[at] == 0x2B || b[at] == 0x2D, b[at + 3] == 0x3A, let h = digits(at + 1, 2), let m = digits(at + 4, 2), m < 60,
            let given = UTCOffset(minutes: (b[at] == 0x2D ? -1 : 1) * (h * 60 + m))
        else { return nil }
        offset = given.minutes
    default: return nil
    }
    guard let date = Day(year: year, month: month, day: day) else { return nil }
    let local = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    return (local - Int64(offset * 60), offset)
}
