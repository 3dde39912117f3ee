import GRDB
import ThiDuaCore

/// jurors.csv: campaign, code, name, title, unit.
struct JurorsImporter: RowImporter {
    static let columns: [ColumnSpec] = [.req("campaign"), .req("code"), .req("name"), .req("title"), .opt("unit")]

    private let units: [String: Int64]
    private let campaigns: [String: CampaignRef]
    private var jurors: PerCampaign
    private var firstRow = FirstRows<CampaignKey>()
    private let c: [Int?]

    init(_ context: ImportContext, _ db: Database) throws {
        units = try Lookup.units(db)
        campaigns = try Lookup.campaigns(db)
        jurors = try Lookup.perCampaign(db, table: "jurors")
        c = Self.columns.map { context.column($0.name) }
    }

    mutating func importRow(_ context: inout ImportContext, _ db: Database, _ summary: inout ImportSummary) throws {
        let campaign = context.campaign(c[0], in: campaigns)
        let code = context.code(c[1])
        let name = context.required(c[2], maxLength: 200)
        let title = context.required(c[3], maxLength: 300)
        let unit = context.unit(c[4], in: units, required: false)
        guard let campaign, let code else { return }
        let key = CampaignKey(campaign: campaign.id, code: code)
        guard firstRow.claim(key, &context, column: c[1], expected: "mỗi mã thành viên hội đồng chỉ một lần trong một phong trào", found: "\(shown(code)) lần nữa")
        else { return }
        guard context.rowIssues == 0, let name, let title else { return }
        let (id, change) = try upsert(db, into: "jurors", id: jurors[campaign.id, code], values: [
            ("campaign_id", campaign.id), ("code", code), ("name", name), ("title", title), ("unit_id", unit),
        ])
        jurors.add(campaign: campaign, code: code, id: id)
        summary.record(change)
    }
}

/// assignments.csv: campaign, juror, entry.
struct AssignmentsImporter: RowImporter {
    static let columns: [ColumnSpec] = [.req("campaign"), .req("juror"), .req("entry")]

    private let campaigns: [String: CampaignRef]
    private let jurors: PerCampaign
    private let models: PerCampaign
    private let c: [Int?]

    init(_ context: ImportContext, _ db: Database) throws {
        campaigns = try Lookup.campaigns(db)
        jurors = try Lookup.perCampaign(db, table: "jurors")
        models = try Lookup.perCampaign(db, table: "models")
        c = Self.columns.map { context.column($0.name) }
    }

    mutating func importRow(_ context: inout ImportContext, _ db: Database, _ summary: inout ImportSummary) throws {
        let campaign = context.campaign(c[0], in: campaigns)
        let juror = context.member(c[1], of: jurors, in: campaign, what: "thành viên hội đồng")
        let model = context.member(c[2], of: models, in: campaign, what: "mô hình")
        guard context.rowIssues == 0, let juror, let model else { return }
        try db.cachedStatement(sql: "INSERT INTO assignments (juror_id, model_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
            .execute(arguments: [juror, model])
        summary.record(db.changesCount > 0 ? .added : .unchanged)
    }
}

/// scores.csv: campaign, juror, entry, criterion, points, comment, scored_at, correction_reason.
///
/// Appends to the score log. A row already in the log (same juror, entry, criterion and time) with
/// the same content is skipped, so a file can be imported again; with other content it is refused.
struct ScoresImporter: RowImporter {
    static let columns: [ColumnSpec] = [
        .req("campaign"), .req("juror"), .req("entry"), .req("criterion"), .req("points"), .opt("comment"),
        .req("scored_at"), .opt("correction_reason"),
    ]

    private let campaigns: [String: CampaignRef]
    private let jurors: PerCampaign
    private let models: PerCampaign
    private var assignments: Set<JurorModel> = []
    private let insert: Statement
    /// The fast path's insert: no conflict clause, so a row already in the log fails and goes the general way.
    private let plainInsert: Statement
    private var fastPath: ScoresFastPath?
    private let c: [Int?]

    struct JurorModel: Hashable {
        var juror: Int64
        var model: Int64
    }

    init(_ context: ImportContext, _ db: Database) throws {
        campaigns = try Lookup.campaigns(db)
        jurors = try Lookup.perCampaign(db, table: "jurors")
        models = try Lookup.perCampaign(db, table: "models")
        for row in try Row.fetchAll(db, sql: "SELECT juror_id, model_id FROM assignments") {
            assignments.insert(JurorModel(juror: row[0], model: row[1]))
        }
        insert = try db.makeStatement(sql: """
            INSERT INTO scores (juror_id, model_id, criterion, points, comment, scored_at, scored_offset, correction_reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (juror_id, model_id, criterion, scored_at) DO NOTHING
            """)
        plainInsert = try db.makeStatement(sql: """
            INSERT INTO scores (juror_id, model_id, criterion, points, comment, scored_at, scored_offset, correction_reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        c = Self.columns.map { context.column($0.name) }
        fastPath = ScoresFastPath(campaigns: campaigns, jurors: jurors, models: models, columns: c)
    }

    mutating func importRow(_ context: inout ImportContext, _ db: Database, _ summary: inout ImportSummary) throws {
        if fastPath?.insert(context, statement: plainInsert.sqliteStatement, db: db, assignments: assignments) == true {
            summary.added += 1
            return
        }
        let campaign = context.campaign(c[0], in: campaigns)
        if let campaign, campaign.state == Campaign.State.frozen.rawValue {
            context.fail(c[0], expected: "một phong trào còn đang chấm", found: "\(shown(campaign.code)), phong trào đã khóa")
        }
        let juror = context.member(c[1], of: jurors, in: campaign, what: "thành viên hội đồng")
        let model = context.member(c[2], of: models, in: campaign, what: "mô hình")
        let criterion = context.code(c[3])
        let points = context.number(c[4], allowNegative: false)
        let comment = context.text(c[5], maxLength: 2000)
        let time = context.moment(c[6], assuming: campaign?.utcOffset)
        let reason = context.text(c[7], maxLength: 1000)
        if let reason, let invisible = reason.onlyInvisible {
            // Only spaces a reader cannot see would pass the log's "a correction has a reason".
            context.fail(c[7], expected: "lý do sửa viết bằng chữ\(context.named(c[7])), hoặc để trống",
                found: "chỉ có khoảng trắng hoặc ký tự không nhìn thấy (U+\(String(invisible.value, radix: 16, uppercase: true).leftPadded(4)))")
        }
        if let juror, let model, !assignments.contains(JurorModel(juror: juror, model: model)) {
            context.fail(c[2], expected: "một mô hình đã phân công cho thành viên \(context.code(c[1]) ?? "") (assignments.csv)",
                found: "\(shown(context.code(c[2]) ?? "")), mô hình chưa được phân công cho thành viên này")
        }
        guard context.rowIssues == 0, let juror, let model, let criterion, let points, let time else { return }
        let jurorCode = context.code(c[1]) ?? ""
        let entryCode = context.code(c[2]) ?? ""
        do {
            try insert.execute(arguments: [juror, model, criterion, points, comment, time.secondsSinceEpoch, time.offset.minutes, reason])
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            switch error.message {
            case "correction without a reason"?:
                context.fail(c[7], expected: "lý do sửa\(context.named(c[7])) (thành viên \(jurorCode) đã chấm mô hình \(entryCode), "
                    + "tiêu chí \(criterion) trước đó)", found: shown(""))
            case "score is older than one already recorded"?:
                context.fail(c[6], expected: "thời điểm sau lần chấm gần nhất của thành viên \(jurorCode) cho mô hình \(entryCode), "
                    + "tiêu chí \(criterion) (điểm được ghi theo thứ tự thời gian)",
                    found: shown(context.text(c[6]) ?? ""))
            default:
                throw error
            }
            return
        }
        if db.changesCount > 0 {
            summary.added += 1
            return
        }
        // Already in the log at that instant: the same row again is fine, a different one is a silent correction.
        let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT points, comment, correction_reason FROM scores
                WHERE juror_id = ? AND model_id = ? AND criterion = ? AND scored_at = ?
                """), arguments: [juror, model, criterion, time.secondsSinceEpoch])
        if let row, row[0] == points, row[1] == comment, row[2] == reason {
            summary.unchanged += 1
        } else {
            let stored: String = row?[0] ?? ""
            context.fail(c[4], expected: "\(stored) điểm như đã ghi cho thành viên \(jurorCode), mô hình \(entryCode), tiêu chí \(criterion) "
                + "lúc \(time) (muốn sửa điểm thì ghi một dòng mới với thời điểm muộn hơn và lý do sửa)",
                found: shown(context.text(c[4]) ?? points))
        }
    }
}

extension String {
    /// Padded on the left with zeros to `width` characters (`A0` → `00A0`).
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
