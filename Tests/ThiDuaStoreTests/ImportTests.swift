import Foundation
import GRDB
import Testing
import ThiDuaCore
import ThiDuaStore

@Suite struct ImportTests {
    @Test func theBaseDatasetLoadsWithWhatItHolds() throws {
        let store = try baseStore()
        #expect(try store.units().map(\.code) == ["BDV", "HLHPN", "P-ANPHU", "TX", "X-PHULAM"])
        #expect(try store.blocs() == [Bloc(code: "KHOI-XP", name: "Khối xã, phường", year: 2024, leader: "P-ANPHU", members: ["P-ANPHU", "X-PHULAM"])])
        let models = try store.models(campaign: "DVK-2024")
        #expect(models.map(\.code) == ["MH-01", "MH-02"])
        let mh01 = models[0]
        // Quotes doubled inside quotes, a line break inside a quoted cell (CRLF file), a BOM, semicolons.
        #expect(mh01.name == "Khu dân cư \"Sáng – xanh – sạch – đẹp\"")
        #expect(mh01.form.approach == "- Bước 1: họp dân\n- Bước 2: ra quân")
        #expect(mh01.metrics == ["ho_tham_gia": Exact(412), "tong_so_ho": Exact("530.5")!])
        #expect(mh01.facts == ["ky_luat": .bool(false), "dia_ban": .text("Khu phố 3, phường An Phú")])
        #expect(models[1].holder == .individual(name: "Trần Thị Bình", position: "Chi hội trưởng phụ nữ thôn Đông"))
        // Facts as written; the criteria set reads `có` as yes.
        #expect(models[1].facts["ky_luat"] == .text("có"))
        #expect(models[1].facts["ky_luat"]?.yesNo == true)
        let pledge = try #require(try store.pledges(campaign: "GUTD-2024").first)
        #expect(pledge.targets.map(\.direction) == [.atLeast, .atMost])
        #expect(pledge.reports.first { $0.unit == "X-PHULAM" && $0.target == "CT1" }?.verifiedScore == Exact("52.5"))
        let log = try store.scores(campaign: "DVK-2024")
        let current = try store.scores(campaign: "DVK-2024", currentOnly: true)
        #expect(log.count == 7)
        #expect(current.count == 6)
        #expect(current.first { $0.juror == "GK01" && $0.entry == "MH-01" && $0.criterion == "A1" }?.points == 18)
        #expect(log.first { $0.juror == "GK02" && $0.criterion == "A1" && $0.entry == "MH-01" }?.points == Exact("16.5"))
    }

    @Test(arguments: ImportKind.allCases)
    func importingTheSameFileAgainChangesNothing(_ kind: ImportKind) throws {
        let store = try baseStore()
        let before = try dump(store)
        let summary = try store.importCSV(kind, from: Fixtures.base.appendingPathComponent("\(kind.rawValue).csv"), name: "x.csv")
        #expect(summary.added == 0)
        #expect(summary.updated == 0)
        #expect(summary.unchanged == summary.rows)
        #expect(try dump(store) == before)
    }

    @Test func reimportingAChangedFileUpdatesByCode() throws {
        let store = try baseStore()
        let csv = "code,name,kind,parent\nBDV,Ban Dân vận Thị ủy Phú Lâm,party_body,TX\nTX,Thị xã Phú Lâm,locality,\nMTTQ,Ủy ban MTTQ Việt Nam thị xã,mass_organisation,TX\n"
        let summary = try store.importCSV(.units, bytes: Array(csv.utf8), name: "units.csv")
        #expect(summary.text == "units.csv: 3 rows, 1 added, 1 updated, 1 unchanged")
        #expect(try store.units().first { $0.code == "BDV" }?.name == "Ban Dân vận Thị ủy Phú Lâm")
        #expect(try store.units().count == 6)
    }

    @Test func textIsStoredInNFC() throws {
        let store = try temporaryStore()
        let nfd = "code,name,kind,parent\nP1,UBND phu\u{31B}o\u{31B}\u{300}ng Bi\u{300}nh Minh,ward,\n"
        _ = try store.importCSV(.units, bytes: Array(nfd.utf8), name: "units.csv")
        let name = try #require(try store.units().first?.name)
        #expect(Array(name.unicodeScalars) == Array("UBND phường Bình Minh".precomposedStringWithCanonicalMapping.unicodeScalars))
        #expect(name.unicodeScalars.count == 21)
    }

    @Test func blankRowsAndRowsOfEmptyCellsAreSkipped() throws {
        let store = try temporaryStore()
        let csv = "code;name;kind;parent\r\n\r\nP1;Phường 1;ward;\r\n;;;\r\n"
        let summary = try store.importCSV(.units, bytes: Array(csv.utf8), name: "units.csv")
        #expect(summary.rows == 1)
        #expect(summary.added == 1)
    }

    /// Rows the fast path takes and rows only the general path reads must store the same thing.
    @Test func theFastAndGeneralPathsStoreTheSame() throws {
        let header = "campaign,juror,entry,criterion,points,comment,scored_at,correction_reason\n"
        let plain = header + "DVK-2024,GK02,MH-01,B1,12.50,,2024-12-10 10:00,\nDVK-2024,GK02,MH-01,B2,7,Tốt,2024-12-10T10:01:00,\n"
        let unusual = header + "DVK-2024 , GK02,MH-01,B1,\"12,5\",,10/12/2024 10:00,\nDVK-2024,GK02,MH-01,B2,007,\"Tốt\",2024-12-10 10:01:00,\n"
        var dumps: [[String]] = []
        for csv in [plain, unusual] {
            let store = try baseStore()
            let summary = try store.importCSV(.scores, bytes: Array(csv.utf8), name: "scores.csv")
            #expect(summary.added == 2)
            dumps.append(try dump(store).filter { $0.hasPrefix("scores ") })
        }
        #expect(dumps[0] == dumps[1])
        #expect(dumps[0].contains { $0.contains("points:\"12.5\"") && $0.contains("scored_at:1733799600") && $0.contains("scored_offset:420") })
    }

    @Test func aCorrectionInTheSameFileAfterItsOriginalIsAccepted() throws {
        let store = try baseStore()
        let csv = """
            campaign,juror,entry,criterion,points,comment,scored_at,correction_reason
            DVK-2024,GK02,MH-02,B1,20,,2024-12-10 10:00,
            DVK-2024,GK02,MH-02,B1,21.5,,2024-12-10 16:00,Bổ sung minh chứng

            """
        _ = try store.importCSV(.scores, bytes: Array(csv.utf8), name: "scores.csv")
        let current = try store.scores(campaign: "DVK-2024", currentOnly: true).filter { $0.criterion == "B1" }
        #expect(current.map(\.points) == [Exact("21.5")!])
        #expect(current.first?.correctionReason == "Bổ sung minh chứng")
    }

    @Test func aFileThatCannotBeReadSaysSo() throws {
        let store = try temporaryStore()
        #expect {
            _ = try store.importCSV(.units, from: URL(fileURLWithPath: "/nonexistent/units.csv"), name: "units.csv")
        } throws: { error in
            (error as? ImportFailure)?.issues.first?.description.hasPrefix("units.csv:1:1: cần một tệp đọc được, nhưng gặp lỗi khi đọc") == true
        }
    }
}
