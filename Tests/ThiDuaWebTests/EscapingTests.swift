import Foundation
import HummingbirdTesting
import Testing
import ThiDuaServices
import ThiDuaStore
import ThiDuaWeb

/// Names are data: whatever a unit or a model is called shows as text, never as markup.
@Suite struct EscapingTests {
    static let script = "<script>alert(1)</script>"
    static let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    static let attribute = "\"><img src=x onerror=alert(2)>"
    static let attributeEscaped = "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"

    /// Unit `DV001` and its model `MH0001` are named with a script; model `MH0002` tries to close an attribute.
    static let data = Synthetic(units: 4, blocs: 1, jurors: 2, entriesPerJuror: 8,
        unitNames: [0: script], modelNames: [0: script, 1: attribute])

    static func scored() throws -> (Store, URL) {
        let store = try data.store(scores: true)
        let criteria = try Self.data.criteriaDirectory()
        _ = try scoreAndStore(store, Synthetic.campaign, criteriaDirectory: criteria.path)
        // Published: the public sees the results of a jury campaign once they are.
        try store.publish(campaign: Synthetic.campaign, at: "2024-12-16T08:00:00Z")
        return (store, criteria)
    }

    @Test func standingsAndUnitPagesEscapeNames() async throws {
        let (store, criteria) = try Self.scored()
        try await withApp(store, criteria: criteria.path) { client in
            let browser = Browser(client)
            let standings = try await browser.get("/phong-trao/WEB-2024/khoi/KHOI-1")
            #expect(standings.status == .ok)
            #expect(standings.text.occurrences(of: "<tr id=\"dong-") == 8)
            let first = try #require(standings.row(containing: "id=\"dong-MH0001\""))
            #expect(first.contains("<a href=\"/phong-trao/WEB-2024/don-vi/DV001\">\(Self.escaped)</a>"))
            #expect(first.contains("<td class=\"text\">\(Self.escaped)</td>"))
            let second = try #require(standings.row(containing: "id=\"dong-MH0002\""))
            #expect(second.contains("<td class=\"text\">\(Self.attributeEscaped)</td>"))

            let unit = try await browser.get("/phong-trao/WEB-2024/don-vi/DV001")
            #expect(unit.status == .ok)
            #expect(unit.text.contains("<title>\(Self.escaped) — ThiĐua</title>"))
            #expect(unit.text.contains("<h1>\(Self.escaped)</h1>"))
            #expect(unit.text.contains("<h2>MH0001 \(Self.escaped)</h2>"))
            #expect(unit.text.contains("<h2>MH0002 \(Self.attributeEscaped)</h2>"))

            for page in [standings, unit] {
                // The only scripts are the app's own.
                #expect(!page.text.contains("alert(1)</script>"))
                #expect(!page.text.contains("<img"))
                #expect(page.text.occurrences(of: "<script") == 1)
                #expect(page.text.contains("<script src=\"/static/app.js\"></script>"))
            }
        }
    }

    @Test func theApiGivesNamesAsJSONStrings() async throws {
        let (store, criteria) = try Self.scored()
        try await withApp(store, criteria: criteria.path) { client in
            let browser = Browser(client)
            let page = try await browser.get("/api/campaigns/WEB-2024/standings/KHOI-1")
            #expect(page.status == .ok)
            #expect(page.contentType == "application/json; charset=utf-8")
            let rows = try #require((try page.json() as? [String: Any])?["rows"] as? [[String: Any]])
            let first = try #require(rows.first { $0["entry"] as? String == "MH0001" })
            #expect(first["unitName"] as? String == Self.script)
            #expect(first["name"] as? String == Self.script)
            #expect(rows.first { $0["entry"] as? String == "MH0002" }?["name"] as? String == Self.attribute)
            // In the text: a JSON string, quotes escaped, not HTML-escaped.
            #expect(page.text.contains("\"unitName\":\"\(Self.script)\""))
            #expect(page.text.contains("\"name\":\"\\\"><img src=x onerror=alert(2)>\""))
            #expect(!page.text.contains("&lt;"))

            let unit = try await browser.get("/api/campaigns/WEB-2024/units/DV001")
            let object = try #require(try unit.json() as? [String: Any])
            #expect(object["unitName"] as? String == Self.script)
            let names = (object["entries"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names == [Self.script, Self.attribute])
        }
    }

    @Test func jurorPagesEscapeNames() async throws {
        let store = try Self.data.store(scores: false)
        let criteria = try Self.data.criteriaDirectory()
        let token = try store.issueJurorToken(campaign: Synthetic.campaign, juror: "TV001")
        try await withApp(store, criteria: criteria.path) { client in
            let browser = Browser(client)
            try await browser.signIn(token)
            let list = try await browser.get("/cham-diem")
            #expect(list.status == .ok)
            #expect(list.text.contains("Đã chấm xong 0 / 8 mô hình"))
            #expect(try #require(list.row(containing: "id=\"dong-MH0001\"")).contains("<td class=\"text\">\(Self.escaped)</td>"))
            let form = try await browser.get("/cham-diem/MH0002")
            #expect(form.status == .ok)
            #expect(form.text.contains("<h1>MH0002: \(Self.attributeEscaped)</h1>"))
            for page in [list, form] {
                #expect(!page.text.contains("<img"))
                #expect(page.text.occurrences(of: "<script") == 1)
            }
            // A comment is data too: stored as written, shown as text.
            let saved = try await browser.post("/cham-diem/MH0001", [("csrf", form.csrf ?? ""), ("diem_K1", "10"), ("comment", "</textarea>\(Self.script)")])
            #expect(saved.status == .seeOther)
            #expect(try await store.scores(campaign: Synthetic.campaign).first?.comment == "</textarea>\(Self.script)")
            let again = try await browser.get("/cham-diem/MH0001")
            #expect(again.text.contains("&lt;/textarea&gt;\(Self.escaped)</textarea>"))
            #expect(again.text.occurrences(of: "<script") == 1)
        }
    }
}
