import Foundation
import GRDB
import ThiDuaCore

/// A stored scoring run: what it was computed from, and its results.
public struct StoredRun: Sendable {
    public var id: Int64
    public var campaign: String
    public var criteriaSet: String
    public var criteriaVersion: String
    public var criteriaSHA256: String
    public var inputSHA256: String
    public var createdAt: String
    public var entries: [EntryResult]

    /// The run's results as the engine gave them.
    public var result: ScoringResult {
        ScoringResult(campaign: campaign, criteriaSet: criteriaSet, criteriaSetVersion: criteriaVersion,
            criteriaSetSHA256: criteriaSHA256, entries: entries)
    }
}

extension Store {
    /// Everything the engine needs to score `campaign` with `set`.
    public func scoringInput(campaign code: String, set: CriteriaSet) throws -> ScoringInput {
        guard let campaign = try campaigns().first(where: { $0.code == code }) else {
            throw StoreError.notFound("không có phong trào '\(code)'")
        }
        var input = ScoringInput(
            set: set, campaign: campaign, units: try units(), blocs: try blocs(), models: try models(campaign: code),
            jurors: try jurors(campaign: code), scores: try scores(campaign: code), pledges: try pledges(campaign: code))
        // A unit set reads the latest results of the same year's campaigns that use the sets it names.
        for id in [set.unitSources?.pledge, set.unitSources?.models].compactMap({ $0 }) {
            let sources = try campaigns().filter { $0.year == campaign.year && $0.criteriaSet == id }
            guard let source = sources.first else {
                throw StoreError.notFound("\(code): không có phong trào năm \(campaign.year) dùng bộ tiêu chí '\(id)' để xếp hạng đơn vị")
            }
            guard sources.count == 1 else {
                throw StoreError.notFound("\(code): có \(sources.count) phong trào năm \(campaign.year) dùng bộ tiêu chí '\(id)' (\(sources.map(\.code).joined(separator: ", "))); chỉ được một")
            }
            guard let run = try latestRun(campaign: source.code) else {
                throw StoreError.notFound("\(code): phong trào \(source.code) chưa được tính điểm. Chạy trước: thidua score --campaign \(source.code)")
            }
            input.linked[id] = run.result
        }
        return input
    }

    /// Stores a run and its results in one transaction; returns the run's id.
    @discardableResult
    public func save(_ result: ScoringResult, inputSHA256: String, at time: String) throws -> Int64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try writer.write { db in
            guard let campaignId = try Int64.fetchOne(db, sql: "SELECT id FROM campaigns WHERE code = ?", arguments: [result.campaign]) else {
                throw StoreError.notFound("không có phong trào '\(result.campaign)'")
            }
            try db.execute(sql: """
                INSERT INTO scoring_runs (campaign_id, criteria_set, criteria_version, criteria_sha256, input_sha256, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [campaignId, result.criteriaSet, result.criteriaSetVersion, result.criteriaSetSHA256, inputSHA256, time])
            let run = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: """
                INSERT INTO results (run_id, entry, unit, bloc, total, tier, status, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for entry in result.entries {
                let detail = String(decoding: try encoder.encode(entry), as: UTF8.self)
                try insert.execute(arguments: [run, entry.entry, entry.unit, entry.bloc, entry.total?.description, entry.tier, entry.status, detail])
            }
            return run
        }
    }

    /// The latest run of a campaign, if it was ever scored.
    public func latestRun(campaign: String) throws -> StoredRun? {
        let decoder = JSONDecoder()
        return try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT r.id, c.code, r.criteria_set, r.criteria_version, r.criteria_sha256, r.input_sha256, r.created_at
                FROM scoring_runs r JOIN campaigns c ON c.id = r.campaign_id WHERE c.code = ? ORDER BY r.id DESC LIMIT 1
                """, arguments: [campaign])
            else { return nil }
            let entries = try String.fetchAll(db, sql: "SELECT detail FROM results WHERE run_id = ? ORDER BY entry", arguments: [row[0]])
                .map { try decoder.decode(EntryResult.self, from: Data($0.utf8)) }
            return StoredRun(id: row[0], campaign: row[1], criteriaSet: row[2], criteriaVersion: row[3], criteriaSHA256: row[4],
                inputSHA256: row[5], createdAt: row[6], entries: entries)
        }
    }
}

extension Store {
    /// For history conditions: each unit's tier in the previous year's campaign that used the
    /// same criteria set, from that campaign's latest run (a unit with several entries: the
    /// tier of its best total). Empty when there is no such campaign or run.
    public func previousTiers(campaign code: String) throws -> [String: String] {
        let all = try campaigns()
        guard let campaign = all.first(where: { $0.code == code }),
            let previous = all.first(where: { $0.criteriaSet == campaign.criteriaSet && $0.year == campaign.year - 1 }),
            let run = try latestRun(campaign: previous.code)
        else { return [:] }
        var best: [String: EntryResult] = [:]
        for e in run.entries where e.total != nil && e.tier != nil {
            if let seen = best[e.unit], let a = seen.total, let b = e.total, !(a < b) { continue }
            best[e.unit] = e
        }
        return best.mapValues { $0.tier ?? "" }
    }
}
