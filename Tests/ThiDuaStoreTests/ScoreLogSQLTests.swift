import Foundation
import GRDB
import Testing
import ThiDuaStore

/// The database itself guards the score log and its references, whoever writes to it.
@Suite struct ScoreLogSQLTests {
    /// Ids of the base dataset's juror GK02 and model MH-01 in DVK-2024, and of GK01/MH-23 in frozen DVK-2023.
    private func ids(_ db: Database) throws -> (gk02: Int64, mh01: Int64, gk01Old: Int64, mh23: Int64) {
        func id(_ sql: String) throws -> Int64 { try #require(try Int64.fetchOne(db, sql: sql)) }
        return (
            try id("SELECT j.id FROM jurors j JOIN campaigns c ON c.id = j.campaign_id WHERE j.code = 'GK02' AND c.code = 'DVK-2024'"),
            try id("SELECT id FROM models WHERE code = 'MH-01'"),
            try id("SELECT j.id FROM jurors j JOIN campaigns c ON c.id = j.campaign_id WHERE j.code = 'GK01' AND c.code = 'DVK-2023'"),
            try id("SELECT id FROM models WHERE code = 'MH-23'")
        )
    }

    private func insertScore(
        _ db: Database, juror: Int64, model: Int64, criterion: String = "B1", points: String = "10",
        at time: String = "2024-12-10T10:00:00", reason: String? = nil
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO scores (juror_id, model_id, criterion, points, scored_at, scored_offset, correction_reason)
                VALUES (?, ?, ?, ?, unixepoch(? || '+07:00'), 420, ?)
                """, arguments: [juror, model, criterion, points, time, reason])
    }

    private func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as DatabaseError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func updateAndDeleteAreRefused() throws {
        let store = try baseStore()
        let before = try dump(store)
        try store.writer.write { db in
            let m1 = message { try db.execute(sql: "UPDATE scores SET points = '20'") }
            #expect(m1
                == "scores are append-only: a correction is a new row with a reason")
            let m2 = message { try db.execute(sql: "DELETE FROM scores") }
            #expect(m2
                == "scores are append-only: a correction is a new row with a reason")
        }
        #expect(try dump(store) == before)
    }

    @Test func aScoreForAFrozenCampaignIsRefused() throws {
        let store = try baseStore()
        try store.writer.write { db in
            let ids = try ids(db)
            let m3 = message { try insertScore(db, juror: ids.gk01Old, model: ids.mh23, at: "2023-12-12T08:00:00") }
            #expect(m3
                == "campaign is frozen: it accepts no scores")
        }
    }

    @Test func aCorrectionNeedsAReasonAndALaterTime() throws {
        let store = try baseStore()
        try store.writer.write { db in
            let ids = try ids(db)
            try insertScore(db, juror: ids.gk02, model: ids.mh01, points: "10", at: "2024-12-10T10:00:00")
            let m4 = message { try insertScore(db, juror: ids.gk02, model: ids.mh01, points: "11", at: "2024-12-10T11:00:00") }
            #expect(m4
                == "correction without a reason")
            let m5 = message {
                try insertScore(db, juror: ids.gk02, model: ids.mh01, points: "9", at: "2024-12-10T09:00:00", reason: "Sửa")
            }
            #expect(m5 == "score is older than one already recorded")
            try insertScore(db, juror: ids.gk02, model: ids.mh01, points: "11", at: "2024-12-10T11:00:00", reason: "Nhập nhầm")
            let current = try String.fetchAll(db, sql: """
                SELECT points FROM current_scores WHERE juror_id = ? AND model_id = ? AND criterion = 'B1'
                """, arguments: [ids.gk02, ids.mh01])
            #expect(current == ["11"])
            let log = try Int.fetchOne(db, sql: "SELECT count(*) FROM scores WHERE juror_id = ? AND criterion = 'B1'", arguments: [ids.gk02])
            #expect(log == 2)
        }
    }

    @Test func theSameKeyAndTimeTwiceIsRefusedByTheUniqueKey() throws {
        let store = try baseStore()
        try store.writer.write { db in
            let ids = try ids(db)
            try insertScore(db, juror: ids.gk02, model: ids.mh01)
            let m6 = message { try insertScore(db, juror: ids.gk02, model: ids.mh01, points: "12") }
            #expect(m6?
                .hasPrefix("UNIQUE constraint failed") == true)
        }
    }

    @Test(arguments: ["-1", "abc", "1,5", "1.2.3", "1.", ".5", "", "1e3"])
    func pointsMustBeACanonicalNumberAtLeastZero(_ points: String) throws {
        let store = try baseStore()
        try store.writer.write { db in
            let ids = try ids(db)
            let m7 = message { try insertScore(db, juror: ids.gk02, model: ids.mh01, points: points) }
            #expect(m7?
                .hasPrefix("CHECK constraint failed") == true)
        }
    }

    @Test func referencesMustExist() throws {
        let store = try baseStore()
        try store.writer.write { db in
            let ids = try ids(db)
            // A juror scoring a model they are not assigned to, and a model that does not exist.
            let m8 = message { try insertScore(db, juror: ids.gk02, model: ids.mh23) }
            #expect(m8 == "FOREIGN KEY constraint failed")
            let m9 = message { try insertScore(db, juror: ids.gk02, model: 9999) }
            #expect(m9 == "FOREIGN KEY constraint failed")
            let m10 = message { try db.execute(sql: "INSERT INTO units (code, name, kind, parent_id) VALUES ('Z', 'Z', 'agency', 9999)") }
            #expect(m10
                == "FOREIGN KEY constraint failed")
            let m11 = message {
                try db.execute(sql: "INSERT INTO assignments (juror_id, model_id) VALUES (?, ?)", arguments: [ids.gk02, ids.mh23])
            }
            #expect(m11 == "juror and model belong to different campaigns")
        }
    }

    @Test func codesAreUniquePerCampaign() throws {
        let store = try baseStore()
        try store.writer.write { db in
            // GK01 exists in both DVK-2023 and DVK-2024; a second GK01 in DVK-2024 is refused.
            let campaign = try #require(try Int64.fetchOne(db, sql: "SELECT id FROM campaigns WHERE code = 'DVK-2024'"))
            let m12 = message {
                try db.execute(sql: "INSERT INTO jurors (campaign_id, code, name, title) VALUES (?, 'GK01', 'X', 'Y')", arguments: [campaign])
            }
            #expect(m12 == "UNIQUE constraint failed: jurors.campaign_id, jurors.code")
        }
    }

    @Test func aFrozenCampaignStaysFrozen() throws {
        let store = try baseStore()
        try store.writer.write { db in
            let m13 = message { try db.execute(sql: "UPDATE campaigns SET state = 'scoring' WHERE code = 'DVK-2023'") }
            #expect(m13
                == "campaign state only moves forward: open → scoring → frozen")
            try db.execute(sql: "UPDATE campaigns SET state = 'frozen' WHERE code = 'DVK-2024'")
        }
    }

    @Test func theDatabaseIsInWALModeWithForeignKeysOn() throws {
        let store = try temporaryStore()
        let (mode, foreignKeys) = try store.writer.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(mode == "wal")
        #expect(foreignKeys == true)
    }
}
