import Foundation
import GRDB
import ThiDuaCore

/// Reading the stored records back as ``ThiDuaCore`` values, in code order. Each read is written
/// once, in ``Fetch``, and offered twice: blocking (the command line) and `async` (the web app,
/// where GRDB runs it without holding a cooperative thread while SQLite works).
extension Store {
    public func units() throws -> [ThiDuaCore.Unit] { try writer.read { try Fetch.units($0) } }
    public func units() async throws -> [ThiDuaCore.Unit] { try await writer.read { try Fetch.units($0) } }

    public func blocs() throws -> [Bloc] { try writer.read { try Fetch.blocs($0) } }
    public func blocs() async throws -> [Bloc] { try await writer.read { try Fetch.blocs($0) } }

    public func campaigns() throws -> [Campaign] { try writer.read { try Fetch.campaigns($0) } }
    public func campaigns() async throws -> [Campaign] { try await writer.read { try Fetch.campaigns($0) } }

    /// Models with their metrics and facts; of one campaign, or all.
    public func models(campaign: String? = nil) throws -> [Model] { try writer.read { try Fetch.models($0, campaign: campaign) } }
    public func models(campaign: String? = nil) async throws -> [Model] {
        try await writer.read { try Fetch.models($0, campaign: campaign) }
    }

    /// Pledges with their targets and reports; of one campaign, or all.
    public func pledges(campaign: String? = nil) throws -> [Pledge] { try writer.read { try Fetch.pledges($0, campaign: campaign) } }
    public func pledges(campaign: String? = nil) async throws -> [Pledge] {
        try await writer.read { try Fetch.pledges($0, campaign: campaign) }
    }

    public func jurors(campaign: String? = nil) throws -> [Juror] { try writer.read { try Fetch.jurors($0, campaign: campaign) } }
    public func jurors(campaign: String? = nil) async throws -> [Juror] {
        try await writer.read { try Fetch.jurors($0, campaign: campaign) }
    }

    /// Assignments of one campaign, by juror then entry.
    public func assignments(campaign: String) throws -> [Assignment] {
        try writer.read { try Fetch.assignments($0, campaign: campaign) }
    }
    public func assignments(campaign: String) async throws -> [Assignment] {
        try await writer.read { try Fetch.assignments($0, campaign: campaign) }
    }

    /// The score log of one campaign, in the order it was written; `currentOnly` keeps the latest row
    /// per (juror, entry, criterion), the one that counts.
    public func scores(campaign: String, currentOnly: Bool = false) throws -> [Score] {
        try writer.read { try Fetch.scores($0, campaign: campaign, currentOnly: currentOnly) }
    }
    public func scores(campaign: String, currentOnly: Bool = false) async throws -> [Score] {
        try await writer.read { try Fetch.scores($0, campaign: campaign, currentOnly: currentOnly) }
    }
}

/// The store's reads, each given the open database: the one place their SQL is written.
enum Fetch {
    static func units(_ db: Database) throws -> [ThiDuaCore.Unit] {
        try Row.fetchAll(db, sql: """
            SELECT u.code, u.name, u.kind, p.code FROM units u LEFT JOIN units p ON p.id = u.parent_id ORDER BY u.code
            """).map { ThiDuaCore.Unit(code: $0[0], name: $0[1], kind: ThiDuaCore.Unit.Kind(rawValue: $0[2])!, parent: $0[3]) }
    }

    static func blocs(_ db: Database) throws -> [Bloc] {
        let members = try grouped(db, sql: """
            SELECT m.bloc_id, u.code FROM bloc_members m JOIN units u ON u.id = m.unit_id ORDER BY u.code
            """)
        return try Row.fetchAll(db, sql: """
            SELECT b.id, b.code, b.name, b.year, u.code FROM blocs b JOIN units u ON u.id = b.leader_id ORDER BY b.year, b.code
            """).map { Bloc(code: $0[1], name: $0[2], year: $0[3], leader: $0[4], members: members[$0[0]] ?? []) }
    }

    static func campaigns(_ db: Database) throws -> [Campaign] {
        try Row.fetchAll(db, sql: """
            SELECT code, year, title, criteria_set, registration_deadline, report_deadline, scoring_deadline, state, utc_offset
            FROM campaigns ORDER BY year, code
            """).map { row in
            Campaign(
                code: row[0], year: row[1], title: row[2], criteriaSet: row[3],
                registrationDeadline: (row[4] as String?).flatMap(Day.init(parsing:)),
                reportDeadline: (row[5] as String?).flatMap(Day.init(parsing:)),
                scoringDeadline: (row[6] as String?).flatMap(Day.init(parsing:)),
                state: Campaign.State(rawValue: row[7])!, utcOffset: UTCOffset(minutes: row[8])!)
        }
    }

    static func models(_ db: Database, campaign: String?) throws -> [Model] {
        var metrics: [Int64: [String: Exact]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT model_id, name, value FROM model_metrics") {
            metrics[row[0], default: [:]][row[1]] = Exact(row[2] as String)
        }
        // As written: the criteria set says how each is read.
        var facts: [Int64: [String: Model.Fact]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT model_id, name, value FROM model_facts") {
            facts[row[0], default: [:]][row[1]] = Model.Fact(row[2] as String)
        }
        return try Row.fetchAll(db, sql: """
            SELECT m.id, m.code, c.code, u.code, m.kind, m.person_name, m.person_position, m.field, m.name, m.registered_on,
                m.situation, m.goals, m.approach, m.area_and_people, m.forces, m.resources, m.duration, m.outputs, m.sustainability
            FROM models m JOIN campaigns c ON c.id = m.campaign_id JOIN units u ON u.id = m.unit_id
            WHERE ?1 IS NULL OR c.code = ?1 ORDER BY c.code, m.code
            """, arguments: [campaign]).map { row in
            let holder: Model.Holder = (row[4] as String) == "individual"
                ? .individual(name: row[5], position: row[6]) : .collective
            return Model(
                code: row[1], campaign: row[2], unit: row[3], holder: holder, field: Model.Field(rawValue: row[7])!,
                name: row[8], registeredOn: Day(parsing: row[9] as String)!,
                form: Model.Form(
                    situation: row[10], goals: row[11], approach: row[12], areaAndPeople: row[13], forces: row[14],
                    resources: row[15], duration: row[16], outputs: row[17], sustainability: row[18]),
                metrics: metrics[row[0]] ?? [:], facts: facts[row[0]] ?? [:])
        }
    }

    static func pledges(_ db: Database, campaign: String?) throws -> [Pledge] {
        let members = try grouped(db, sql: """
            SELECT m.pledge_id, u.code FROM pledge_members m JOIN units u ON u.id = m.unit_id ORDER BY u.code
            """)
        var targets: [Int64: [Target]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT pledge_id, code, text, unit_of_measure, target_value, direction, weight FROM targets ORDER BY code
            """)
        {
            targets[row[0], default: []].append(Target(
                code: row[1], text: row[2], unitOfMeasure: row[3], value: Exact(row[4] as String)!,
                direction: Target.Direction(rawValue: row[5])!, weight: Exact(row[6] as String)!))
        }
        var reports: [Int64: [Report]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT r.pledge_id, u.code, t.code, r.actual, r.self_score, r.verified_score, r.submitted_on
            FROM reports r JOIN units u ON u.id = r.unit_id JOIN targets t ON t.id = r.target_id ORDER BY u.code, t.code
            """)
        {
            reports[row[0], default: []].append(Report(
                unit: row[1], target: row[2], actual: Exact(row[3] as String)!,
                selfScore: Exact(row[4] as String)!,
                verifiedScore: (row[5] as String?).flatMap { Exact($0) },
                submittedOn: Day(parsing: row[6] as String)!))
        }
        return try Row.fetchAll(db, sql: """
            SELECT p.id, p.code, c.code, p.title, u.code, p.signed_on FROM pledges p
            JOIN campaigns c ON c.id = p.campaign_id JOIN units u ON u.id = p.leader_id
            WHERE ?1 IS NULL OR c.code = ?1 ORDER BY c.code, p.code
            """, arguments: [campaign]).map { row in
            Pledge(
                code: row[1], campaign: row[2], title: row[3], leader: row[4], signedOn: Day(parsing: row[5] as String)!,
                members: members[row[0]] ?? [], targets: targets[row[0]] ?? [], reports: reports[row[0]] ?? [])
        }
    }

    static func jurors(_ db: Database, campaign: String?) throws -> [Juror] {
        try Row.fetchAll(db, sql: """
            SELECT j.code, c.code, j.name, j.title, u.code FROM jurors j JOIN campaigns c ON c.id = j.campaign_id
            LEFT JOIN units u ON u.id = j.unit_id WHERE ?1 IS NULL OR c.code = ?1 ORDER BY c.code, j.code
            """, arguments: [campaign]).map { Juror(code: $0[0], campaign: $0[1], name: $0[2], title: $0[3], unit: $0[4]) }
    }

    static func assignments(_ db: Database, campaign: String) throws -> [Assignment] {
        try Row.fetchAll(db, sql: """
            SELECT j.code, m.code FROM assignments a JOIN jurors j ON j.id = a.juror_id JOIN models m ON m.id = a.model_id
            JOIN campaigns c ON c.id = j.campaign_id WHERE c.code = ? ORDER BY j.code, m.code
            """, arguments: [campaign]).map { Assignment(juror: $0[0], entry: $0[1]) }
    }

    static func scores(_ db: Database, campaign: String, currentOnly: Bool) throws -> [Score] {
        try Row.fetchAll(db, sql: """
            SELECT j.code, m.code, s.criterion, s.points, s.comment, s.scored_at, s.scored_offset, s.correction_reason
            FROM \(currentOnly ? "current_scores" : "scores") s JOIN jurors j ON j.id = s.juror_id
            JOIN models m ON m.id = s.model_id JOIN campaigns c ON c.id = j.campaign_id
            WHERE c.code = ? ORDER BY s.id
            """, arguments: [campaign]).map { row in
            Score(
                juror: row[0], entry: row[1], criterion: row[2], points: Exact(row[3] as String)!,
                comment: row[4], time: Moment(secondsSinceEpoch: row[5], offset: UTCOffset(minutes: row[6])!), correctionReason: row[7])
        }
    }

    private static func grouped(_ db: Database, sql: String) throws -> [Int64: [String]] {
        var result: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: sql) { result[row[0], default: []].append(row[1]) }
        return result
    }
}
