import Foundation
import GRDB
import ThiDuaCore

/// Why a juror's scores were not recorded. Each case is one answer a web app gives with its
/// own status: the entry is not there, the juror may not score it, the round is closed, or the
/// scores themselves are wrong.
public enum ScoreRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownJuror(String)
    case unknownEntry(String)
    case notAssigned(juror: String, entry: String)
    case conflictOfInterest(juror: String, unit: String, entry: String)
    case frozen(campaign: String)
    /// Criteria whose changed score has no reason (a correction needs one).
    case correctionNeedsReason([String])

    public var description: String {
        switch self {
        case .unknownJuror(let code): "Không có thành viên hội đồng \(code)."
        case .unknownEntry(let entry): "Không có mô hình \(entry) trong phong trào này."
        case .notAssigned(let juror, let entry): "Thành viên \(juror) không được phân công chấm \(entry)."
        case .conflictOfInterest(let juror, let unit, let entry):
            "\(entry) thuộc đơn vị \(unit), đơn vị của thành viên \(juror): không được chấm mô hình của đơn vị mình."
        case .frozen(let campaign): "Phong trào \(campaign) đã khóa sổ chấm điểm: không nhận thêm điểm."
        case .correctionNeedsReason(let criteria):
            "Sửa điểm đã lưu (\(criteria.joined(separator: ", "))) cần ghi lý do sửa."
        }
    }
}

/// What recording one entry's scores did.
public struct RecordedScores: Sendable, Hashable {
    /// Criteria scored for the first time.
    public var added: [String] = []
    /// Criteria whose score changed, each a new row with its reason.
    public var corrected: [String] = []
    /// Criteria given the score they already had: nothing written.
    public var unchanged: [String] = []
}

extension Store {
    // MARK: Tokens

    /// Issues a new personal token for a juror, replacing any earlier one, and returns it: it is
    /// shown once and stored only as its SHA-256.
    public func issueJurorToken(campaign: String, juror: String) throws -> String {
        let token = Self.newToken()
        try writer.write { db in
            guard let id = try Int64.fetchOne(db, sql: """
                SELECT j.id FROM jurors j JOIN campaigns c ON c.id = j.campaign_id WHERE c.code = ? AND j.code = ?
                """, arguments: [campaign, juror])
            else {
                throw StoreError.notFound("không có thành viên hội đồng \(juror) trong phong trào \(campaign)")
            }
            try db.execute(sql: "INSERT OR REPLACE INTO juror_tokens (juror_id, token_sha256) VALUES (?, ?)",
                arguments: [id, Self.hash(token)])
        }
        return token
    }

    /// The juror a token belongs to, or nil.
    public func juror(token: String) throws -> Juror? {
        try juror(tokenDigest: Self.tokenDigest(token))
    }
    public func juror(token: String) async throws -> Juror? {
        try await juror(tokenDigest: Self.tokenDigest(token))
    }

    /// The SHA-256 of a token, as stored: what a session keeps to check its token is still the current one.
    public static func tokenDigest(_ token: String) -> String { hash(token) }

    /// The juror whose current token has this digest, or nil (a newer token was issued, or none).
    public func juror(tokenDigest digest: String) throws -> Juror? {
        try writer.read { try Fetch.juror($0, tokenDigest: digest) }
    }
    public func juror(tokenDigest digest: String) async throws -> Juror? {
        try await writer.read { try Fetch.juror($0, tokenDigest: digest) }
    }

    /// Issues a new secretariat (admin) token, replacing any earlier one; returns it.
    public func issueAdminToken() throws -> String {
        let token = Self.newToken()
        try writer.write { db in
            try db.execute(sql: "DELETE FROM admin_tokens")
            try db.execute(sql: "INSERT INTO admin_tokens (token_sha256) VALUES (?)", arguments: [Self.hash(token)])
        }
        return token
    }

    public func isAdminToken(_ token: String) throws -> Bool {
        try isAdminToken(digest: Self.hash(token))
    }
    public func isAdminToken(_ token: String) async throws -> Bool {
        try await isAdminToken(digest: Self.hash(token))
    }

    /// Whether the secretariat's current token has this digest.
    public func isAdminToken(digest: String) throws -> Bool {
        try writer.read { try Fetch.isAdminToken($0, digest: digest) }
    }
    public func isAdminToken(digest: String) async throws -> Bool {
        try await writer.read { try Fetch.isAdminToken($0, digest: digest) }
    }

    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        return String((0..<32).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    static func hash(_ token: String) -> String { SHA256.hex(Array(token.utf8)) }

    // MARK: Scores from a juror

    /// Records one juror's scores for one entry in one transaction, by the rules of the score log:
    /// the juror must be assigned the entry and not belong to its unit, the campaign must not be
    /// frozen, and a changed score is a correction that needs a reason. The points are checked
    /// against the criteria set (0…max, step) by the caller. A score equal to the one in effect
    /// writes nothing. `time` is an instant (the web app gives the server's clock, at any
    /// offset); it is logged at the campaign's time zone. Times are kept increasing per
    /// criterion: a correction in the same second as the score it corrects is logged a second later.
    public func recordScores(
        campaign: String, juror: String, entry: String, points: [(criterion: String, points: Exact)], comment: String?,
        reason: String?, at time: Moment
    ) throws -> RecordedScores {
        try writer.write {
            try Update.recordScores($0, campaign: campaign, juror: juror, entry: entry, points: points, comment: comment, reason: reason, at: time)
        }
    }
    public func recordScores(
        campaign: String, juror: String, entry: String, points: [(criterion: String, points: Exact)], comment: String?,
        reason: String?, at time: Moment
    ) async throws -> RecordedScores {
        try await writer.write {
            try Update.recordScores($0, campaign: campaign, juror: juror, entry: entry, points: points, comment: comment, reason: reason, at: time)
        }
    }

    // MARK: The round

    /// Sets a campaign's state (freezing the round: no score is accepted afterwards).
    public func setState(campaign: String, _ state: Campaign.State) throws {
        try writer.write { try Update.setState($0, campaign: campaign, state) }
    }
    public func setState(campaign: String, _ state: Campaign.State) async throws {
        try await writer.write { try Update.setState($0, campaign: campaign, state) }
    }
}

extension Store {
    /// The id of a campaign's latest scoring run, or nil: a cheap check of whether results changed.
    public func latestRunId(campaign: String) throws -> Int64? {
        try writer.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT max(r.id) FROM scoring_runs r JOIN campaigns c ON c.id = r.campaign_id WHERE c.code = ?
                """, arguments: [campaign])
        }
    }
}

extension Fetch {
    static func juror(_ db: Database, tokenDigest digest: String) throws -> Juror? {
        try Row.fetchOne(db, sql: """
            SELECT j.code, c.code, j.name, j.title, u.code FROM juror_tokens t JOIN jurors j ON j.id = t.juror_id
            JOIN campaigns c ON c.id = j.campaign_id LEFT JOIN units u ON u.id = j.unit_id WHERE t.token_sha256 = ?
            """, arguments: [digest]).map { Juror(code: $0[0], campaign: $0[1], name: $0[2], title: $0[3], unit: $0[4]) }
    }

    static func isAdminToken(_ db: Database, digest: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM admin_tokens WHERE token_sha256 = ?", arguments: [digest]) ?? false
    }
}

/// The store's writes, each given the database inside its transaction: the one place their SQL is written.
enum Update {
    /// See ``Store/recordScores(campaign:juror:entry:points:comment:reason:at:)``.
    static func recordScores(
        _ db: Database, campaign: String, juror: String, entry: String, points: [(criterion: String, points: Exact)], comment: String?,
        reason: String?, at time: Moment
    ) throws -> RecordedScores {
        let reason = reason.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        let comment = comment.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        guard let j = try Row.fetchOne(db, sql: """
            SELECT j.id, u.code, c.state, c.utc_offset FROM jurors j JOIN campaigns c ON c.id = j.campaign_id
            LEFT JOIN units u ON u.id = j.unit_id WHERE c.code = ? AND j.code = ?
            """, arguments: [campaign, juror])
        else { throw ScoreRefusal.unknownJuror(juror) }
        let jurorId: Int64 = j[0]
        let jurorUnit: String? = j[1]
        // The schema keeps utc_offset within −12:00…+14:00.
        let logged = time.at(UTCOffset(minutes: j[3])!)
        guard let m = try Row.fetchOne(db, sql: """
            SELECT m.id, u.code FROM models m JOIN campaigns c ON c.id = m.campaign_id JOIN units u ON u.id = m.unit_id
            WHERE c.code = ? AND m.code = ?
            """, arguments: [campaign, entry])
        else { throw ScoreRefusal.unknownEntry(entry) }
        let modelId: Int64 = m[0]
        let unit: String = m[1]
        if let jurorUnit, jurorUnit == unit { throw ScoreRefusal.conflictOfInterest(juror: juror, unit: unit, entry: entry) }
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM assignments WHERE juror_id = ? AND model_id = ?",
            arguments: [jurorId, modelId]) ?? false
        else { throw ScoreRefusal.notAssigned(juror: juror, entry: entry) }
        if (j[2] as String) == "frozen" { throw ScoreRefusal.frozen(campaign: campaign) }

        var outcome = RecordedScores()
        var writes: [(String, Exact, Moment, String?)] = []
        var missingReason: [String] = []
        for (criterion, value) in points {
            let current = try Row.fetchOne(db, sql: """
                SELECT points, comment, scored_at FROM scores WHERE juror_id = ? AND model_id = ? AND criterion = ?
                ORDER BY scored_at DESC LIMIT 1
                """, arguments: [jurorId, modelId, criterion])
            guard let current else {
                writes.append((criterion, value, logged, nil))
                outcome.added.append(criterion)
                continue
            }
            if Exact(current[0] as String) == value && (current[1] as String?) == comment {
                outcome.unchanged.append(criterion)
                continue
            }
            guard let reason else {
                missingReason.append(criterion)
                continue
            }
            let last = Moment(secondsSinceEpoch: current[2], offset: logged.offset)
            writes.append((criterion, value, logged.secondsSinceEpoch > last.secondsSinceEpoch ? logged : last.nextSecond, reason))
            outcome.corrected.append(criterion)
        }
        if !missingReason.isEmpty { throw ScoreRefusal.correctionNeedsReason(missingReason) }
        let insert = try db.makeStatement(sql: """
            INSERT INTO scores (juror_id, model_id, criterion, points, comment, scored_at, scored_offset, correction_reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (criterion, value, at, why) in writes {
            try insert.execute(arguments: [jurorId, modelId, criterion, value.description, comment, at.secondsSinceEpoch,
                at.offset.minutes, why])
        }
        return outcome
    }

    static func setState(_ db: Database, campaign: String, _ state: Campaign.State) throws {
        try db.execute(sql: "UPDATE campaigns SET state = ? WHERE code = ?", arguments: [state.rawValue, campaign])
        if db.changesCount == 0 { throw StoreError.notFound("không có phong trào '\(campaign)'") }
    }
}
