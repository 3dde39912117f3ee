import GRDB
import ThiDuaCore

/// units.csv: code, name, kind, parent. A parent may come later in the file.
struct UnitsImporter: RowImporter {
    static let columns: [ColumnSpec] = [.req("code"), .req("name"), .req("kind"), .opt("parent")]

    private var units: [String: Int64]
    private var firstRow = FirstRows<String>()
    private var pending: [(id: Int64, code: String, parent: String?, row: Int, change: Change)] = []
    private let c: (code: Int?, name: Int?, kind: Int?, parent: Int?)

    init(_ context: ImportContext, _ db: Database) throws {
        units = try Lookup.units(db)
        c = (context.column("code"), context.column("name"), context.column("kind"), context.column("parent"))
    }

    mutating func importRow(_ context: inout ImportContext, _ db: Database, _ summary: inout ImportSummary) throws {
        let code = context.code(c.code)
        let name = context.required(c.name, maxLength: 300)
        let kind = context.choice(c.kind, Unit.Kind.self)
        let parent = context.code(c.parent, required: false)
        if let code {
            guard firstRow.claim(code, &context, column: c.code,
                expected: "mỗi mã đơn vị chỉ một lần trong tệp", found: "\(shown(code)) lần nữa")
            else { return }
        }
        guard context.rowIssues == 0, let code, let name, let kind else { return }
        let (id, change) = try upsert(db, into: "units", id: units[code], values: [("code", code), ("name", name), ("kind", kind.rawValue)])
        units[code] = id
        pending.append((id, code, parent, context.row, change))
    }

    mutating func finish(_ context: inout ImportContext, _ db: Database, _ summary: inout ImportSummary) throws {
        let column = c.parent
        for item in pending {
            var change = item.change
            let parentID: Int64?
            if let parent = item.parent {
                guard let id = units[parent] else {
                    if !firstRow.contains(parent) {
                        context.fail(row: item.row, column: column, expected: "mã một đơn vị trong tệp này hoặc đã nhập trước đó\(context.named(column))",
                            found: "\(shown(parent)), không phải mã đơn vị nào")
                    }
                    continue
                }
                parentID = id
            } else {
                parentID = nil
            }
            try db.execute(sql: "UPDATE units SET parent_id = ? WHERE id = ? AND parent_id IS NOT ?", arguments: [parentID, item.id, parentID])
            if db.changesCount > 0, change == .unchanged { change = .updated }
            summary.record(change)
        }
        guard context.total == 0 else { return }
        // No unit may be its own ancestor.
        var parentOf: [Int64: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, parent_id FROM units WHERE parent_id IS NOT NULL") { parentOf[row[0]] = row[1] }
        for item in pending {
            var seen: Set<Int64> = [item.id]
            var current = parentOf[item.id]
            while let next = current {
                if !seen.insert(next).inserted {
                    context.fail(row: item.row, column: column, expected: "một đơn vị cha không phải chính đơn vị này, cũng không phải đơn vị cấp dưới của nó",
                        found: "\(shown(item.parent ?? "")), tạo thành vòng lặp")
                    break
                }
                current = parentOf[next]
            }
        }
    }
}

/// blocs.csv: code, year, name, leader, members.
struct BlocsImporter: RowImporter {
    static let columns: [ColumnSpec] = [.req("code"), .req("year"), .req("name"), .req("leader"), .req("members")]

    private let units: [String: Int64]
    private var blocs: [String: Int64] = [:]
    private var firstRow = FirstRows<String>()
    private let c: (code: Int?, year: Int?, name: Int?, leader: Int?, members: Int?)

    init(_ context: ImportContext, _ db: Database) throws {
        units = try Lookup.units(db)
        for row in try Row.fetchAll(db, sql: "SELECT code, year, id FROM blocs") { blocs["\(row[0] as String) \(row[1] as Int)"] = row[2] }
        c = (context.column("code"), context.column("year"), context.column("name"), context.column("leader"), context.column("members"))
    }

    mutating func importRow(_ context: inout ImportContext, _ db: Database, _ summary: inout ImportSummary) throws {
        let code = context.code(c.code)
        let year = context.year(c.year)
        let name = context.required(c.name, maxLength: 300)
        let leader = context.unit(c.leader, in: units)
        let members = context.units(c.members, in: units)
        if let leader, !members.isEmpty, !members.contains(leader) {
            context.fail(c.leader, expected: "khối trưởng là một trong các đơn vị thành viên của khối", found: "\(shown(context.code(c.leader) ?? "")), không có trong số đó")
        }
        guard let code, let year else { return }
        let key = "\(code) \(year)"
        guard firstRow.claim(key, &context, column: c.code,
            expected: "mỗi khối thi đua chỉ một lần mỗi năm trong tệp", found: "\(shown(code)) năm \(year) lần nữa")
        else { return }
        guard context.rowIssues == 0, let name, let leader else { return }
        let (id, change) = try upsert(db, into: "blocs", id: blocs[key],
            values: [("code", code), ("year", year), ("name", name), ("leader_id", leader)])
        blocs[key] = id
        let membersChanged = try replaceSet(db, table: "bloc_members", ownerColumn: "bloc_id", owner: id, itemColumns: ["unit_id"],
            items: members.map { [$0.databaseValue] })
        summary.record(change.with(linkedChanged: membersChanged))
    }
}

/// campaigns.csv: code, year, title, criteria set, deadlines, state.
struct CampaignsImporter: RowImporter {
    static let columns: [ColumnSpec] = [
        .req("code"), .req("year"), .req("title"), .req("criteria_set"), .opt("registration_deadline"),
        .opt("report_deadline"), .opt("scoring_deadline"), .req("state"), .opt("utc_offset"),
    ]

    private var campaigns: [String: CampaignRef]
    private var firstRow = FirstRows<String>()
    private let c: [Int?]

    init(_ context: ImportContext, _ db: Database) throws {
        campaigns = try Lookup.campaigns(db)
        c = Self.columns.map { context.column($0.name) }
    }

    mutating func importRow(_ context: inout ImportContext, _ db: Database, _ summary: inout ImportSummary) throws {
        let code = context.code(c[0])
        let year = context.year(c[1])
        let title = context.required(c[2], maxLength: 500)
        let criteriaSet = context.code(c[3])
        let deadlines = (4...6).map { context.day(c[$0], required: false) }
        // Models register and units report before the jury scores: a scoring deadline before
        // either is a typing mistake that would refuse every late report or registration.
        if let scoring = deadlines[2] {
            for (i, what) in [(0, "hạn đăng ký"), (1, "hạn báo cáo")] {
                if let earlier = deadlines[i], scoring < earlier {
                    context.fail(c[6], expected: "hạn chấm không trước \(what) (\(earlier.vietnamese))\(context.named(c[6]))", found: scoring.vietnamese)
                }
            }
        }
        let state = context.choice(c[7], Campaign.State.self)
        let utcOffset = context.utcOffset(c[8])
        guard let code else { return }
        guard firstRow.claim(code, &context, column: c[0],
            expected: "mỗi mã phong trào chỉ một lần trong tệp", found: "\(shown(code)) lần nữa")
        else { return }
        if let state, let old = campaigns[code].flatMap({ Campaign.State(rawValue: $0.state) }), state < old {
            let allowed = Campaign.State.allCases.filter { $0 >= old }.map(\.rawValue).joined(separator: " hoặc ")
            context.fail(c[7], expected: "\(allowed) (phong trào chỉ đi tới: đang mở → đang chấm → đã khóa, không quay lại)",
                found: shown(state.rawValue))
        }
        guard context.rowIssues == 0, let year, let title, let criteriaSet, let state, let utcOffset else { return }
        let (id, change) = try upsert(db, into: "campaigns", id: campaigns[code]?.id, values: [
            ("code", code), ("year", year), ("title", title), ("criteria_set", criteriaSet),
            ("registration_deadline", deadlines[0]?.description), ("report_deadline", deadlines[1]?.description),
            ("scoring_deadline", deadlines[2]?.description), ("state", state.rawValue), ("utc_offset", utcOffset.minutes),
        ])
        campaigns[code] = CampaignRef(id: id, code: code, state: state.rawValue, utcOffset: utcOffset)
        summary.record(change)
    }
}
