import Foundation
import Testing
import ThiDuaCore
import ThiDuaStore

/// Scores read from a spreadsheet go through the CSV scores importer's rules, in one
/// transaction, each problem named by its cell.
@Suite struct SheetScoresTests {
    /// A score at row `row` of sheet `sheet` (criteria from column D: A1, A2, B1, …).
    static func score(_ juror: String, _ entry: String, _ criterion: String, _ points: String, row: Int, comment: String? = nil) -> SheetScores.Score {
        let column = 4 + (["A1", "A2", "B1", "B2", "C1"].firstIndex(of: criterion) ?? 0)
        let letter = String(UnicodeScalar(UInt8(64 + column)))
        return SheetScores.Score(sheet: juror, juror: juror, entry: entry, criterion: criterion, points: points, comment: comment, row: row, column: column,
            pointsCell: "\(juror)!\(letter)\(row)", entryCell: "\(juror)!A\(row)", criterionCell: "\(juror)!\(letter)1",
            commentCell: comment == nil ? nil : "\(juror)!I\(row)")
    }

    static func input(
        _ scores: [SheetScores.Score], campaign: String = "DVK-2024", at time: String = "2024-12-11 10:00", reason: String? = nil,
        problems: [SheetScores.Problem] = []
    ) -> SheetScores {
        SheetScores(file: "phieu.ods", sheets: Array(Set(scores.map(\.sheet))).sorted(), campaign: campaign, campaignPlace: "tiêu đề tài liệu",
            scoredAt: Moment(parsing: time, assuming: .vietnam)!, scoredAtPlace: "ngày lưu ghi trong tệp", correctionReason: reason,
            correctionHint: "hãy ghi lý do bằng tùy chọn --reason", scores: scores, problems: problems)
    }

    func failure(_ body: () throws -> Void) -> ImportFailure? {
        do {
            try body()
            return nil
        } catch let failure as ImportFailure {
            return failure
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func newScoresAreLoggedAndScoresAsTheyStandAreNot() throws {
        let store = try baseStore()
        let before = try store.scores(campaign: "DVK-2024").count
        // GK01's A1 for MH-01 is 18 now (corrected); A2 is 12 with a comment.
        let summary = try store.importSheetScores(Self.input([
            Self.score("GK01", "MH-01", "A1", "18", row: 2),
            Self.score("GK01", "MH-01", "A2", "12", row: 2, comment: "Cách làm phù hợp"),
            Self.score("GK01", "MH-02", "B1", "20.5", row: 3, comment: "Có \"kết quả\", rõ ràng"),
        ]))
        #expect(summary.text == "phieu.ods: 3 rows, 1 added, 0 updated, 2 unchanged")
        let log = try store.scores(campaign: "DVK-2024")
        #expect(log.count == before + 1)
        #expect(log.last == Score(juror: "GK01", entry: "MH-02", criterion: "B1", points: Exact("20.5")!, comment: "Có \"kết quả\", rõ ràng",
            time: Moment(parsing: "2024-12-11 10:00", assuming: .vietnam)!))
        // The same sheet again stores nothing.
        let again = try store.importSheetScores(Self.input([Self.score("GK01", "MH-02", "B1", "20.5", row: 3, comment: "Có \"kết quả\", rõ ràng")]))
        #expect(again.added == 0 && again.unchanged == 1)
        #expect(try store.scores(campaign: "DVK-2024").count == before + 1)
    }

    @Test func aChangedScoreIsACorrectionAndNeedsAReason() throws {
        let store = try baseStore()
        let before = try store.scores(campaign: "DVK-2024")
        let failure = failure { _ = try store.importSheetScores(Self.input([
            Self.score("GK01", "MH-02", "A1", "16", row: 3),
            Self.score("GK01", "MH-02", "A2", "10", row: 3),
        ])) }
        #expect(failure?.description == """
            phieu.ods: GK01!D3: điểm 16 khác điểm 15 thành viên GK01 đã chấm cho mô hình MH-02, tiêu chí A1; sửa điểm cần có lý do: hãy ghi lý do bằng tùy chọn --reason
            phieu.ods: không nhập dòng nào
            """)
        #expect(try store.scores(campaign: "DVK-2024") == before)

        let summary = try store.importSheetScores(Self.input([
            Self.score("GK01", "MH-02", "A1", "16", row: 3),
            Self.score("GK01", "MH-02", "A2", "10", row: 3),
        ], reason: "Chấm lại sau khi xem thực tế"))
        #expect(summary.added == 2)
        let log = try store.scores(campaign: "DVK-2024")
        // The reason goes with the correction only, not with a first score.
        #expect(log.suffix(2).map(\.correctionReason) == ["Chấm lại sau khi xem thực tế", nil])
    }

    @Test func theStoresRulesNameTheCells() throws {
        let store = try baseStore()
        let before = try store.scores(campaign: "DVK-2024").count
        let failure = failure { _ = try store.importSheetScores(Self.input([
            // GK03 is assigned MH-01 only.
            Self.score("GK03", "MH-02", "A1", "10", row: 3),
            Self.score("GK03", "MH-02", "A2", "10", row: 3),
            // Older than the score already logged, and different.
            Self.score("GK03", "MH-01", "A1", "12", row: 2),
        ], at: "2024-12-10 09:00")) }
        #expect(failure?.issues.map(\.description) == [
            "phieu.ods: GK03!D2 (thời điểm chấm lấy từ ngày lưu ghi trong tệp): cần thời điểm sau lần chấm gần nhất của thành viên GK03 cho mô hình MH-01, "
                + "tiêu chí A1 (điểm được ghi theo thứ tự thời gian), nhưng gặp \"2024-12-10T09:00:00+07:00\"",
            "phieu.ods: GK03!A3: cần một mô hình đã phân công cho thành viên GK03 (assignments.csv), nhưng gặp \"MH-02\", mô hình chưa được phân công cho thành viên này",
        ])
        #expect(try store.scores(campaign: "DVK-2024").count == before)
    }

    @Test func aFrozenCampaignIsSaidOnce() throws {
        let store = try baseStore()
        let failure = failure { _ = try store.importSheetScores(Self.input([
            Self.score("GK01", "MH-23", "A1", "10", row: 2),
            Self.score("GK01", "MH-23", "A2", "10", row: 2),
        ], campaign: "DVK-2023")) }
        #expect(failure?.issues.map(\.description) == [
            "phieu.ods: tiêu đề tài liệu: cần một phong trào còn đang chấm, nhưng gặp \"DVK-2023\", phong trào đã khóa",
        ])
        #expect(try store.scores(campaign: "DVK-2023").isEmpty)
    }

    @Test func problemsFromReadingTheSheetStoreNothing() throws {
        let store = try baseStore()
        let before = try store.scores(campaign: "DVK-2024").count
        let failure = failure { _ = try store.importSheetScores(Self.input([
            Self.score("GK01", "MH-02", "B1", "20", row: 3),
            Self.score("GK03", "MH-02", "A1", "10", row: 3),
        ], problems: [
            SheetScores.Problem(sheet: "GK01", row: 2, column: 4, place: "GK01!D2", message: "điểm 23 lớn hơn điểm tối đa 20 của tiêu chí A1"),
        ])) }
        // Sorted by sheet, row, column: the reading side's problem and the store's together.
        #expect(failure?.issues.map(\.description) == [
            "phieu.ods: GK01!D2: điểm 23 lớn hơn điểm tối đa 20 của tiêu chí A1",
            "phieu.ods: GK03!A3: cần một mô hình đã phân công cho thành viên GK03 (assignments.csv), nhưng gặp \"MH-02\", mô hình chưa được phân công cho thành viên này",
        ])
        #expect(try store.scores(campaign: "DVK-2024").count == before)
    }
}
