import GRDB

extension Store {
    /// The code of the unit that owns model `entry` of `campaign`, or nil when there is no such
    /// model: one indexed read, for the checks made on every score sent (the web app's conflict
    /// of interest), where reading every model with its metrics would cost more than the write.
    public func entryUnit(campaign: String, entry: String) throws -> String? {
        try writer.read { try Fetch.entryUnit($0, campaign: campaign, entry: entry) }
    }
    public func entryUnit(campaign: String, entry: String) async throws -> String? {
        try await writer.read { try Fetch.entryUnit($0, campaign: campaign, entry: entry) }
    }
}

extension Fetch {
    static func entryUnit(_ db: Database, campaign: String, entry: String) throws -> String? {
        try String.fetchOne(db, sql: """
            SELECT u.code FROM models m JOIN campaigns c ON c.id = m.campaign_id JOIN units u ON u.id = m.unit_id
            WHERE c.code = ? AND m.code = ?
            """, arguments: [campaign, entry])
    }
}
