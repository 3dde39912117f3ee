import Foundation
import GRDB
import ThiDuaCore

/// pledges.csv: campaign, code, title, leader, signed_on, members.
struct PledgesImporter: RowImporter {
    static let columns: [ColumnSpec] = [.req("campaign"), .req("code"), .req("title"), .req("leader"), .req("signed_on"), .req("members")]

    private let units: [String: Int64]
    private let campaigns: [String: CampaignRef]
    private var pledges: PerCampaign
    private var firstRow = FirstRows<CampaignKey>()
    private let c: [Int?]

    init(_ context: ImportContext, _ db: Database) throws {
        units = try Lookup.units(db)
        campaigns = try Lookup.campaigns(db)
        pledges = try Lookup.perCampaign(db, table: "pledges")
        c = Self.columns.map { context.column($0.name) }
    }

    mutating func importRow(_ context: inout ImportContext, _ db: Database, _ summary: inout ImportSummary) throws {
        let campaign = context.campaign(c[0], in: campaigns)
        let code = context.code(c[1])
        let title = context.required(c[2], maxLength: 500)
        let leader = context.unit(c[3], in: units)
        let signedOn = context.day(c[4])
        let members = context.units(c[5], in: units)
        guard let campaign, let code else { return }
        let key = CampaignKey(campaign: campaign.id, code: code)
        guard firstRow.claim(key, &context, column: c[1],
            expected: "mỗi mã giao ước chỉ một lần trong một phong trào", found: "\(shown(code)) lần nữa")
        else { return }
        guard context.rowIssues == 0, let title, let leader, let signedOn else { return }
        let (id, change) = try upsert(db, into: "pledges", id: pledges[campaign.id, code], values: [
            ("campaign_id", campaign.id), ("code", code), ("title", title), ("leader_id", leader), ("signed_on", signedOn.description),
        ])
        pledges.add(campaign: campaign, code: code, id: id)
        let membersChanged = try replaceSet(db, table: "pledge_members", ownerColumn: "pledge_id", owner: id, itemColumns: ["unit_id"],
            items: members.map { [$0.databaseValue] })
        summary.record(change.with(linkedChanged: membersChanged))
    }
}

/// targets.csv: campaign, pledge, code, text, unit_of_measure, target, direction, weight.
struct TargetsImporter: RowImporter {
    static let columns: [ColumnSpec] = [
        .req("campaign"), .req("pledge"), .req("code"), .req("text"), .req("unit_of_measure"), .req("target"),
        .req("direction"), .req("weight"),
    ]

    private let campaigns: [String: CampaignRef]
    private let pledges: PerCampaign
    private var targets: [String: Int64] = [:]
    private var firstRow = FirstRows<String>()
    private let c: [Int?]

    init(_ context: ImportContext, _ db: Database) throws {
        campaigns = try Lookup.campaigns(db)
        pledges = try Lookup.perCampaign(db, table: "pledges")
        for row in try Row.fetchAll(db, sql: "SELECT pledge_id, code, id FROM targets") { targets["\(row[0] as Int64) \(row[1] as String)"] = row[2] }
        c = Self.columns.map { context.column($0.name) }
    }

    mutating func importRow(_ context: inout ImportContext, _ db: Database, _ summary: inout ImportSummary) throws {
        let campaign = context.campaign(c[0], in: campaigns)
        let pledge = context.member(c[1], of: pledges, in: campaign, what: "giao ước")
        let code = context.code(c[2])
        let text = context.required(c[3], maxLength: 2000)
        let unitOfMeasure = context.required(c[4], maxLength: 100)
        let target = context.number(c[5])
        let direction = context.choice(c[6], Target.Direction.self)
        let weight = context.number(c[7], allowNegative: false)
        guard let pledge, let code else { return }
        let key = "\(pledge) \(code)"
        guard firstRow.claim(key, &context, column: c[2],
            expected: "mỗi mã chỉ tiêu chỉ một lần trong một giao ước", found: "\(shown(code)) lần nữa")
        else { return }
        guard context.rowIssues == 0, let text, let unitOfMeasure, let target, let direction, let weight else { return }
        let (id, change) = try upsert(db, into: "targets", id: targets[key], values: [
            ("pledge_id", pledge), ("code", code), ("text", text), ("unit_of_measure", unitOfMeasure), ("target_value", target),
            ("direction", direction.rawValue), ("weight", weight),
        ])
        targets[key] = id
        summary.record(change)
    }
}

/// reports.csv: campaign, pledge, unit, target, actual, self_score, verified_score, submitted_on.
struct ReportsImporter: RowImporter {
    static let columns: [ColumnSpec] = [
        .req("campaign"), .req("pledge"), .req("unit"), .req("target"), .req("actual"), .req("self_score"),
        .opt("verified_score"), .req("submitted_on"),
    ]

    private let units: [String: Int64]
    private let campaigns: [String: CampaignRef]
    private let pledges: PerCampaign
    private var targets: [String: (id: Int64, weight: String)] = [:]
    private var members: Set<[Int64]> = []
    private var reports: [[Int64]: Int64] = [:]
    private var firstRow = FirstRows<[Int64]>()
    private let c: [Int?]

    init(_ context: ImportContext, _ db: Database) throws {
        units = try Lookup.units(db)
        campaigns = try Lookup.campaigns(db)
        pledges = try Lookup.perCampaign(db, table: "pledges")
        for row in try Row.fetchAll(db, sql: "SELECT pledge_id, code, id, weight FROM targets") {
            targets["\(row[0] as Int64) \(row[1] as String)"] = (row[2], row[3])
        }
        for row in try Row.fetchAll(db, sql: "SELECT pledge_id, unit_id FROM pledge_members") { members.insert([row[0], row[1]]) }
        for row in try Row.fetchAll(db, sql: "SELECT target_id, unit_id, id FROM reports") { reports[[row[0], row[1]]] = row[2] }
        c = Self.columns.map { context.column($0.name) }
    }

    mutating func importRow(_ context: inout ImportContext, _ db: Database, _ summary: inout ImportSummary) throws {
        let campaign = context.campaign(c[0], in: campaigns)
        let pledge = context.member(c[1], of: pledges, in: campaign, what: "giao ước")
        let unit = context.unit(c[2], in: units)
        let targetCode = context.code(c[3])
        let actual = context.number(c[4])
        let selfScore = context.number(c[5], allowNegative: false)
        let verifiedScore = context.number(c[6], required: false, allowNegative: false)
        let submittedOn = context.day(c[7])
        guard let pledge, let unit, let targetCode else { return }
        let pledgeCode = context.code(c[1]) ?? ""
        if !members.contains([pledge, unit]) {
            context.fail(c[2], expected: "một đơn vị đã ký giao ước \(pledgeCode)", found: "\(shown(context.code(c[2]) ?? "")), đơn vị chưa ký giao ước này")
        }
        guard let target = targets["\(pledge) \(targetCode)"] else {
            context.fail(c[3], expected: "mã một chỉ tiêu của giao ước \(pledgeCode) (targets.csv)", found: "\(shown(targetCode)), không phải mã chỉ tiêu nào của giao ước này")
            return
        }
        for (column, score) in [(c[5], selfScore), (c[6], verifiedScore)] {
            if let score, let value = DecimalText.decimal(score), let weight = DecimalText.decimal(target.weight), value > weight {
                context.fail(column, expected: "điểm không quá \(target.weight) (trọng số của chỉ tiêu)\(context.named(column))", found: shown(score))
            }
        }
        let key = [target.id, unit]
        guard firstRow.claim(key, &context, column: c[3],
            expected: "mỗi đơn vị chỉ một báo cáo cho mỗi chỉ tiêu", found: "\(shown(targetCode)) lần nữa cho đơn vị này")
        else { return }
        guard context.rowIssues == 0, let actual, let selfScore, let submittedOn else { return }
        let (id, change) = try upsert(db, into: "reports", id: reports[key], values: [
            ("pledge_id", pledge), ("unit_id", unit), ("target_id", target.id), ("actual", actual), ("self_score", selfScore),
            ("verified_score", verifiedScore), ("submitted_on", submittedOn.description),
        ])
        reports[key] = id
        summary.record(change)
    }
}
