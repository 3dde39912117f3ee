import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import ThiDuaCore
import ThiDuaStore
import ThiDuaWeb

/// Signing in, and a juror's scoring with every refusal, on the demo dataset before any score.
@Suite struct JurorPagesTests {
    /// The demo without its score log, plus `MH-41`, a model nobody is assigned to.
    static func unscoredDemo() throws -> Store {
        let store = try demoStore(scores: false)
        try importText(store, .models, """
            campaign,code,unit,kind,field,name,registered_on
            DVK-2024,MH-41,P-ANPHU,collective,economy,Mô hình chưa phân công,02/02/2024
            """)
        return store
    }

    /// The five jury criteria of `dvk-mo-hinh` with valid points.
    static let fullForm: [(String, String)] = [("diem_A1", "15"), ("diem_A2", "12.5"), ("diem_B1", "20"), ("diem_B2", "13"), ("diem_C1", "8,5")]

    // MARK: Signing in

    @Test func signInFlow() async throws {
        let store = try Self.unscoredDemo()
        let token = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK01")
        try await withApp(store) { client in
            let browser = Browser(client)
            let form = try await browser.get("/dang-nhap")
            #expect(form.status == .ok)
            #expect(form.text.contains("<h1>Đăng nhập</h1>"))
            let anonymous = try #require(browser.cookie)
            let csrf = try #require(form.csrf)
            #expect(csrf.count == 64)
            // The cookie: the session id only, HttpOnly, SameSite=Strict, for the whole site.
            let line = try #require(form.setCookies.first { $0.hasPrefix("thidua_phien=") })
            let attributes = Set(line.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
            #expect(attributes.contains("httponly"))
            #expect(attributes.contains("samesite=strict"))
            #expect(attributes.contains("path=/"))

            // The same browser keeps its session (and its form token) until it signs in.
            let again = try await browser.get("/dang-nhap")
            #expect(again.csrf == csrf)
            #expect(again.setCookies.contains { $0.hasPrefix("thidua_phien=\(anonymous)") })

            let signedIn = try await browser.post("/dang-nhap", [("csrf", csrf), ("token", "  \(token)\n")])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.location == "/cham-diem")
            let line2 = try #require(signedIn.setCookies.first { $0.hasPrefix("thidua_phien=") })
            #expect(line2.lowercased().contains("httponly"))
            #expect(line2.lowercased().contains("samesite=strict"))
            let session = try #require(browser.cookie)
            #expect(session != anonymous)

            let list = try await browser.get("/cham-diem")
            #expect(list.status == .ok)
            #expect(list.text.contains("<h1>Chấm điểm — Tạ Quang Vinh (GK01)</h1>"))
            #expect(list.text.contains("Đã chấm xong 0 / 40 mô hình"))
            #expect(list.text.contains("Chấm điểm (GK01)"))
            #expect(list.text.contains("action=\"/dang-xuat\""))
            // Units by their names, not their codes, in the list and on an entry's form.
            #expect(list.text.contains("<td class=\"text\">UBND phường An Phú</td>"))
            #expect(!list.text.contains("<td>P-ANPHU</td>"))
            let entry = try await browser.get("/cham-diem/MH-01")
            #expect(entry.text.contains("<p class=\"muted\">Đơn vị: UBND phường An Phú</p>"))

            // The anonymous session is gone: its cookie no longer signs anyone in, nor sends a form.
            let old = Browser(client, cookie: anonymous)
            #expect(try await old.get("/cham-diem").status == .unauthorized)
            #expect(try await old.post("/dang-nhap", [("csrf", csrf), ("token", token)]).status == .forbidden)

            // Signing out: the session ends, the cookie is cleared.
            let out = try await browser.post("/dang-xuat", [("csrf", list.csrf ?? "")])
            #expect(out.status == .seeOther)
            #expect(out.location == "/")
            #expect(out.setCookies.contains { $0.hasPrefix("thidua_phien=;") && $0.lowercased().contains("max-age=0") })
            let stale = Browser(client, cookie: session)
            let after = try await stale.get("/cham-diem")
            #expect(after.status == .unauthorized)
        }
    }

    @Test func secretariatSignsInToItsPages() async throws {
        let store = try Self.unscoredDemo()
        let token = try store.issueAdminToken()
        try await withApp(store) { client in
            let browser = Browser(client)
            let signedIn = try await browser.signIn(token)
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.location == "/quan-tri")
            let admin = try await browser.get("/quan-tri")
            #expect(admin.status == .ok)
            #expect(admin.text.contains("<h1>Ban thư ký</h1>"))
            // The secretariat is not a juror.
            let jury = try await browser.get("/cham-diem")
            #expect(jury.status == .forbidden)
            #expect(jury.message == "Trang này dành cho thành viên hội đồng chấm điểm, không dành cho ban thư ký.")
            // A new secretariat token ends the sessions opened with the old one.
            _ = try store.issueAdminToken()
            #expect(try await browser.get("/quan-tri").status == .unauthorized)
        }
    }

    @Test func aNewTokenEndsTheOldSessions() async throws {
        let store = try Self.unscoredDemo()
        let token = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK02")
        try await withApp(store) { client in
            let browser = Browser(client)
            try await browser.signIn(token)
            #expect(try await browser.get("/cham-diem").status == .ok)
            let newer = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK02")
            let refused = try await browser.get("/cham-diem")
            #expect(refused.status == .unauthorized)
            #expect(try await Browser(client).signIn(token).status == .unauthorized)
            let again = Browser(client)
            try await again.signIn(newer)
            #expect(try await again.get("/cham-diem").status == .ok)
        }
    }

    @Test func wrongTokenIs401() async throws {
        let store = try Self.unscoredDemo()
        _ = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK01")
        _ = try store.issueAdminToken()
        try await withApp(store) { client in
            let browser = Browser(client)
            for token in ["sai-ma", "", "' OR 1=1 --"] {
                let page = try await browser.signIn(token)
                #expect(page.status == .unauthorized)
                #expect(page.message == "Mã truy cập không đúng. Hãy nhập mã cá nhân mà ban thư ký đã cấp.")
                #expect(page.location == nil)
            }
            #expect(try await browser.get("/cham-diem").status == .unauthorized)
        }
    }

    @Test func csrfIsChecked() async throws {
        let store = try Self.unscoredDemo()
        let token = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK01")
        let other = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK02")
        let forgery = "Biểu mẫu đã hết hạn hoặc không do trang này gửi (mã chống giả mạo không khớp). Hãy tải lại trang rồi gửi lại."
        try await withApp(store) { client in
            // Signing in: no field, a wrong one, or no session at all.
            let browser = Browser(client)
            _ = try await browser.get("/dang-nhap")
            let missing = try await browser.post("/dang-nhap", [("token", token)])
            #expect(missing.status == .forbidden)
            #expect(missing.message == forgery)
            let wrong = try await browser.post("/dang-nhap", [("csrf", String(repeating: "0", count: 64)), ("token", token)])
            #expect(wrong.status == .forbidden)
            let empty = try await browser.post("/dang-nhap", [("csrf", ""), ("token", token)])
            #expect(empty.status == .forbidden)
            let cookieless = Browser(client)
            let noSession = try await cookieless.post("/dang-nhap", [("csrf", "x"), ("token", token)])
            #expect(noSession.status == .forbidden)
            #expect(cookieless.cookie == nil)

            // Scoring: the form's token of another juror's session does not do.
            #expect(try await browser.signIn(token).status == .seeOther)
            let second = Browser(client)
            #expect(try await second.signIn(other).status == .seeOther)
            let theirs = try #require(try await second.get("/cham-diem/MH-01").csrf)
            let forged = try await browser.post("/cham-diem/MH-01", [("csrf", theirs)] + Self.fullForm)
            #expect(forged.status == .forbidden)
            #expect(forged.message == forgery)
            let none = try await browser.post("/cham-diem/MH-01", Self.fullForm)
            #expect(none.status == .forbidden)
            #expect(try await store.scores(campaign: "DVK-2024").isEmpty)
            // Signing out needs it too.
            #expect(try await browser.post("/dang-xuat", []).status == .forbidden)
            #expect(try await browser.get("/cham-diem").status == .ok)
        }
    }

    // MARK: Scoring

    @Test func notSignedInIs401() async throws {
        try await withApp(try Self.unscoredDemo()) { client in
            let browser = Browser(client)
            let message = "Hãy đăng nhập bằng mã cá nhân của thành viên hội đồng (trang Đăng nhập)."
            for uri in ["/cham-diem", "/cham-diem/MH-01"] {
                let page = try await browser.get(uri)
                #expect(page.status == .unauthorized)
                #expect(page.message == message)
            }
            let post = try await browser.post("/cham-diem/MH-01", [("csrf", "x")] + Self.fullForm)
            #expect(post.status == .unauthorized)
            // An anonymous session (only the sign-in form seen) is not signed in either.
            _ = try await browser.get("/dang-nhap")
            #expect(try await browser.get("/cham-diem").status == .unauthorized)
            let forged = Browser(client, cookie: String(repeating: "a", count: 64))
            #expect(try await forged.get("/cham-diem").status == .unauthorized)
        }
    }

    @Test func scoringAnEntryShowsProgress() async throws {
        let store = try Self.unscoredDemo()
        let token = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK01")
        try await withApp(store) { client in
            let browser = Browser(client)
            try await browser.signIn(token)
            let before = try await browser.get("/cham-diem")
            #expect(before.text.contains("Đã chấm xong 0 / 40 mô hình"))
            #expect(before.text.contains("<progress id=\"thanh-tien-do\" max=\"40\" value=\"0\">0%</progress>"))
            #expect(try #require(before.row(containing: "id=\"dong-MH-01\"")).contains("0 / 5"))
            #expect(!before.text.contains("MH-41"))

            let form = try await browser.get("/cham-diem/MH-01")
            #expect(form.status == .ok)
            #expect(form.message == nil)
            #expect(!form.text.contains("<span class=\"error\">"))
            #expect(!form.text.contains("name=\"reason\""))
            #expect(form.text.contains("<form method=\"post\" action=\"/cham-diem/MH-01\""))
            for id in ["A1", "A2", "B1", "B2", "C1"] { #expect(form.text.contains("name=\"diem_\(id)\"")) }
            #expect(!form.text.contains("name=\"diem_D1\""))
            #expect(form.text.contains("data-max=\"20\" data-step=\"0.5\""))
            // The form inside the page carries the session's token, as the layout's sign-out form does.
            let csrf = try #require(form.csrf)
            #expect(csrf.count == 64)
            let inForm = try #require(form.text.range(of: "id=\"phieu\""))
            #expect(Page.field("csrf", in: String(form.text[inForm.upperBound...])) == csrf)

            let saved = try await browser.post("/cham-diem/MH-01", [("csrf", csrf)] + Self.fullForm + [("comment", "Cách làm hay")])
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/cham-diem")
            let after = try await browser.get("/cham-diem")
            #expect(after.text.contains("Đã chấm xong 1 / 40 mô hình"))
            #expect(after.text.contains("<progress id=\"thanh-tien-do\" max=\"40\" value=\"1\">2%</progress>"))
            let row = try #require(after.row(containing: "id=\"dong-MH-01\""))
            #expect(row.contains("5 / 5"))
            #expect(row.contains("Xem, sửa"))

            let log = try await store.scores(campaign: "DVK-2024")
            #expect(log.count == 5)
            #expect(Dictionary(uniqueKeysWithValues: log.map { ($0.criterion, $0.points) })
                == ["A1": Exact(15), "A2": Exact("12.5")!, "B1": Exact(20), "B2": Exact(13), "C1": Exact("8.5")!])
            #expect(log.allSatisfy { $0.juror == "GK01" && $0.entry == "MH-01" && $0.comment == "Cách làm hay" && $0.correctionReason == nil })

            // The saved scores are in the form again, with a decimal comma.
            let again = try await browser.get("/cham-diem/MH-01")
            #expect(again.text.contains("id=\"diem_A2\" class=\"diem\" type=\"text\" inputmode=\"decimal\""))
            #expect(again.text.contains("data-max=\"15\" data-step=\"0.5\" value=\"12,5\""))
            #expect(again.text.contains("Cách làm hay</textarea>"))
            #expect(again.text.contains("name=\"reason\""))

            // A part of the criteria counts as begun, not done.
            let part = try await browser.post("/cham-diem/MH-02", [("csrf", csrf), ("diem_A1", "10")])
            #expect(part.status == .seeOther)
            let list = try await browser.get("/cham-diem")
            #expect(list.text.contains("Đã chấm xong 1 / 40 mô hình"))
            #expect(try #require(list.row(containing: "id=\"dong-MH-02\"")).contains("1 / 5"))

            // An empty form records nothing.
            let nothing = try await browser.post("/cham-diem/MH-03", [("csrf", csrf), ("diem_A1", "")])
            #expect(nothing.status == .unprocessableContent)
            #expect(nothing.message == "Chưa nhập điểm tiêu chí nào.")
            #expect(try await store.scores(campaign: "DVK-2024").count == 6)
        }
    }

    @Test func formsSentTwiceAtOnceAreRecordedOnce() async throws {
        let store = try Self.unscoredDemo()
        let token = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK01")
        try await withApp(store) { client in
            let browser = Browser(client)
            try await browser.signIn(token)
            let csrf = try #require(try await browser.get("/cham-diem").csrf)
            let cookie = browser.cookie
            // The same form twenty times at once (a double click, a flaky network): one set of rows.
            let same = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await Browser(client, cookie: cookie).post("/cham-diem/MH-05", [("csrf", csrf)] + Self.fullForm).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(same.count == 20)
            #expect(same.allSatisfy { $0 == .seeOther })
            #expect(try await store.scores(campaign: "DVK-2024").count == 5)

            // Two different forms at once: the first is recorded, the second is a correction without a reason.
            var other = Self.fullForm.filter { $0.0 != "diem_A1" }
            other.append(("diem_A1", "3"))
            let forms = [Self.fullForm, other]
            let both = try await withThrowingTaskGroup(of: (Int, HTTPResponse.Status).self) { group in
                for (i, form) in forms.enumerated() {
                    group.addTask { (i, try await Browser(client, cookie: cookie).post("/cham-diem/MH-06", [("csrf", csrf)] + form).status) }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(Set(both.values) == [.seeOther, .unprocessableContent])
            let rows = try await store.scores(campaign: "DVK-2024").filter { $0.entry == "MH-06" }
            #expect(rows.count == 5)
            let winner = both.first { $0.value == .seeOther }!.key
            #expect(rows.first { $0.criterion == "A1" }?.points == (winner == 0 ? Exact(15) : Exact(3)))
        }
    }

    @Test func invalidPointsAre422BesideTheCriterion() async throws {
        let store = try Self.unscoredDemo()
        let token = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK01")
        try await withApp(store) { client in
            let browser = Browser(client)
            try await browser.signIn(token)
            let csrf = try #require(try await browser.get("/cham-diem/MH-01").csrf)
            let cases: [(field: String, value: String, message: String)] = [
                ("A1", "25", "Điểm 25 nằm ngoài 0…20."),
                ("A1", "-1", "Điểm -1 nằm ngoài 0…20."),
                ("B1", "abc", "Cần một số từ 0 đến 25, phần thập phân sau dấu phẩy hoặc dấu chấm (như 7,5); gặp &quot;abc&quot;."),
                ("B1", "1e3", "Cần một số từ 0 đến 25, phần thập phân sau dấu phẩy hoặc dấu chấm (như 7,5); gặp &quot;1e3&quot;."),
                ("C1", "7.3", "Điểm 7,3 không theo bước 0,5."),
                ("C1", "10.5", "Điểm 10,5 nằm ngoài 0…10."),
            ]
            for c in cases {
                var fields = Self.fullForm.filter { $0.0 != "diem_\(c.field)" }
                fields.append(("diem_\(c.field)", c.value))
                let page = try await browser.post("/cham-diem/MH-01", [("csrf", csrf)] + fields)
                #expect(page.status == .unprocessableContent, "\(c)")
                #expect(page.message == "Có điểm chưa hợp lệ: xem từng tiêu chí.")
                // The message is in the criterion's own row, and the value sent is kept there.
                let row = try #require(page.row(containing: "id=\"diem_\(c.field)\""))
                #expect(row.contains("<span class=\"error\">\(c.message)</span>"), "\(c)")
                #expect(row.contains("value=\"\(c.value)\""))
                #expect(page.text.occurrences(of: "<span class=\"error\">") == 1)
                // The other values are kept too.
                if c.field != "A2" { #expect(try #require(page.row(containing: "id=\"diem_A2\"")).contains("value=\"12.5\"")) }
            }
            #expect(try await store.scores(campaign: "DVK-2024").isEmpty)
        }
    }

    @Test func correctionsNeedAReason() async throws {
        let store = try Self.unscoredDemo()
        let token = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK01")
        try await withApp(store) { client in
            let browser = Browser(client)
            try await browser.signIn(token)
            let csrf = try #require(try await browser.get("/cham-diem/MH-07").csrf)
            #expect(try await browser.post("/cham-diem/MH-07", [("csrf", csrf)] + Self.fullForm).status == .seeOther)

            // The same points again: nothing to correct, nothing written.
            #expect(try await browser.post("/cham-diem/MH-07", [("csrf", csrf)] + Self.fullForm).status == .seeOther)
            #expect(try await store.scores(campaign: "DVK-2024").count == 5)

            // A changed score without a reason (or a blank one) is refused, beside the criterion.
            var changed = Self.fullForm.filter { $0.0 != "diem_A1" }
            changed.append(("diem_A1", "18"))
            for reason in [nil, "   "] as [String?] {
                let page = try await browser.post("/cham-diem/MH-07", [("csrf", csrf)] + changed + (reason.map { [("reason", $0)] } ?? []))
                #expect(page.status == .unprocessableContent)
                #expect(page.message == "Sửa điểm đã lưu (A1) cần ghi lý do sửa.")
                let row = try #require(page.row(containing: "id=\"diem_A1\""))
                #expect(row.contains("Điểm này khác điểm đã lưu: cần ghi lý do sửa."))
                #expect(row.contains("value=\"18\""))
            }
            #expect(try await store.scores(campaign: "DVK-2024").count == 5)

            // A changed comment alone is a correction too, and the message says so.
            let comment = try await browser.post("/cham-diem/MH-07", [("csrf", csrf)] + Self.fullForm + [("comment", "Nhận xét mới")])
            #expect(comment.status == .unprocessableContent)
            let a2 = try #require(comment.row(containing: "id=\"diem_A2\""))
            #expect(a2.contains("Nhận xét khác nhận xét đã lưu: cần ghi lý do sửa."))
            #expect(!a2.contains("Điểm này khác"))
            let mixed = try await browser.post("/cham-diem/MH-07", [("csrf", csrf)] + changed + [("comment", "Nhận xét mới")])
            #expect(try #require(mixed.row(containing: "id=\"diem_A1\"")).contains("Điểm này khác điểm đã lưu: cần ghi lý do sửa."))
            #expect(try #require(mixed.row(containing: "id=\"diem_B1\"")).contains("Nhận xét khác nhận xét đã lưu: cần ghi lý do sửa."))
            #expect(try await store.scores(campaign: "DVK-2024").count == 5)

            // With a reason: a new row, the first one kept, the new one in effect.
            let fixed = try await browser.post("/cham-diem/MH-07", [("csrf", csrf)] + changed + [("reason", "Nhập nhầm 15 thay vì 18")])
            #expect(fixed.status == .seeOther)
            let log = try await store.scores(campaign: "DVK-2024").filter { $0.criterion == "A1" }
            #expect(log.map(\.points) == [Exact(15), Exact(18)])
            #expect(log.map(\.correctionReason) == [nil, "Nhập nhầm 15 thay vì 18"])
            #expect(log[1].time > log[0].time)
            #expect(try await store.scores(campaign: "DVK-2024").count == 6)
            let current = try await store.scores(campaign: "DVK-2024", currentOnly: true)
            #expect(current.count == 5)
            #expect(current.first { $0.criterion == "A1" }?.points == Exact(18))
            #expect(try await browser.get("/cham-diem/MH-07").text.contains("<output id=\"hieu_A1\" class=\"hieu\" for=\"diem_A1\">= 18 điểm</output>"))
        }
    }

    @Test func entriesAJurorMayNotScore() async throws {
        let store = try Self.unscoredDemo()
        let gk03 = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK03")
        try await withApp(store) { client in
            let browser = Browser(client)
            try await browser.signIn(gk03)
            // GK03 is of MTTQ, which owns MH-23 and MH-24: not in the list, and refused.
            let list = try await browser.get("/cham-diem")
            #expect(list.text.contains("Đã chấm xong 0 / 38 mô hình"))
            #expect(!list.text.contains("MH-23"))
            #expect(!list.text.contains("MH-24"))
            #expect(list.text.contains("id=\"dong-MH-22\""))
            let csrf = try #require(list.csrf)
            let conflict = "Thành viên GK03 không được chấm MH-23 (đơn vị MTTQ): thành viên thuộc đơn vị MTTQ, đơn vị có mục này; "
                + "bộ tiêu chí không cho thành viên của đơn vị có mục chấm (xung đột lợi ích)."
            let form = try await browser.get("/cham-diem/MH-23")
            #expect(form.status == .forbidden)
            #expect(form.message == conflict)
            let post = try await browser.post("/cham-diem/MH-23", [("csrf", csrf)] + Self.fullForm)
            #expect(post.status == .forbidden)
            #expect(post.message == conflict)
            // Even with a wrong value, the refusal is the conflict, not the value.
            let wrong = try await browser.post("/cham-diem/MH-24", [("csrf", csrf), ("diem_A1", "99")])
            #expect(wrong.status == .forbidden)

            // Not assigned.
            let notAssigned = "Thành viên GK03 không được phân công chấm MH-41."
            let other = try await browser.get("/cham-diem/MH-41")
            #expect(other.status == .forbidden)
            #expect(other.message == notAssigned)
            let otherPost = try await browser.post("/cham-diem/MH-41", [("csrf", csrf)] + Self.fullForm)
            #expect(otherPost.status == .forbidden)
            #expect(otherPost.message == notAssigned)

            // Unknown.
            let unknown = try await browser.get("/cham-diem/MH-99")
            #expect(unknown.status == .notFound)
            #expect(unknown.message == "Không có mô hình MH-99 trong phong trào DVK-2024.")
            let unknownPost = try await browser.post("/cham-diem/MH-99", [("csrf", csrf)] + Self.fullForm)
            #expect(unknownPost.status == .notFound)
            #expect(unknownPost.message?.contains("MH-99") == true)

            // A juror is not the secretariat.
            let admin = try await browser.get("/quan-tri")
            #expect(admin.status == .forbidden)
            #expect(admin.message == "Trang này chỉ dành cho ban thư ký.")
            #expect(try await browser.post("/quan-tri/DVK-2024/khoa-so", [("csrf", csrf)]).status == .forbidden)
            #expect(try await browser.get("/quan-tri/DVK-2024/tai/ket-qua.xml").status == .forbidden)
            #expect(try await browser.get("/quan-tri/DVK-2024/hoi-dong").status == .forbidden)

            #expect(try await store.scores(campaign: "DVK-2024").isEmpty)
            #expect(try await store.campaigns().first { $0.code == "DVK-2024" }?.state == .scoring)
        }
    }

    @Test func aFrozenRoundIs409() async throws {
        let store = try Self.unscoredDemo()
        let juror = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK02")
        let admin = try store.issueAdminToken()
        try await withApp(store) { client in
            let browser = Browser(client)
            try await browser.signIn(juror)
            let csrf = try #require(try await browser.get("/cham-diem/MH-01").csrf)
            #expect(try await browser.post("/cham-diem/MH-01", [("csrf", csrf)] + Self.fullForm).status == .seeOther)

            let secretariat = Browser(client)
            try await secretariat.signIn(admin)
            let page = try await secretariat.get("/quan-tri")
            #expect(page.text.contains("action=\"/quan-tri/DVK-2024/khoa-so\""))
            let frozen = try await secretariat.post("/quan-tri/DVK-2024/khoa-so", [("csrf", page.csrf ?? "")])
            #expect(frozen.status == .seeOther)
            #expect(frozen.location == "/quan-tri")
            #expect(!(try await secretariat.get("/quan-tri").text.contains("action=\"/quan-tri/DVK-2024/khoa-so\"")))

            let refused = try await browser.post("/cham-diem/MH-02", [("csrf", csrf)] + Self.fullForm)
            #expect(refused.status == .conflict)
            #expect(refused.message == "Phong trào DVK-2024 đã khóa sổ chấm điểm: không nhận thêm điểm.")
            var changed = Self.fullForm.filter { $0.0 != "diem_A1" }
            changed.append(("diem_A1", "3"))
            let correction = try await browser.post("/cham-diem/MH-01", [("csrf", csrf), ("reason", "Sửa")] + changed)
            #expect(correction.status == .conflict)
            #expect(try await store.scores(campaign: "DVK-2024").count == 5)
            #expect(try await browser.get("/cham-diem").text.contains("Phong trào đã khóa sổ chấm điểm: không nhận thêm điểm."))
            #expect(try await browser.get("/phong-trao/DVK-2024").text.contains("(đã khóa sổ chấm điểm)"))
            // The form says so and offers no save button.
            let form = try await browser.get("/cham-diem/MH-02").text
            #expect(form.contains("id=\"khoa-so\""))
            #expect(!form.contains("id=\"luu\""))
            // An error page keeps the signed-in menu.
            #expect(try await browser.get("/cham-diem/MH-99").text.contains("Chấm điểm (GK02)"))
        }
    }

    @Test func oversizedBodyIs413() async throws {
        let store = try Self.unscoredDemo()
        let token = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK01")
        try await withApp(store) { client in
            let browser = Browser(client)
            try await browser.signIn(token)
            let csrf = try #require(try await browser.get("/cham-diem/MH-01").csrf)
            let big = String(repeating: "x", count: 65 * 1024)
            let page = try await browser.post("/cham-diem/MH-01", [("csrf", csrf)] + Self.fullForm + [("comment", big)])
            #expect(page.status == .contentTooLarge)
            #expect(page.message == "Dữ liệu gửi lên quá lớn (tối đa 64 KiB).")
            #expect(try await store.scores(campaign: "DVK-2024").isEmpty)
            // Just under the limit is fine.
            let fits = try await browser.post("/cham-diem/MH-01", [("csrf", csrf)] + Self.fullForm + [("comment", String(repeating: "y", count: 60 * 1024))])
            #expect(fits.status == .seeOther)
            let anonymous = Browser(client)
            _ = try await anonymous.get("/dang-nhap")
            #expect(try await anonymous.post("/dang-nhap", [("token", big)]).status == .contentTooLarge)
        }
    }

    @Test func jurorPagesShowNoOtherJurorsPoints() async throws {
        // The full demo log: seven jurors have scored every model.
        let store = try demoStore()
        let token = try store.issueJurorToken(campaign: "DVK-2024", juror: "GK01")
        let log = try await store.scores(campaign: "DVK-2024", currentOnly: true).filter { $0.entry == "MH-01" }
        let mine = log.filter { $0.juror == "GK01" }
        let others = log.filter { $0.juror != "GK01" }
        #expect(mine.count == 5)
        #expect(others.count == 30)
        try await withApp(store) { client in
            let browser = Browser(client)
            try await browser.signIn(token)
            let list = try await browser.get("/cham-diem")
            #expect(list.text.contains("Đã chấm xong 40 / 40 mô hình"))
            let form = try await browser.get("/cham-diem/MH-01")
            #expect(form.status == .ok)
            // Each field holds this juror's own points, nothing else.
            for s in mine {
                let row = try #require(form.row(containing: "id=\"diem_\(s.criterion)\""))
                #expect(row.contains("value=\"\(s.points.vietnamese)\""))
            }
            for page in [list, form] {
                for other in ["GK02", "GK03", "GK04", "GK05", "GK06", "GK07"] { #expect(!page.text.contains(other)) }
                for comment in Set(others.compactMap(\.comment)) where !mine.contains(where: { $0.comment == comment }) {
                    #expect(!page.text.contains(comment))
                }
                for word in ["Trung bình", "trung bình", "Tổng điểm", "Hạng"] { #expect(!page.text.contains(word)) }
            }
            // No aggregate in the numbers either: the only numbers in fields are GK01's.
            let values: [String] = form.text.components(separatedBy: "value=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
                .filter { $0.first?.isNumber == true && $0.count < 8 }
            #expect(values.sorted() == mine.map(\.points.vietnamese).sorted())
        }
    }
}
