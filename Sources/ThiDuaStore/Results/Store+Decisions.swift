import Foundation
import GRDB
import ThiDuaCore

extension Store {
    /// Checks a campaign's award configuration and stores it, replacing the one stored before.
    /// A wrong file is refused whole and nothing is stored.
    @discardableResult
    public func importAwardDecisions(bytes: [UInt8], file: String) throws -> AwardDecisions {
        let decisions = try AwardDecisions.load(bytes: bytes, file: file)
        try writer.write { db in
            guard let campaignId = try Int64.fetchOne(db, sql: "SELECT id FROM campaigns WHERE code = ?", arguments: [decisions.campaign]) else {
                throw StoreError.notFound("\(file): không có phong trào '\(decisions.campaign)'; nhập phong trào trước (thidua import campaigns …)")
            }
            try db.execute(sql: "INSERT OR REPLACE INTO award_decisions (campaign_id, file, source) VALUES (?, ?, ?)",
                arguments: [campaignId, file, String(decoding: bytes, as: UTF8.self)])
        }
        return decisions
    }

    /// The award configuration stored for a campaign, or nil if none was imported.
    public func awardDecisions(campaign code: String) throws -> AwardDecisions? {
        let row = try writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT d.file, d.source FROM award_decisions d JOIN campaigns c ON c.id = d.campaign_id WHERE c.code = ?
                """, arguments: [code])
        }
        guard let row else { return nil }
        let source: String = row["source"]
        return try AwardDecisions.load(bytes: Array(source.utf8), file: row["file"])
    }
}
