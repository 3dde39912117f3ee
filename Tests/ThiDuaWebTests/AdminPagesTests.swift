import Foundation
import HummingbirdTesting
import Testing
import ThiDuaCore
import ThiDuaStore
import ThiDuaWeb

/// The secretariat's pages: compute, freeze, the jury report and the downloads.
@Suite struct AdminPagesTests {
    @Test func notSignedInIs401() async throws {
        try await withApp(try demoStore()) { client in
            let browser = Browser(client)
            for uri in ["/quan-tri", "/quan-tri/DVK-2024/hoi-dong", "/quan-tri/DVK-2024/tai/ket-qua.xml"] {
                let page = try await browser.get(uri)
                #expect(page.status == .unauthorized, "\(uri)")
                #expect(page.message == "Hãy đăng nhập bằng mã của ban thư ký.")
            }
            for uri in ["/quan-tri/DVK-2024/khoa-so", "/quan-tri/DVK-2024/tinh-diem"] {
                #expect(try await browser.post(uri, [("csrf", "x")]).status == .unauthorized)
            }
        }
    }

    @Test func computeThenDownload() async throws {
        let store = try demoStore()
        let token = try store.issueAdminToken()
        try await withApp(store) { client in
            let browser = Browser(client)
            try await browser.signIn(token)
            let before = try await browser.get("/quan-tri")
            #expect(before.status == .ok)
            #expect(before.text.contains("<h2><a href=\"/phong-trao/DVK-2024\">"))
            #expect(before.text.contains("action=\"/quan-tri/DVK-2024/tinh-diem\""))
            #expect(!before.text.contains("/quan-tri/DVK-2024/tai/"))
            let csrf = try #require(before.csrf)

            // Downloads need a run first.
            let early = try await browser.get("/quan-tri/DVK-2024/tai/ket-qua.xml")
            #expect(early.status == .unprocessableContent)
            #expect(early.message?.hasPrefix("Phong trào DVK-2024 chưa được tính điểm.") == true)

            // Computing needs the form's token.
            #expect(try await browser.post("/quan-tri/DVK-2024/tinh-diem", []).status == .forbidden)
            #expect(try store.latestRunId(campaign: "DVK-2024") == nil)
            let computed = try await browser.post("/quan-tri/DVK-2024/tinh-diem", [("csrf", csrf)])
            #expect(computed.status == .seeOther)
            #expect(computed.location == "/phong-trao/DVK-2024")
            #expect(try store.latestRunId(campaign: "DVK-2024") == 1)
            #expect(try await browser.get("/phong-trao/DVK-2024").text.contains("Xếp hạng (lần tính #1)"))
            #expect(try await browser.post("/quan-tri/KHONG-CO/tinh-diem", [("csrf", csrf)]).status == .notFound)

            let after = try await browser.get("/quan-tri")
            for file in ["ket-qua.xml", "danh-sach.ods", "quyet-dinh.zip", "giay-khen.zip"] {
                #expect(after.text.contains("<a href=\"/quan-tri/DVK-2024/tai/\(file)\">"))
            }

            let xml = try await browser.get("/quan-tri/DVK-2024/tai/ket-qua.xml")
            #expect(xml.status == .ok)
            #expect(xml.contentType == "application/xml")
            #expect(xml.headers[.contentDisposition] == "attachment; filename=\"DVK-2024-ket-qua.xml\"")
            #expect(xml.text.hasPrefix("<?xml"))
            #expect(xml.text.contains("MH-31"))

            let ods = try await browser.get("/quan-tri/DVK-2024/tai/danh-sach.ods")
            #expect(ods.status == .ok)
            #expect(ods.contentType == "application/vnd.oasis.opendocument.spreadsheet")
            #expect(ods.headers[.contentDisposition] == "attachment; filename=\"DVK-2024-danh-sach.ods\"")
            #expect(ods.bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            // An ODF package names its type first, stored: "mimetype" then the type, from byte 30.
            #expect(String(decoding: ods.bytes[30..<(30 + 8 + 46)], as: UTF8.self)
                == "mimetypeapplication/vnd.oasis.opendocument.spreadsheet")

            for file in ["quyet-dinh.zip", "giay-khen.zip"] {
                let zip = try await browser.get("/quan-tri/DVK-2024/tai/\(file)")
                #expect(zip.status == .ok, "\(file)")
                #expect(zip.contentType == "application/zip")
                #expect(zip.headers[.contentDisposition] == "attachment; filename=\"DVK-2024-\(file)\"")
                #expect(zip.bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
                // The documents inside are ODT files named for the campaign.
                let stem = file == "quyet-dinh.zip" ? "quyet-dinh-DVK-2024-" : "giay-khen-DVK-2024-"
                #expect(zip.text.contains(stem))
                #expect(zip.text.contains(".odt"))
            }

            let unknown = try await browser.get("/quan-tri/DVK-2024/tai/khong-co.txt")
            #expect(unknown.status == .notFound)
            #expect(unknown.message == "Không có tệp tải về khong-co.txt.")
            #expect(try await browser.get("/quan-tri/DVK-2024/tai/..%2F..%2FPackage.swift").status == .notFound)
            let campaign = try await browser.get("/quan-tri/KHONG-CO/tai/ket-qua.xml")
            #expect(campaign.status == .notFound)
            #expect(campaign.message == "Không có phong trào KHONG-CO.")
        }
    }

    @Test func juryAgreementReport() async throws {
        let store = try demoStore()
        let token = try store.issueAdminToken()
        try await withApp(store) { client in
            let browser = Browser(client)
            try await browser.signIn(token)
            let page = try await browser.get("/quan-tri/DVK-2024/hoi-dong")
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>Mức độ thống nhất của hội đồng — DVK-2024</h1>"))
            #expect(page.text.contains("<tr><td>KHOI-CQ</td><td class=\"num\">6</td><td class=\"num\">18</td><td class=\"num\">0,9296</td></tr>"))
            #expect(page.text.contains("<tr><td>A1</td><td class=\"num\">0,6984</td><td class=\"num\">40</td></tr>"))
            #expect(page.text.contains("<tr><td>GK03</td><td class=\"num\">0,6699</td><td class=\"num\">190</td><td></td></tr>"))
            #expect(page.text.contains("lệch nếu trung bình |z| trên 2,0000"))

            let none = try await browser.get("/quan-tri/GUTD-2024/hoi-dong")
            #expect(none.status == .notFound)
            #expect(none.message == "Phong trào GUTD-2024 không có tiêu chí do hội đồng chấm.")
            #expect(try await browser.get("/quan-tri/KHONG-CO/hoi-dong").status == .notFound)
        }
    }

    @Test func freezing() async throws {
        let store = try demoStore()
        let token = try store.issueAdminToken()
        try await withApp(store) { client in
            let browser = Browser(client)
            try await browser.signIn(token)
            let csrf = try #require(try await browser.get("/quan-tri").csrf)
            let forged = try await browser.post("/quan-tri/DVK-2024/khoa-so", [("csrf", (csrf.first == "0" ? "1" : "0") + csrf.dropFirst())])
            #expect(forged.status == .forbidden)
            #expect(try await store.campaigns().first { $0.code == "DVK-2024" }?.state == .scoring)
            #expect(try await browser.post("/quan-tri/KHONG-CO/khoa-so", [("csrf", csrf)]).status == .notFound)
            let frozen = try await browser.post("/quan-tri/DVK-2024/khoa-so", [("csrf", csrf)])
            #expect(frozen.status == .seeOther)
            #expect(try await store.campaigns().first { $0.code == "DVK-2024" }?.state == .frozen)
            #expect(try await store.campaigns().first { $0.code == "GUTD-2024" }?.state == .scoring)
            let api = try #require(try await browser.get("/api/campaigns/DVK-2024").json() as? [String: Any])
            #expect(api["frozen"] as? Bool == true)
            #expect(api["state"] as? String == "Đã khóa")
        }
    }
}
