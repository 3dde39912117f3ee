import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore
@testable import ThiDuaWeb

/// Issue 11, "Nothing silently wrong", the web app's items: each test is named after what broke.
@Suite struct NothingSilentlyWrongTests {
    /// The demo, with DVK-2024 scored once (run #1) with the criteria of `criteria`.
    static func scoredDemo(criteria: String) throws -> Store {
        let store = try demoStore()
        _ = try scoreAndStore(store, "DVK-2024", criteriaDirectory: criteria)
        return store
    }

    /// A browser signed in with `token`.
    static func signedIn(_ client: any TestClientProtocol, _ token: String) async throws -> Browser {
        let browser = Browser(client)
        let answer = try await browser.signIn(token)
        #expect(answer.status == .seeOther)
        return browser
    }

    // MARK: 6. A decimal comma typed on the web changes the number

    @Test func decimalCommaTypedOnTheWebKeepsTheNumber() async throws {
        let store = try JurorPagesTests.unscoredDemo()
        let token = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK01")
        try await withApp(store) { client in
            let juror = try await Self.signedIn(client, token)
            let form = try await juror.get("/cham-diem/MH-01")
            #expect(form.status == .ok)
            // Not a number field, which drops the comma of "1,5" in Chromium (and sends 15).
            #expect(!form.text.contains("type=\"number\""))
            #expect(form.text.contains("id=\"diem_C1\" class=\"diem\" type=\"text\" inputmode=\"decimal\""))
            #expect(form.text.contains("pattern=\"\\s*[0-9]+([,.][0-9]+)?\\s*\""))

            // "1,5" and "1.5" are the same number, stored exactly.
            let sent = try await juror.post("/cham-diem/MH-01", [("csrf", form.csrf ?? ""), ("diem_A1", "15"), ("diem_A2", "1.5"),
                ("diem_B1", "20"), ("diem_B2", "13"), ("diem_C1", "1,5")])
            #expect(sent.status == .seeOther, "\(sent.text)")
            let saved = Dictionary(try await store.scores(campaign: "DVK-2024", currentOnly: true)
                .filter { $0.juror == "GK01" && $0.entry == "MH-01" }.map { ($0.criterion, $0.points) }, uniquingKeysWith: { a, _ in a })
            #expect(saved["C1"] == Exact("1.5"))
            #expect(saved["A2"] == Exact("1.5"))

            // The form shows the saved value with a decimal comma, and what it was understood as.
            let again = try await juror.get("/cham-diem/MH-01")
            #expect(again.text.contains("data-max=\"10\" data-step=\"0.5\" value=\"1,5\""))
            #expect(again.text.contains("<output id=\"hieu_C1\" class=\"hieu\" for=\"diem_C1\">= 1,5 điểm</output>"))

            // "12,5" on C1 (0…10) is refused, naming 12,5 and the maximum; nothing is stored.
            let over = try await juror.post("/cham-diem/MH-01", [("csrf", again.csrf ?? ""), ("diem_C1", "12,5"), ("reason", "thử")])
            #expect(over.status == .unprocessableContent)
            #expect(over.text.contains("Điểm 12,5 nằm ngoài 0…10."))
            #expect(over.text.contains("value=\"12,5\""))
            #expect(try await store.scores(campaign: "DVK-2024", currentOnly: true)
                .first { $0.juror == "GK01" && $0.entry == "MH-01" && $0.criterion == "C1" }?.points == Exact("1.5"))
            // Not a number at all: said so, with what was found.
            let words = try await juror.post("/cham-diem/MH-01", [("csrf", again.csrf ?? ""), ("diem_C1", "1,5,0"), ("reason", "thử")])
            #expect(words.status == .unprocessableContent)
            #expect(words.text.contains("Cần một số từ 0 đến 10, phần thập phân sau dấu phẩy hoặc dấu chấm (như 7,5); gặp &quot;1,5,0&quot;."))
        }
    }

    @Test func scoreScriptReadsTheCommaAndShowsWhatItUnderstood() throws {
        // The browser's check (run in Chromium by Tests/browser): it reads text fields, a comma as a decimal point.
        let script = try String(contentsOf: Paths.root.appendingPathComponent("Sources/ThiDuaWeb/Static/app.js"), encoding: .utf8)
        #expect(script.contains("querySelectorAll(\"input.diem\")"))
        #expect(script.contains("/^([0-9]+)(?:[,.]([0-9]+))?$/"))
        #expect(script.contains("\"= \" + shown(text) + \" điểm\""))
        #expect(!script.contains("type=number"))
    }

    // MARK: 7. Jurors see the panel

    @Test func jurorsSeeNoAggregatesDuringTheRound() async throws {
        let store = try ReadPagesTests.scoredDemo()
        let token = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK01")
        try await withApp(store) { client in
            let juror = try await Self.signedIn(client, token)
            for uri in ["/phong-trao/DVK-2024/khoi/KHOI-XP", "/phong-trao/DVK-2024/don-vi/P-ANPHU",
                        "/api/campaigns/DVK-2024/standings/KHOI-XP", "/api/campaigns/DVK-2024/units/P-ANPHU"] {
                let page = try await juror.get(uri)
                #expect(page.status == .forbidden, "\(uri): \(page.status)")
                #expect(try Self.refusal(page) == Self.keptMessage, "\(uri)")
                #expect(!page.text.contains("91,53") && !page.text.contains("Bằng khen"), "\(uri)")
            }
            // The campaign's page says why, and links to no standings.
            let overview = try await juror.get("/phong-trao/DVK-2024")
            #expect(overview.status == .ok)
            #expect(overview.text.contains(Self.keptMessage))
            #expect(!overview.text.contains("/khoi/KHOI-XP"))
            // Signed out, a juror is refused the same: nobody but the secretariat sees interim results during the round.
            let anyone = try await Browser(client).get("/phong-trao/DVK-2024/khoi/KHOI-XP")
            #expect(anyone.status == .forbidden)
            #expect(anyone.message == Self.keptMessage)

            // Published: jurors see it too, as final.
            _ = try publishRun(store, campaign: "DVK-2024", run: nil, criteriaDirectory: Paths.criteria.path, seed: nil)
            try await Task.sleep(for: .milliseconds(1100))
            let published = try await juror.get("/phong-trao/DVK-2024/khoi/KHOI-XP")
            #expect(published.status == .ok)
            #expect(published.text.contains("Kết quả chính thức: lần tính #1"))
        }
    }

    @Test func frozenRoundShowsResultsToJurors() async throws {
        let store = try ReadPagesTests.scoredDemo()
        let token = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK01")
        try await store.setState(campaign: "DVK-2024", .frozen)
        try await withApp(store) { client in
            let juror = try await Self.signedIn(client, token)
            let page = try await juror.get("/phong-trao/DVK-2024/khoi/KHOI-XP")
            #expect(page.status == .ok)
            #expect(page.text.contains("Kết quả tạm tính: lần tính #1 lúc "))
        }
    }

    /// What a page of results says to anyone but the secretariat while a jury round is open.
    static let keptMessage = "Hội đồng đang chấm điểm: kết quả (tổng điểm, thứ hạng, điểm của hội đồng) chỉ ban thư ký được xem "
        + "cho đến khi ban thư ký công bố kết quả hoặc khóa sổ chấm điểm."

    /// The pages of results the public may ask for, as HTML and JSON.
    static let resultPages = ["/phong-trao/DVK-2024/khoi/KHOI-XP", "/phong-trao/DVK-2024/don-vi/P-ANPHU",
                              "/api/campaigns/DVK-2024/standings/KHOI-XP", "/api/campaigns/DVK-2024/units/P-ANPHU"]

    /// A refusal's message: the `id="loi"` line of a page, the `error` field of JSON.
    static func refusal(_ page: Page) throws -> String? {
        page.contentType?.hasPrefix("application/json") == true ? (try page.json() as? [String: Any])?["error"] as? String : page.message
    }

    @Test func signedOutJurorsSeeNoInterimResults() async throws {
        // An open jury round with an interim run: a juror signed out, or anyone, sees no results.
        let store = try ReadPagesTests.scoredDemo()
        try await withApp(store) { client in
            let anyone = Browser(client)
            for uri in Self.resultPages {
                let page = try await anyone.get(uri)
                #expect(page.status == .forbidden, "\(uri): \(page.status)")
                #expect(try Self.refusal(page) == Self.keptMessage, "\(uri)")
                #expect(!page.text.contains("91,53") && !page.text.contains("91.53") && !page.text.contains("Bằng khen"), "\(uri)")
            }
            let overview = try await anyone.get("/phong-trao/DVK-2024")
            #expect(overview.status == .ok)
            #expect(overview.text.contains(Self.keptMessage))
            #expect(!overview.text.contains("/khoi/KHOI-XP"))
            let json = try #require(try await anyone.get("/api/campaigns/DVK-2024").json() as? [String: Any])
            #expect(json["resultsLine"] as? String == Self.keptMessage)
            #expect(json["results"] == nil && json["run"] == nil)
        }
        // Published: the published run, final.
        try store.publish(campaign: "DVK-2024", at: "2024-12-16T08:00:00Z")
        try await withApp(store) { client in
            let anyone = Browser(client)
            for uri in Self.resultPages {
                let page = try await anyone.get(uri)
                #expect(page.status == .ok, "\(uri): \(page.status)")
                if uri.hasPrefix("/api/") {
                    let results = try #require((try page.json() as? [String: Any])?["results"] as? [String: Any])
                    #expect(results["final"] as? Bool == true && results["status"] as? String == "chính thức", "\(uri)")
                } else {
                    #expect(page.text.contains("Kết quả chính thức: lần tính #1 (tính lúc "), "\(uri)")
                }
            }
        }
        // Frozen without publishing: the round is closed, the latest run shows, interim.
        let frozen = try ReadPagesTests.scoredDemo()
        try await frozen.setState(campaign: "DVK-2024", .frozen)
        try await withApp(frozen) { client in
            let anyone = Browser(client)
            for uri in Self.resultPages {
                let page = try await anyone.get(uri)
                #expect(page.status == .ok, "\(uri): \(page.status)")
                if uri.hasPrefix("/api/") {
                    let results = try #require((try page.json() as? [String: Any])?["results"] as? [String: Any])
                    #expect(results["final"] as? Bool == false && results["status"] as? String == "tạm tính", "\(uri)")
                } else {
                    #expect(page.text.contains("Kết quả tạm tính: lần tính #1 lúc "), "\(uri)")
                }
            }
        }
        // A pledge campaign has no jurors: its interim results are public while it is scoring.
        let pledge = try demoStore()
        _ = try scoreAndStore(pledge, "GUTD-2024", criteriaDirectory: Paths.criteria.path)
        #expect(try await pledge.jurors(campaign: "GUTD-2024").isEmpty)
        #expect(try await pledge.campaigns().first { $0.code == "GUTD-2024" }?.state == .scoring)
        try await withApp(pledge) { client in
            let anyone = Browser(client)
            let page = try await anyone.get("/phong-trao/GUTD-2024/don-vi/P-ANPHU")
            #expect(page.status == .ok)
            #expect(page.text.contains("Kết quả tạm tính: lần tính #1 lúc "))
            let json = try await anyone.get("/api/campaigns/GUTD-2024/units/P-ANPHU")
            #expect(json.status == .ok)
            let results = try #require((try json.json() as? [String: Any])?["results"] as? [String: Any])
            #expect(results["status"] as? String == "tạm tính")
        }
    }

    @Test func standingsSayInterimOrFinalAndPublicPagesShowThePublishedRun() async throws {
        let store = try ReadPagesTests.scoredDemo()
        let admin = try store.issueAdminToken()
        try await withApp(store) { client in
            let anyone = Browser(client)
            let secretariat = try await Self.signedIn(client, admin)
            // Nothing published, the round open: the public sees no results; the secretariat the latest run, interim.
            let kept = try await anyone.get("/phong-trao/DVK-2024/khoi/KHOI-XP")
            #expect(kept.status == .forbidden)
            #expect(kept.message == Self.keptMessage)
            let interim = try await secretariat.get("/phong-trao/DVK-2024/khoi/KHOI-XP")
            #expect(interim.text.contains("id=\"trang-thai-ket-qua\">Kết quả tạm tính: lần tính #1 lúc "))
            #expect(interim.text.contains("chưa được ban thư ký công bố; còn có thể thay đổi."))
            let unit = try await secretariat.get("/phong-trao/DVK-2024/don-vi/P-ANPHU")
            #expect(unit.text.contains("Kết quả tạm tính: lần tính #1 lúc "))
            let json = try #require(try await secretariat.get("/api/campaigns/DVK-2024/standings/KHOI-XP").json() as? [String: Any])
            let results = try #require(json["results"] as? [String: Any])
            #expect(results["run"] as? Int == 1)
            #expect(results["final"] as? Bool == false)
            #expect(results["status"] as? String == "tạm tính")

            // The secretariat publishes run #1 from its page.
            let page = try await secretariat.get("/quan-tri")
            #expect(page.text.contains("Lần tính mới nhất #1 lúc "))
            #expect(page.text.contains("chưa công bố: hội đồng đang chấm nên trang công khai chưa hiện kết quả; kết quả hiện khi công bố hoặc khóa sổ chấm điểm."))
            #expect(page.text.contains("<input type=\"hidden\" name=\"run\" value=\"1\"><button type=\"submit\">Công bố kết quả (lần tính #1)</button>"))
            // Not by a juror, nor without the form's token.
            let juror = try await Self.signedIn(client, try store.issueJurorToken(campaign: "DVK-2024", juror: "GK02"))
            #expect(try await juror.post("/quan-tri/DVK-2024/cong-bo", [("csrf", page.csrf ?? ""), ("run", "1")]).status == .forbidden)
            #expect(try await secretariat.post("/quan-tri/DVK-2024/cong-bo", [("csrf", "sai"), ("run", "1")]).status == .forbidden)
            let unknown = try await secretariat.post("/quan-tri/DVK-2024/cong-bo", [("csrf", page.csrf ?? ""), ("run", "7")])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.message == "Phong trào DVK-2024 không có lần tính #7.")
            let done = try await secretariat.post("/quan-tri/DVK-2024/cong-bo", [("csrf", page.csrf ?? ""), ("run", "1")])
            #expect(done.status == .seeOther)
            #expect(done.location == "/phong-trao/DVK-2024")
            let final = try await anyone.get("/phong-trao/DVK-2024/khoi/KHOI-XP")
            #expect(final.text.contains("id=\"trang-thai-ket-qua\">Kết quả chính thức: lần tính #1 (tính lúc "))
            #expect(final.text.contains("), công bố lúc "))

            // A newer run, not published: the public still sees run #1, final; the secretariat sees #2, interim.
            let recompute = try await secretariat.post("/quan-tri/DVK-2024/tinh-diem", [("csrf", page.csrf ?? "")])
            #expect(recompute.status == .seeOther)
            let still = try await anyone.get("/phong-trao/DVK-2024/khoi/KHOI-XP")
            #expect(still.text.contains("Kết quả chính thức: lần tính #1 (tính lúc "))
            let overview = try #require(try await anyone.get("/api/campaigns/DVK-2024").json() as? [String: Any])
            #expect(overview["run"] as? Int == 1)
            let own = try await secretariat.get("/phong-trao/DVK-2024/khoi/KHOI-XP")
            #expect(own.text.contains("Kết quả tạm tính: lần tính #2 lúc "))
            let admin2 = try await secretariat.get("/quan-tri")
            #expect(admin2.text.contains("chưa công bố; trang công khai đang hiện lần #1 (công bố lúc "))
        }
    }

    @Test func publishingIsALogOfRuns() throws {
        let store = try ReadPagesTests.scoredDemo()
        #expect(try store.publishedRun(campaign: "DVK-2024") == nil)
        #expect(try store.latestRunStatus(campaign: "DVK-2024")?.publishedAt == nil)
        try store.publish(campaign: "DVK-2024", at: "2024-12-16T08:00:00Z")
        _ = try scoreAndStore(store, "DVK-2024", criteriaDirectory: Paths.criteria.path)
        // A newer run is not published by being computed.
        #expect(try store.publishedRun(campaign: "DVK-2024")?.run == 1)
        #expect(try store.latestRunStatus(campaign: "DVK-2024").map { [$0.run: $0.publishedAt == nil] } == [2: true])
        try store.publish(campaign: "DVK-2024", at: "2024-12-16T09:00:00Z")
        #expect(try store.publishedRun(campaign: "DVK-2024")?.run == 2)
        // Publishing run #1 again makes it the published one; the log keeps all three.
        let again = try store.publish(campaign: "DVK-2024", run: 1, at: "2024-12-16T10:00:00Z")
        #expect(again.publishedAt == "2024-12-16T10:00:00Z")
        #expect(try store.publishedRun(campaign: "DVK-2024")?.run == 1)
        #expect(throws: PublishRefusal.unknownRun(campaign: "DVK-2024", run: 7, runs: [1, 2])) {
            try store.publish(campaign: "DVK-2024", run: 7, at: "2024-12-16T11:00:00Z")
        }
        #expect(throws: PublishRefusal.notScored(campaign: "GUTD-2024")) {
            try store.publish(campaign: "GUTD-2024", at: "2024-12-16T11:00:00Z")
        }
        #expect(PublishRefusal.unknownRun(campaign: "DVK-2024", run: 7, runs: [1, 2]).description
            == "Phong trào DVK-2024 không có lần tính #7 (có: #1, #2).")
    }

    // MARK: 8. The web applies a weaker conflict rule than the engine

    /// The shipped criteria with `conflicts: unit_tree`, in a folder of their own.
    static func unitTreeCriteria() throws -> URL {
        let folder = try temporaryDirectory().appendingPathComponent("Criteria")
        try FileManager.default.copyItem(at: Paths.criteria, to: folder)
        let file = folder.appendingPathComponent("dan-van-kheo-mo-hinh.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let tree = text.replacingOccurrences(of: "  conflicts: unit  ", with: "  conflicts: unit_tree  ")
        #expect(tree != text)
        try tree.write(to: file, atomically: true, encoding: .utf8)
        return folder
    }

    @Test func webAppliesTheEngineConflictRule() async throws {
        let criteria = try Self.unitTreeCriteria()
        let store = try JurorPagesTests.unscoredDemo()
        // GK99 belongs to KP-1, a neighbourhood under P-ANPHU (MH-01's unit); P-PHULAM (MH-05's) is no kin of it.
        try importText(store, .units, "code,name,kind,parent\nKP-1,Khu phố 1 phường An Phú,ward,P-ANPHU\n")
        try importText(store, .jurors, "campaign,code,name,title,unit\nDVK-2024,GK99,Lê Văn Chín,Tổ trưởng khu phố,KP-1\n")
        try importText(store, .assignments, "campaign,juror,entry\nDVK-2024,GK99,MH-01\nDVK-2024,GK99,MH-05\n")
        let token = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK99")
        try await withApp(store, criteria: criteria.path) { client in
            let juror = try await Self.signedIn(client, token)
            let list = try await juror.get("/cham-diem")
            #expect(list.text.contains("id=\"dong-MH-05\""))
            #expect(!list.text.contains("id=\"dong-MH-01\""))
            #expect(list.text.contains("Đã chấm xong 0 / 1 mô hình"))
            let form = try await juror.get("/cham-diem/MH-01")
            #expect(form.status == .forbidden)
            #expect(form.message == "Thành viên GK99 không được chấm MH-01 (đơn vị P-ANPHU): thành viên thuộc KP-1, đơn vị cấp dưới của P-ANPHU; "
                + "bộ tiêu chí không cho thành viên của đơn vị có mục, đơn vị cấp trên hay cấp dưới của nó chấm (xung đột lợi ích).")
            // Sent anyway: refused, nothing stored.
            let csrf = try #require(list.csrf)
            let sent = try await juror.post("/cham-diem/MH-01", [("csrf", csrf)] + JurorPagesTests.fullForm)
            #expect(sent.status == .forbidden)
            #expect(try await store.scores(campaign: "DVK-2024").filter { $0.juror == "GK99" }.isEmpty)
            // MH-05 is scored, and the engine keeps those scores (no conflict note for GK99).
            let ok = try await juror.post("/cham-diem/MH-05", [("csrf", csrf)] + JurorPagesTests.fullForm)
            #expect(ok.status == .seeOther)
        }
        let set = try findCriteriaSet("dvk-mo-hinh", in: criteria.path)
        let result = Engine.score(try store.scoringInput(campaign: "DVK-2024", set: set), trace: true)
        let mh05 = try #require(result.entries.first { $0.entry == "MH-05" })
        #expect(!mh05.trace.contains { $0.item == "xung đột lợi ích" && $0.inputs.contains { $0.hasPrefix("GK99") } })
    }

    @Test func conflictOfInterestIsOneRule() {
        let units = [ThiDuaCore.Unit(code: "TX", name: "Thị xã", kind: .locality),
                     ThiDuaCore.Unit(code: "P1", name: "Phường 1", kind: .ward, parent: "TX"),
                     ThiDuaCore.Unit(code: "KP", name: "Khu phố", kind: .ward, parent: "P1"),
                     ThiDuaCore.Unit(code: "P2", name: "Phường 2", kind: .ward, parent: "TX")]
        let own = ConflictOfInterest(.unit, units: units)
        let tree = ConflictOfInterest(.unitTree, units: units)
        #expect(own.excludes(jurorUnit: "P1", entryUnit: "P1"))
        #expect(!own.excludes(jurorUnit: "TX", entryUnit: "P1"))
        #expect(!own.excludes(jurorUnit: nil, entryUnit: "P1"))
        #expect(tree.excludes(jurorUnit: "TX", entryUnit: "KP"))
        #expect(tree.excludes(jurorUnit: "KP", entryUnit: "TX"))
        #expect(!tree.excludes(jurorUnit: "P2", entryUnit: "KP"))
        #expect(tree.reason(jurorUnit: "TX", entryUnit: "KP") == "thành viên thuộc TX, đơn vị cấp trên của KP")
        #expect(tree.reason(jurorUnit: "P2", entryUnit: "P1") == nil)
    }

    // MARK: 9. On a phone the 4th column of every table is hidden

    @Test func phoneTablesHideNoColumn() async throws {
        let css = try String(contentsOf: Paths.root.appendingPathComponent("Sources/ThiDuaWeb/Static/app.css"), encoding: .utf8)
        #expect(!css.contains("display: none"))
        #expect(css.contains(".table-wrap { overflow-x: auto;"))
        let store = try ReadPagesTests.publishedDemo()
        try await withApp(store) { client in
            let browser = Browser(client)
            for uri in ["/phong-trao/DVK-2024/khoi/KHOI-XP", "/phong-trao/DVK-2024/don-vi/P-ANPHU"] {
                let page = try await browser.get(uri)
                #expect(page.text.occurrences(of: "<table") > 0)
                #expect(page.text.occurrences(of: "<table") == page.text.occurrences(of: "<div class=\"table-wrap\"><table"), "\(uri)")
            }
        }
    }

    // MARK: 11. The pledge page, the tie, a changed criteria file

    @Test func pledgeUnitPageShowsTheTargetsText() async throws {
        let store = try demoStore()
        _ = try scoreAndStore(store, "GUTD-2024", criteriaDirectory: Paths.criteria.path)
        try await withApp(store) { client in
            let page = try await Browser(client).get("/phong-trao/GUTD-2024/don-vi/P-ANPHU")
            #expect(page.status == .ok)
            #expect(page.text.contains("<tr><td>CT1</td><td class=\"text\">Tỷ lệ hộ gia đình đạt danh hiệu &quot;Gia đình văn hóa&quot;</td>"))
            #expect(!page.text.contains("<td>CT1</td><td class=\"text\">CT1</td>"))
        }
    }

    @Test func tieSaysTheTieBreakDecidesNotAGapOfZero() async throws {
        let store = try demoStore()
        _ = try scoreAndStore(store, "GUTD-2024", criteriaDirectory: Paths.criteria.path)
        try await withApp(store) { client in
            // P-ANPHU has 100 points, as P-PHULAM and X-HOALOI ranked above it.
            let page = try await Browser(client).get("/phong-trao/GUTD-2024/don-vi/P-ANPHU")
            #expect(!page.text.contains("thiếu 0,00 điểm"))
            #expect(page.text.contains("<li>bằng điểm mục xếp trên; thứ hạng do tiêu chí phụ quyết định: verified_pledge desc</li>"))
            let json = try #require(try await Browser(client).get("/api/campaigns/GUTD-2024/units/P-ANPHU").json() as? [String: Any])
            let entry = try #require((json["entries"] as? [[String: Any]])?.first)
            #expect(entry["toNextRank"] as? String == "bằng điểm mục xếp trên; thứ hạng do tiêu chí phụ quyết định: verified_pledge desc")
            // A real gap keeps its figure.
            let other = try await Browser(client).get("/phong-trao/GUTD-2024/don-vi/P-HOAAN")
            #expect(other.text.contains("<li>thiếu 0,48 điểm để lên một hạng</li>"))
        }
    }

    /// The shipped criteria in a folder of their own, to edit.
    static func criteriaCopy() throws -> URL {
        let folder = try temporaryDirectory().appendingPathComponent("Criteria")
        try FileManager.default.copyItem(at: Paths.criteria, to: folder)
        return folder
    }

    @Test func changedCriteriaFileKeepsThePublicPages() async throws {
        let criteria = try Self.criteriaCopy()
        let store = try Self.scoredDemo(criteria: criteria.path)
        try store.publish(campaign: "DVK-2024", at: "2024-12-16T08:00:00Z")
        let file = criteria.appendingPathComponent("dan-van-kheo-mo-hinh.yaml")
        let before = try await withApp(store, criteria: criteria.path) { client in
            try await Browser(client).get("/phong-trao/DVK-2024/khoi/KHOI-XP").text
        }
        // Edited after the run (another maximum), then broken altogether: the stored run is still shown, as it was.
        let text = try String(contentsOf: file, encoding: .utf8)
        try (text + "\n# sửa sau lần tính\n").write(to: file, atomically: true, encoding: .utf8)
        for broken in [false, true] {
            if broken { try "id: [khong dong ngoac\n".write(to: file, atomically: true, encoding: .utf8) }
            try await withApp(store, criteria: criteria.path) { client in
                let browser = Browser(client)
                let standings = try await browser.get("/phong-trao/DVK-2024/khoi/KHOI-XP")
                #expect(standings.status == .ok, "\(standings.text)")
                #expect(standings.text == before)
                for uri in ["/phong-trao/DVK-2024", "/phong-trao/DVK-2024/don-vi/P-ANPHU", "/api/campaigns/DVK-2024/standings/KHOI-XP",
                            "/api/campaigns/DVK-2024/units/P-ANPHU", "/api/campaigns/DVK-2024"] {
                    let page = try await browser.get(uri)
                    #expect(page.status == .ok, "\(uri): \(page.text.prefix(300))")
                    #expect(!page.text.contains(criteria.path), "\(uri)")
                }
            }
        }
    }

    @Test func errorsNeverRevealServerPaths() async throws {
        let criteria = try Self.criteriaCopy()
        // A run stored without its criteria file (as before the store kept them), and the file since broken.
        let store = try demoStore()
        let input = try store.scoringInput(campaign: "DVK-2024", set: try findCriteriaSet("dvk-mo-hinh", in: criteria.path))
        try store.save(Engine.score(input), inputSHA256: input.sha256, at: "2024-12-15T10:00:00Z")
        // Published, so that the public's pages build it too (during the open round they would be refused first).
        try store.publish(campaign: "DVK-2024", at: "2024-12-16T08:00:00Z")
        let token = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK01")
        let admin = try store.issueAdminToken()
        let file = criteria.appendingPathComponent("dan-van-kheo-mo-hinh.yaml")
        try "id: [khong dong ngoac\n".write(to: file, atomically: true, encoding: .utf8)
        try await withApp(store, criteria: criteria.path) { client in
            let anyone = Browser(client)
            let juror = try await Self.signedIn(client, token)
            let secretariat = try await Self.signedIn(client, admin)
            let csrf = try #require(try await secretariat.get("/quan-tri").csrf)
            var refusals: [Page] = []
            for uri in ["/phong-trao/DVK-2024/khoi/KHOI-XP", "/phong-trao/DVK-2024/don-vi/P-ANPHU", "/api/campaigns/DVK-2024/standings/KHOI-XP",
                        "/api/campaigns/DVK-2024/units/P-ANPHU", "/api/campaigns/DVK-2024"] {
                refusals.append(try await anyone.get(uri))
            }
            refusals.append(try await juror.get("/cham-diem"))
            refusals.append(try await secretariat.post("/quan-tri/DVK-2024/tinh-diem", [("csrf", csrf)]))
            for page in refusals {
                #expect(page.status == .unprocessableContent, "\(page.status): \(page.text.prefix(300))")
                #expect(!page.text.contains(criteria.path))
                #expect(!page.text.contains(FileManager.default.temporaryDirectory.path))
                #expect(page.text.contains("dan-van-kheo-mo-hinh.yaml"), "\(page.text.prefix(600))")
            }
        }
    }

    @Test func redactionCutsPathsToTheirFileNames() {
        #expect(Redaction.withoutPaths("/srv/thidua/Criteria/dvk.yaml:12:3: không đọc được") == "dvk.yaml:12:3: không đọc được")
        #expect(Redaction.withoutPaths("Bộ tiêu chí x (/tmp/a/b.yaml, sha256 12ab…)") == "Bộ tiêu chí x (b.yaml, sha256 12ab…)")
        #expect(Redaction.withoutPaths("hạn 25/11/2024, điểm 0…20, km/h") == "hạn 25/11/2024, điểm 0…20, km/h")
        #expect(Redaction.withoutPaths("Không có bộ tiêu chí id 'x' trong /work/main/Criteria/. Các tệp lỗi:")
            == "Không có bộ tiêu chí id 'x' trong Criteria/. Các tệp lỗi:")
    }
}
