import GRDB
import ThiDuaCore

/// How a row of a file changed the database.
enum Change {
    case added, updated, unchanged

    /// The change of a row whose linked rows (members, metrics) may have changed too: a row that
    /// is unchanged itself is updated when they did.
    func with(linkedChanged: Bool) -> Change { self == .unchanged && linkedChanged ? .updated : self }
}

extension ImportSummary {
    mutating func record(_ change: Change) {
        switch change {
        case .added: added += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        }
    }
}

/// Inserts a record, or updates the one with `id` to `values`, telling which happened.
func upsert(_ db: Database, into table: String, id: Int64?, values: [(String, (any DatabaseValueConvertible)?)]) throws
    -> (id: Int64, change: Change)
{
    let names = values.map(\.0)
    let arguments = StatementArguments(values.map(\.1))
    guard let id else {
        let sql = "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
        return (db.lastInsertedRowID, .added)
    }
    let sql = """
        UPDATE \(table) SET \(names.map { "\($0) = ?" }.joined(separator: ", ")) \
        WHERE id = ? AND NOT (\(names.map { "\($0) IS ?" }.joined(separator: " AND ")))
        """
    try db.cachedStatement(sql: sql).execute(arguments: arguments + [id] + arguments)
    return (id, db.changesCount > 0 ? .updated : .unchanged)
}

/// Makes the set of rows owned by `owner` in a link table equal to `items`; true if it changed.
func replaceSet(_ db: Database, table: String, ownerColumn: String, owner: Int64, itemColumns: [String], items: [[DatabaseValue]])
    throws -> Bool
{
    let columns = itemColumns.joined(separator: ", ")
    let existing = try Set(
        Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table) WHERE \(ownerColumn) = ?", arguments: [owner])
            .map { row in itemColumns.indices.map { row[$0] as DatabaseValue } })
    if existing == Set(items) { return false }
    try db.execute(sql: "DELETE FROM \(table) WHERE \(ownerColumn) = ?", arguments: [owner])
    let insert = try db.cachedStatement(
        sql: "INSERT INTO \(table) (\(ownerColumn), \(columns)) VALUES (?\(String(repeating: ", ?", count: itemColumns.count)))")
    for item in items {
        try insert.execute(arguments: StatementArguments([owner.databaseValue] + item))
    }
    return true
}

/// Codes of what is stored, loaded once per import and kept up to date as rows are added.
struct CampaignRef {
    var id: Int64
    var code: String
    var state: String
    /// The campaign's time zone: score times written without an offset are read at it.
    var utcOffset: UTCOffset
}

enum Lookup {
    static func units(_ db: Database) throws -> [String: Int64] {
        var map: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT code, id FROM units") { map[row[0]] = row[1] }
        return map
    }

    static func campaigns(_ db: Database) throws -> [String: CampaignRef] {
        var map: [String: CampaignRef] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, code, state, utc_offset FROM campaigns") {
            // The schema keeps utc_offset within −12:00…+14:00.
            map[row[1]] = CampaignRef(id: row[0], code: row[1], state: row[2], utcOffset: UTCOffset(minutes: row[3])!)
        }
        return map
    }

    /// `(campaign id, code) → id` for a per-campaign table, and `code → campaign codes` for messages.
    static func perCampaign(_ db: Database, table: String) throws -> PerCampaign {
        var ids: [CampaignKey: Int64] = [:]
        var campaignsOf: [String: [String]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT t.campaign_id, t.code, t.id, c.code FROM \(table) t JOIN campaigns c ON c.id = t.campaign_id")
        {
            ids[CampaignKey(campaign: row[0], code: row[1])] = row[2]
            campaignsOf[row[1], default: []].append(row[3])
        }
        return PerCampaign(ids: ids, campaignsOf: campaignsOf)
    }
}

struct CampaignKey: Hashable {
    var campaign: Int64
    var code: String
}

/// The records of one per-campaign table (models, jurors, pledges) by campaign and code.
struct PerCampaign {
    var ids: [CampaignKey: Int64]
    var campaignsOf: [String: [String]]

    subscript(campaign: Int64, code: String) -> Int64? {
        get { ids[CampaignKey(campaign: campaign, code: code)] }
    }

    mutating func add(campaign: CampaignRef, code: String, id: Int64) {
        ids[CampaignKey(campaign: campaign.id, code: code)] = id
        campaignsOf[code, default: []].append(campaign.code)
    }
}

extension ImportContext {
    /// A unit code that is stored; an issue otherwise.
    mutating func unit(_ column: Int?, in units: [String: Int64], required isRequired: Bool = true) -> Int64? {
        guard let code = code(column, required: isRequired) else { return nil }
        guard let id = units[code] else {
            fail(column, expected: "mã một đơn vị trong units.csv\(named(column))", found: "\(shown(code)), không phải mã đơn vị nào")
            return nil
        }
        return id
    }

    /// A campaign code that is stored; an issue otherwise.
    mutating func campaign(_ column: Int?, in campaigns: [String: CampaignRef]) -> CampaignRef? {
        guard let code = code(column) else { return nil }
        guard let campaign = campaigns[code] else {
            fail(column, expected: "mã một phong trào trong campaigns.csv\(named(column))", found: "\(shown(code)), không phải mã phong trào nào")
            return nil
        }
        return campaign
    }

    /// A code of `what` (in Vietnamese: "mô hình", "thành viên hội đồng", "giao ước") in `campaign`; says so if it belongs to another campaign.
    mutating func member(_ column: Int?, of table: PerCampaign, in campaign: CampaignRef?, what: String) -> Int64? {
        guard let code = code(column), let campaign else { return nil }
        if let id = table[campaign.id, code] { return id }
        let others = table.campaignsOf[code, default: []].filter { $0 != campaign.code }
        if others.isEmpty {
            fail(column, expected: "mã một \(what) của phong trào \(campaign.code)\(named(column))", found: "\(shown(code)), không phải mã \(what) nào")
        } else {
            fail(column, expected: "một \(what) của phong trào \(campaign.code)\(named(column))",
                found: "\(shown(code)), \(what) của phong trào \(others.joined(separator: ", "))")
        }
        return nil
    }
}
