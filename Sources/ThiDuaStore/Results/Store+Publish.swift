import Foundation
import GRDB
import ThiDuaCore

/// A run as the read pages label it: when it was computed, and whether (and when) it was
/// published (công bố) as the campaign's final results.
public struct RunStatus: Sendable, Hashable {
    public var run: Int64
    public var createdAt: String
    /// When the secretariat last published this run; nil for an interim run (tạm tính).
    public var publishedAt: String?
}

/// Why a run cannot be published.
public enum PublishRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownCampaign(String)
    case notScored(campaign: String)
    case unknownRun(campaign: String, run: Int64, runs: [Int64])

    public var description: String {
        switch self {
        case .unknownCampaign(let code): "Không có phong trào \(code)."
        case .notScored(let code): "Phong trào \(code) chưa được tính điểm: chưa có lần tính nào để công bố. Chạy trước: thidua score --campaign \(code)"
        case .unknownRun(let code, let run, let runs):
            "Phong trào \(code) không có lần tính #\(run) (có: \(runs.map { "#\($0)" }.joined(separator: ", ")))."
        }
    }
}

extension Store {
    /// Publishes a run of `campaign` (its latest when `run` is nil): from now on the public pages
    /// show it as the final results. Publishing is logged, never undone in place: publishing an
    /// older run again makes it the published one.
    @discardableResult
    public func publish(campaign code: String, run: Int64? = nil, at time: String) throws -> RunStatus {
        try writer.write { db in
            guard let campaignId = try Int64.fetchOne(db, sql: "SELECT id FROM campaigns WHERE code = ?", arguments: [code]) else {
                throw PublishRefusal.unknownCampaign(code)
            }
            let runs = try Int64.fetchAll(db, sql: "SELECT id FROM scoring_runs WHERE campaign_id = ? ORDER BY id", arguments: [campaignId])
            guard let latest = runs.last else { throw PublishRefusal.notScored(campaign: code) }
            let chosen = run ?? latest
            guard runs.contains(chosen) else { throw PublishRefusal.unknownRun(campaign: code, run: chosen, runs: runs) }
            try db.execute(sql: "INSERT INTO published_runs (run_id, published_at) VALUES (?, ?)", arguments: [chosen, time])
            let created = try String.fetchOne(db, sql: "SELECT created_at FROM scoring_runs WHERE id = ?", arguments: [chosen]) ?? ""
            return RunStatus(run: chosen, createdAt: created, publishedAt: time)
        }
    }

    /// The run the campaign last published, if any.
    public func publishedRun(campaign code: String) throws -> RunStatus? {
        try writer.read { try Fetch.publishedRun($0, campaign: code) }
    }
    public func publishedRun(campaign code: String) async throws -> RunStatus? {
        try await writer.read { try Fetch.publishedRun($0, campaign: code) }
    }

    /// The campaign's latest run with its publication, if it was ever scored.
    public func latestRunStatus(campaign code: String) throws -> RunStatus? {
        try writer.read { try Fetch.latestRunStatus($0, campaign: code) }
    }
    public func latestRunStatus(campaign code: String) async throws -> RunStatus? {
        try await writer.read { try Fetch.latestRunStatus($0, campaign: code) }
    }

    /// One stored run of a campaign by its number, or nil when the campaign has no such run.
    public func run(campaign: String, id: Int64) throws -> StoredRun? {
        let decoder = JSONDecoder()
        return try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT r.id, c.code, r.criteria_set, r.criteria_version, r.criteria_sha256, r.input_sha256, r.created_at
                FROM scoring_runs r JOIN campaigns c ON c.id = r.campaign_id WHERE c.code = ? AND r.id = ?
                """, arguments: [campaign, id])
            else { return nil }
            let entries = try String.fetchAll(db, sql: "SELECT detail FROM results WHERE run_id = ? ORDER BY entry", arguments: [row[0]])
                .map { try decoder.decode(EntryResult.self, from: Data($0.utf8)) }
            return StoredRun(id: row[0], campaign: row[1], criteriaSet: row[2], criteriaVersion: row[3], criteriaSHA256: row[4],
                inputSHA256: row[5], createdAt: row[6], entries: entries)
        }
    }

    /// Keeps a criteria file's bytes under their SHA-256 (and the file's name, without its
    /// folder), so that the runs scored with it can be ranked after the file changes.
    public func keepCriteria(bytes: [UInt8], file: String) throws {
        let name = (file as NSString).lastPathComponent
        try writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO run_criteria (sha256, file, source) VALUES (?, ?, ?)",
                arguments: [SHA256.hex(bytes), name, Data(bytes)])
        }
    }

    /// The criteria file kept under `sha256`: its name and bytes, or nil.
    public func keptCriteria(sha256: String) throws -> (file: String, bytes: [UInt8])? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT file, source FROM run_criteria WHERE sha256 = ?", arguments: [sha256])
                .map { (file: $0[0], bytes: [UInt8]($0[1] as Data)) }
        }
    }
}

extension Fetch {
    static func publishedRun(_ db: Database, campaign code: String) throws -> RunStatus? {
        try Row.fetchOne(db, sql: """
            SELECT p.run_id, r.created_at, p.published_at FROM published_runs p
            JOIN scoring_runs r ON r.id = p.run_id JOIN campaigns c ON c.id = r.campaign_id
            WHERE c.code = ? ORDER BY p.id DESC LIMIT 1
            """, arguments: [code]).map { RunStatus(run: $0[0], createdAt: $0[1], publishedAt: $0[2]) }
    }

    static func latestRunStatus(_ db: Database, campaign code: String) throws -> RunStatus? {
        try Row.fetchOne(db, sql: """
            SELECT r.id, r.created_at, (SELECT p.published_at FROM published_runs p WHERE p.run_id = r.id ORDER BY p.id DESC LIMIT 1)
            FROM scoring_runs r JOIN campaigns c ON c.id = r.campaign_id WHERE c.code = ? ORDER BY r.id DESC LIMIT 1
            """, arguments: [code]).map { RunStatus(run: $0[0], createdAt: $0[1], publishedAt: $0[2]) }
    }
}
