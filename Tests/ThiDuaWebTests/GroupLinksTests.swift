import Foundation
import HummingbirdTesting
import Testing
import ThiDuaServices
import ThiDuaStore
import ThiDuaWeb

/// A ranking group's label is not always a bloc code: `group_by: []` makes one group "tất cả",
/// two keys make "KHOI-1 · Kinh tế". The links to them must lead to their standings.
@Suite struct GroupLinksTests {
    /// The pages title a group with its bloc's name ("Khối thử 1 · Kinh tế"); the link and the API keep the label.
    @Test(arguments: [("[]", "tất cả", "tất cả"), ("[bloc, field]", "KHOI-1 · Kinh tế", "Khối thử 1 · Kinh tế")])
    func groupLinksLeadToTheirStandings(groupBy: String, label: String, title: String) async throws {
        let data = Synthetic(units: 4, blocs: 2, jurors: 2, entriesPerJuror: 8, groupBy: groupBy)
        let store = try data.store(scores: true)
        let criteria = try data.criteriaDirectory()
        _ = try scoreAndStore(store, Synthetic.campaign, criteriaDirectory: criteria.path)
        try store.publish(campaign: Synthetic.campaign, at: "2024-12-16T08:00:00Z")
        try await withApp(store, criteria: criteria.path) { client in
            let browser = Browser(client)
            let overview = try await browser.get("/phong-trao/WEB-2024")
            #expect(overview.status == .ok)
            #expect(overview.text.contains(">Nhóm \(title)</a>"))
            // The link as written in the page, then as a browser sends it.
            let start = try #require(overview.text.range(of: "<a href=\"/phong-trao/WEB-2024/khoi/"))
            let href = "/phong-trao/WEB-2024/khoi/" + String(overview.text[start.upperBound...].prefix { $0 != "\"" })
            let sent = try #require(href.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "·"))))
            let page = try await browser.get(sent)
            #expect(page.status == .ok, "\(href) → \(sent)")
            #expect(page.text.contains("<h1>Bảng xếp hạng nhóm \(title)</h1>"))
            #expect(page.text.occurrences(of: "<tr id=\"dong-") == (groupBy == "[]" ? 8 : 4))

            // The API takes the label percent-encoded too.
            let encoded = try #require(label.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let api = try await browser.get("/api/campaigns/WEB-2024/standings/\(encoded)")
            #expect(api.status == .ok)
            #expect((try api.json() as? [String: Any])?["group"] as? String == label)

            // And a unit's page links back to its group.
            let unit = try await browser.get("/phong-trao/WEB-2024/don-vi/DV001")
            let back = try #require(unit.text.range(of: "trong nhóm <a href=\""))
            let link = String(unit.text[back.upperBound...].prefix { $0 != "\"" })
            let followed = try await browser.get(try #require(link.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "·")))))
            #expect(followed.status == .ok, "\(link)")
        }
    }
}
