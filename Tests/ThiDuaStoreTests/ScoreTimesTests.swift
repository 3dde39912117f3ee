import Foundation
import GRDB
import Testing
import ThiDuaCore
@testable import ThiDuaStore

/// Issue 11, item 5: a score's time is one thing, an instant with the offset it was written at.
/// The web app gives the server's clock (UTC), score sheets and CSV files a clock time that,
/// without an offset, is read in the campaign's time zone (+07:00 unless campaigns.csv says
/// otherwise); "the latest row counts" compares instants. Each test runs on a real SQLite file.
@Suite struct ScoreTimesTests {
    /// A juror's score sheet (ODS, already read) for GK02 and MH-01, saved at `time` as the office program wrote it.
    static func sheet(_ points: String, savedAt time: String, reason: String?) -> SheetScores {
        let score = SheetScores.Score(sheet: "GK02", juror: "GK02", entry: "MH-01", criterion: "B1", points: points, comment: nil,
            row: 2, column: 6, pointsCell: "GK02!F2", entryCell: "GK02!A2", criterionCell: "GK02!F1", commentCell: nil)
        return SheetScores(file: "phieu.ods", sheets: ["GK02"], campaign: "DVK-2024", campaignPlace: "tiêu đề tài liệu",
            scoredAt: Moment(parsing: time, assuming: .vietnam)!, scoredAtPlace: "ngày lưu ghi trong tệp", correctionReason: reason,
            correctionHint: "hãy ghi lý do bằng tùy chọn --reason", scores: [score], problems: [])
    }

    /// A web form sent at `utc` (the server's clock).
    static func web(_ store: Store, _ points: Int, atUTC utc: String, reason: String?) throws -> RecordedScores {
        try store.recordScores(campaign: "DVK-2024", juror: "GK02", entry: "MH-01", points: [("B1", Exact(points))], comment: nil,
            reason: reason, at: Moment(parsing: utc, assuming: nil)!)
    }

    /// What the engine counts for GK02's B1 of MH-01, with a set whose only jury criterion is B1.
    static func counted(_ store: Store) throws -> Exact? {
        let set = try CriteriaSet.load(bytes: Array("""
            id: t
            version: "1"
            title: Thử
            applies_to: model
            round: []
            jury: { aggregate: mean, min_jurors: 1 }
            groups:
              - id: B
                title: B
                criteria:
                  - { id: B1, title: B1, max: 20, source: jury }
            """.utf8), file: "t.yaml")
        let campaign = try #require(try store.campaigns().first { $0.code == "DVK-2024" })
        let result = Engine.score(ScoringInput(set: set, campaign: campaign, units: try store.units(), blocs: try store.blocs(),
            models: try store.models(campaign: "DVK-2024"), jurors: try store.jurors(campaign: "DVK-2024"),
            scores: try store.scores(campaign: "DVK-2024").filter { $0.criterion == "B1" }))
        return result.entries.first { $0.entry == "MH-01" }?.criteria.first { $0.id == "B1" }?.points
    }

    static func current(_ store: Store) throws -> [String] {
        try store.scores(campaign: "DVK-2024", currentOnly: true).filter { $0.juror == "GK02" && $0.criterion == "B1" }
            .map { "\($0.points) \($0.time)" }
    }

    @Test func aWebCorrectionAfterAnODSImportWins() throws {
        let store = try baseStore()
        // The sheet was saved at 10:00 in Việt Nam (03:00 UTC); the juror corrects on the web at 10:30 (03:30 UTC).
        _ = try store.importSheetScores(Self.sheet("10", savedAt: "2024-12-11 10:00", reason: nil))
        let recorded = try Self.web(store, 12, atUTC: "2024-12-11T03:30:00Z", reason: "Sửa trên web")
        #expect(recorded.corrected == ["B1"])
        #expect(try Self.current(store) == ["12 2024-12-11T10:30:00+07:00"])
        #expect(try Self.counted(store) == Exact(12))
    }

    @Test func aLaterODSImportAfterAWebCorrectionWins() throws {
        let store = try baseStore()
        // The web at 09:00 in Việt Nam (02:00 UTC), then a sheet saved at 10:00.
        _ = try Self.web(store, 10, atUTC: "2024-12-11T02:00:00Z", reason: nil)
        _ = try Self.web(store, 11, atUTC: "2024-12-11T02:10:00Z", reason: "Sửa trên web")
        let summary = try store.importSheetScores(Self.sheet("14", savedAt: "2024-12-11 10:00", reason: "Chấm lại trên giấy"))
        #expect(summary.added == 1)
        #expect(try Self.current(store) == ["14 2024-12-11T10:00:00+07:00"])
        #expect(try Self.counted(store) == Exact(14))
    }

    @Test func aSheetSavedBeforeAWebCorrectionIsRefusedAsOlder() throws {
        let store = try baseStore()
        // The web at 09:00 in Việt Nam; a sheet saved at 08:00 there is older, although "08:00" > "02:00" as text.
        _ = try Self.web(store, 10, atUTC: "2024-12-11T02:00:00Z", reason: nil)
        let failure = try #require(throws: ImportFailure.self) {
            _ = try store.importSheetScores(Self.sheet("14", savedAt: "2024-12-11 08:00", reason: "Chấm lại"))
        }
        #expect(failure.description == """
            phieu.ods: GK02!F2 (thời điểm chấm lấy từ ngày lưu ghi trong tệp): cần thời điểm sau lần chấm gần nhất của thành viên GK02 \
            cho mô hình MH-01, tiêu chí B1 (điểm được ghi theo thứ tự thời gian), nhưng gặp "2024-12-11T08:00:00+07:00"
            phieu.ods: không nhập dòng nào
            """)
        #expect(try Self.current(store) == ["10 2024-12-11T09:00:00+07:00"])
    }

    @Test func aCSVTimeWithAnOffsetIsTheSameInstantAsOneWithout() throws {
        let header = "campaign,juror,entry,criterion,points,comment,scored_at,correction_reason\n"
        let store = try baseStore()
        // The fast path reads the offset; the same row again at the same instant, written without one, is unchanged.
        let first = try store.importCSV(.scores, bytes: Array((header + "DVK-2024,GK02,MH-01,B1,10,,2024-12-11T03:00:00Z,\n").utf8),
            name: "scores.csv")
        #expect(first.added == 1)
        let again = try store.importCSV(.scores, bytes: Array((header + "DVK-2024,GK02,MH-01,B1,10,,11/12/2024 10:00,\n").utf8),
            name: "scores.csv")
        #expect(again.added == 0 && again.unchanged == 1)
        #expect(try Self.current(store) == ["10 2024-12-11T03:00:00+00:00"])
        // A correction an hour later, written at another offset.
        _ = try store.importCSV(.scores, bytes: Array((header + "DVK-2024,GK02,MH-01,B1,12,,2024-12-10 23:00:00-05:00,Sửa\n").utf8),
            name: "scores.csv")
        #expect(try Self.current(store) == ["12 2024-12-10T23:00:00-05:00"])
    }

    @Test func aCampaignsTimeZoneReadsTimesWithoutAnOffset() throws {
        let store = try baseStore()
        let campaigns = """
            code,year,title,criteria_set,registration_deadline,report_deadline,scoring_deadline,state,utc_offset
            DVK-2024,2024,"Phong trào thi đua ""Dân vận khéo"" năm 2024",dvk-mo-hinh,31/03/2024,25/11/2024,15/12/2024,scoring,+08:00

            """
        #expect(try store.importCSV(.campaigns, bytes: Array(campaigns.utf8), name: "campaigns.csv").updated == 1)
        #expect(try store.campaigns().first { $0.code == "DVK-2024" }?.utcOffset == UTCOffset(minutes: 480))
        let header = "campaign,juror,entry,criterion,points,comment,scored_at,correction_reason\n"
        _ = try store.importCSV(.scores, bytes: Array((header + "DVK-2024,GK02,MH-01,B1,10,,2024-12-11 10:00,\n").utf8), name: "scores.csv")
        let score = try #require(try store.scores(campaign: "DVK-2024").last)
        #expect(score.time.description == "2024-12-11T10:00:00+08:00")
        #expect(score.time.secondsSinceEpoch == 1_733_882_400)  // 02:00 UTC
        // The web's UTC clock is logged in the campaign's time zone.
        _ = try Self.web(store, 11, atUTC: "2024-12-11T02:30:00Z", reason: "Sửa")
        #expect(try Self.current(store) == ["11 2024-12-11T10:30:00+08:00"])
    }

    @Test func aTimeWrittenAsTextIsRefusedByTheSchema() throws {
        let store = try baseStore()
        try store.writer.write { db in
            let juror = try #require(try Int64.fetchOne(db, sql: """
                SELECT j.id FROM jurors j JOIN campaigns c ON c.id = j.campaign_id WHERE j.code = 'GK02' AND c.code = 'DVK-2024'
                """))
            let model = try #require(try Int64.fetchOne(db, sql: "SELECT id FROM models WHERE code = 'MH-01'"))
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO scores (juror_id, model_id, criterion, points, scored_at, scored_offset) VALUES (?, ?, 'B1', '1', ?, 420)
                    """, arguments: [juror, model, "2024-12-11T10:00:00"])
            }
            // As an instant it is taken.
            try db.execute(sql: """
                INSERT INTO scores (juror_id, model_id, criterion, points, scored_at, scored_offset)
                VALUES (?, ?, 'B1', '1', unixepoch('2024-12-11T10:00:00+07:00'), 420)
                """, arguments: [juror, model])
        }
        #expect(try Self.current(store) == ["1 2024-12-11T10:00:00+07:00"])
    }

    /// A database written before v5: clock times without a zone, and facts the import had typed.
    @Test func aDatabaseFromBeforeV5KeepsItsScoresAndFacts() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("old.sqlite").path
        do {
            let old = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(old, upTo: "v4: juror and secretariat tokens")
            try old.write { db in
                try db.execute(sql: """
                    INSERT INTO units (id, code, name, kind) VALUES (1, 'P1', 'Phường 1', 'ward');
                    INSERT INTO campaigns (id, code, year, title, criteria_set, state) VALUES (1, 'DVK-2024', 2024, 'Thử', 'dvk-mo-hinh', 'scoring');
                    INSERT INTO models (id, campaign_id, code, unit_id, kind, field, name, registered_on)
                        VALUES (1, 1, 'MH-01', 1, 'collective', 'economy', 'Mô hình', '2024-02-15');
                    INSERT INTO model_facts (model_id, name, type, value) VALUES (1, 'ky_luat', 'bool', 'true'), (1, 'dia_ban', 'text', 'Khu phố 3');
                    INSERT INTO jurors (id, campaign_id, code, name, title) VALUES (1, 1, 'GK01', 'Người chấm', 'Ủy viên');
                    INSERT INTO assignments (juror_id, model_id) VALUES (1, 1);
                    INSERT INTO scores (juror_id, model_id, criterion, points, scored_at) VALUES (1, 1, 'A1', '15', '2024-12-10T08:30:00');
                    INSERT INTO scores (juror_id, model_id, criterion, points, scored_at, correction_reason)
                        VALUES (1, 1, 'A1', '17.5', '2024-12-10T14:05:00', 'Nhập nhầm');
                    """)
            }
        }
        let store = try Store(path: path)
        #expect(try store.scores(campaign: "DVK-2024").map { "\($0.points) \($0.time)" }
            == ["15 2024-12-10T08:30:00+07:00", "17.5 2024-12-10T14:05:00+07:00"])
        #expect(try store.scores(campaign: "DVK-2024", currentOnly: true).map(\.points) == [Exact("17.5")!])
        #expect(try store.campaigns().map(\.utcOffset) == [.vietnam])
        #expect(try store.models(campaign: "DVK-2024").first?.facts == ["ky_luat": Model.Fact("true"), "dia_ban": Model.Fact("Khu phố 3")])
        // The rules still hold after the table was rebuilt.
        let refusal = #expect(throws: DatabaseError.self) {
            try store.writer.write { db in try db.execute(sql: "DELETE FROM scores") }
        }
        #expect(refusal?.message == "scores are append-only: a correction is a new row with a reason")
    }
}
