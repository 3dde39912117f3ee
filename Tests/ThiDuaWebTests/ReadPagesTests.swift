import Foundation
import HummingbirdTesting
import Testing
import ThiDuaServices
import ThiDuaStore
import ThiDuaWeb

/// The pages anyone may read, and the same as JSON, on the demo dataset scored once and published.
@Suite struct ReadPagesTests {
    /// The demo, with `DVK-2024` scored (run #1), not published: during its open jury round
    /// only the secretariat sees the results.
    static func scoredDemo() throws -> Store {
        let store = try demoStore()
        _ = try scoreAndStore(store, "DVK-2024", criteriaDirectory: Paths.criteria.path)
        return store
    }

    /// The demo, with `DVK-2024` scored (run #1) and published: the public sees its results.
    static func publishedDemo() throws -> Store {
        let store = try scoredDemo()
        try store.publish(campaign: "DVK-2024", at: "2024-12-16T08:00:00Z")
        return store
    }

    @Test func homeListsTheCampaigns() async throws {
        try await withApp(try Self.scoredDemo()) { client in
            let browser = Browser(client)
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            #expect(page.contentType == "text/html; charset=utf-8")
            #expect(page.text.contains("<h1>Các phong trào thi đua</h1>"))
            for code in ["DVK-2024", "GUTD-2024", "XH-2024"] {
                #expect(page.text.contains("<a href=\"/phong-trao/\(code)\">"))
            }
            // The title's quotes are data, escaped as such.
            #expect(page.text.contains("Phong trào thi đua &quot;Dân vận khéo&quot; năm 2024"))
            #expect(page.text.contains("năm 2024 · Đang chấm"))
            #expect(page.text.contains("<a href=\"/dang-nhap\">Đăng nhập</a>"))
            #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
        }
    }

    @Test func campaignOverview() async throws {
        try await withApp(try Self.publishedDemo()) { client in
            let browser = Browser(client)
            let page = try await browser.get("/phong-trao/DVK-2024")
            #expect(page.status == .ok)
            #expect(page.text.contains("<strong id=\"trang-thai\">Đang chấm</strong>"))
            #expect(page.text.contains("Hạn chấm điểm: 15/12/2024"))
            #expect(page.text.contains("Mô hình đăng ký: 40"))
            #expect(page.text.contains("Thành viên hội đồng: 7, lượt phân công chấm: 280"))
            #expect(page.text.contains("Điểm đã chấm: 1400 / 1400"))
            #expect(page.text.contains("Xếp hạng (lần tính #1)"))
            #expect(page.text.contains("<a href=\"/phong-trao/DVK-2024/khoi/KHOI-XP\">Nhóm Khối thi đua các phường, xã</a>: 21 được xếp hạng, 1 để riêng"))
            #expect(page.text.contains("<a href=\"/phong-trao/DVK-2024/khoi/KHOI-CQ\">Nhóm Khối thi đua các cơ quan Đảng, Mặt trận, đoàn thể và cơ quan chuyên môn thị xã</a>: 18 được xếp hạng"))

            // A campaign never scored says so, and has no standings yet.
            let unscored = try await browser.get("/phong-trao/GUTD-2024")
            #expect(unscored.status == .ok)
            #expect(unscored.text.contains("Phong trào chưa được tính điểm."))
            let none = try await browser.get("/phong-trao/GUTD-2024/khoi/KHOI-XP")
            #expect(none.status == .notFound)
            #expect(none.message == "Phong trào GUTD-2024 chưa được tính điểm.")
        }
    }

    @Test func standingsOfABloc() async throws {
        try await withApp(try Self.publishedDemo()) { client in
            let browser = Browser(client)
            let page = try await browser.get("/phong-trao/DVK-2024/khoi/KHOI-CQ")
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>Bảng xếp hạng nhóm Khối thi đua các cơ quan Đảng, Mặt trận, đoàn thể và cơ quan chuyên môn thị xã</h1>"))
            #expect(page.text.occurrences(of: "<tr id=\"dong-") == 18)
            // The first row is MH-31 of the police (Công an), with its total, tier and award; its bar is full.
            let first = try #require(page.row(containing: "id=\"dong-MH-31\""))
            #expect(first.contains("<td class=\"num\">1</td>"))
            #expect(first.contains("<a href=\"/phong-trao/DVK-2024/don-vi/CA\">"))
            #expect(first.contains("94,44"))
            #expect(first.contains("<td>Xuất sắc</td>"))
            #expect(first.contains("<td>Bằng khen</td>"))
            #expect(first.contains("width=\"100%\""))
            let last = try #require(page.row(containing: "id=\"dong-MH-36\""))
            #expect(last.contains("<td class=\"num\">18</td>"))
            #expect(last.contains("39,40"))
            #expect(!last.contains("width=\"100%\""))
            // Rows come in rank order.
            let order = ["MH-31", "MH-34", "MH-25", "MH-37"].map { page.text.range(of: "dong-\($0)\"")!.lowerBound }
            #expect(order == order.sorted())

            // The vetoed model is apart, with the reason.
            let xp = try await browser.get("/phong-trao/DVK-2024/khoi/KHOI-XP")
            #expect(xp.status == .ok)
            #expect(xp.text.contains("<h2>Không xếp hạng</h2>"))
            #expect(xp.text.contains("<li><strong>MH-12</strong>:"))
            #expect(!xp.text.contains("id=\"dong-MH-12\""))
        }
    }

    @Test func aUnitsPage() async throws {
        try await withApp(try Self.publishedDemo()) { client in
            let browser = Browser(client)
            let page = try await browser.get("/phong-trao/DVK-2024/don-vi/CA")
            #expect(page.status == .ok)
            #expect(page.text.contains("<title>Công an thị xã — ThiĐua</title>"))
            #expect(page.text.contains("<h1>Công an thị xã</h1>"))
            #expect(page.text.contains("<section class=\"entry\" id=\"muc-MH-31\">"))
            #expect(page.text.contains("<section class=\"entry\" id=\"muc-MH-32\">"))
            #expect(page.text.contains("Tổng điểm: <strong class=\"total\">94,44</strong>"))
            #expect(page.text.contains("<strong class=\"rank\">1/18</strong>"))
            #expect(page.text.contains("Khen thưởng: <strong>Bằng khen</strong>"))
            #expect(page.text.contains("Giải thích từng con số"))
            // Each criterion with its maximum, the bloc's average and best.
            let a1 = try #require(page.row(containing: "<td>A1</td>"))
            #expect(a1.contains("Tính mới, sáng tạo của mô hình"))
            #expect(a1.contains("<td class=\"num\">20,00</td>"))
            // Optional lines are there only when they say something.
            let mh32 = try #require(page.text.range(of: "id=\"muc-MH-32\"")).upperBound
            let second = String(page.text[mh32...])
            #expect(!second.contains("Khen thưởng: <strong></strong>"))
            #expect(!second.contains("Không xếp hạng"))
            #expect(second.contains("thiếu 0,14 điểm để lên một hạng"))
            #expect(page.text.occurrences(of: "<li class=\"error\">") == 0)

            let ward = try await browser.get("/phong-trao/DVK-2024/don-vi/P-ANPHU")
            #expect(ward.status == .ok)
            #expect(ward.text.contains("<h1>UBND phường An Phú</h1>"))
            #expect(ward.text.contains("id=\"muc-MH-01\""))
            #expect(ward.text.contains("thiếu "))

            // A unit with no entry says so.
            // The vetoed model says why it is not ranked.
            let vetoed = try await browser.get("/phong-trao/DVK-2024/don-vi/P-LONGTHUY")
            #expect(vetoed.status == .ok)
            #expect(vetoed.text.occurrences(of: "<li class=\"error\">Không xếp hạng: ") == 1)
            let none = try await browser.get("/phong-trao/DVK-2024/don-vi/BDV")
            #expect(none.status == .ok)
            #expect(none.text.contains("Đơn vị không có mục nào trong lần tính điểm gần nhất."))
        }
    }

    @Test func unknownThingsAre404() async throws {
        try await withApp(try Self.publishedDemo()) { client in
            let browser = Browser(client)
            let campaign = try await browser.get("/phong-trao/KHONG-CO")
            #expect(campaign.status == .notFound)
            #expect(campaign.message == "Không có phong trào KHONG-CO.")
            #expect(campaign.text.contains("<h1>Không thực hiện được (404)</h1>"))
            let unit = try await browser.get("/phong-trao/DVK-2024/don-vi/KHONG-CO")
            #expect(unit.status == .notFound)
            #expect(unit.message == "Không có đơn vị KHONG-CO.")
            let group = try await browser.get("/phong-trao/DVK-2024/khoi/KHOI-ZZ")
            #expect(group.status == .notFound)
            #expect(group.message?.hasPrefix("Không có nhóm xếp hạng KHOI-ZZ trong phong trào DVK-2024") == true)
            let route = try await browser.get("/khong-co-trang-nay")
            #expect(route.status == .notFound)
            #expect(route.message == "Không có trang này.")
            let apiRoute = try await browser.get("/api/khong-co")
            #expect(apiRoute.status == .notFound)
            #expect(try apiRoute.json() as? [String: String] == ["error": "Không có trang này."])
            let file = try await browser.get("/static/khac.css")
            #expect(file.status == .notFound)
            #expect(file.message == "Không có tệp khac.css.")

            let api = try await browser.get("/api/campaigns/KHONG-CO")
            #expect(api.status == .notFound)
            #expect(api.contentType == "application/json; charset=utf-8")
            #expect(try api.json() as? [String: String] == ["error": "Không có phong trào KHONG-CO."])
            let apiUnit = try await browser.get("/api/campaigns/DVK-2024/units/KHONG-CO")
            #expect(apiUnit.status == .notFound)
            #expect(try apiUnit.json() as? [String: String] == ["error": "Không có đơn vị KHONG-CO."])
            let apiGroup = try await browser.get("/api/campaigns/DVK-2024/standings/KHOI-ZZ")
            #expect(apiGroup.status == .notFound)
            #expect((try apiGroup.json() as? [String: String])?["error"]?.hasPrefix("Không có nhóm xếp hạng KHOI-ZZ") == true)
        }
    }

    @Test func apiCampaigns() async throws {
        try await withApp(try Self.publishedDemo()) { client in
            let browser = Browser(client)
            let page = try await browser.get("/api/campaigns")
            #expect(page.status == .ok)
            #expect(page.contentType == "application/json; charset=utf-8")
            let list = try #require(try page.json() as? [[String: Any]])
            #expect(list.map { $0["code"] as? String } == ["DVK-2024", "GUTD-2024", "XH-2024"])
            let dvk = list[0]
            #expect(Set(dvk.keys) == ["code", "title", "year", "state"])
            #expect(dvk["title"] as? String == "Phong trào thi đua \"Dân vận khéo\" năm 2024")
            #expect(dvk["year"] as? Int == 2024)
            #expect(dvk["state"] as? String == "Đang chấm")

            let one = try await browser.get("/api/campaigns/DVK-2024")
            #expect(one.status == .ok)
            let overview = try #require(try one.json() as? [String: Any])
            #expect(Set(overview.keys) == ["code", "title", "state", "frozen", "deadlines", "blocs", "entries", "jurors", "assignments",
                                          "scored", "expected", "progress", "run", "results", "resultsLine", "groups"])
            #expect(overview["frozen"] as? Bool == false)
            #expect(overview["entries"] as? Int == 40)
            #expect(overview["jurors"] as? Int == 7)
            #expect(overview["assignments"] as? Int == 280)
            #expect(overview["scored"] as? Int == 1400)
            #expect(overview["expected"] as? Int == 1400)
            #expect(overview["progress"] as? Int == 100)
            #expect(overview["run"] as? Int == 1)
            let deadlines = try #require(overview["deadlines"] as? [[String: String]])
            #expect(deadlines.contains(["what": "Hạn chấm điểm", "day": "15/12/2024"]))
            let blocs = try #require(overview["blocs"] as? [[String: String]])
            #expect(Set(blocs.compactMap { $0["code"] }) == ["KHOI-XP", "KHOI-CQ"])
            let groups = try #require(overview["groups"] as? [[String: Any]])
            let xp = try #require(groups.first { $0["label"] as? String == "KHOI-XP" })
            #expect(xp["ranked"] as? Int == 21)
            #expect(xp["apart"] as? Int == 1)

            // Not scored: no run, no groups (null or absent), and the rest is there.
            let gutd = try #require(try await browser.get("/api/campaigns/GUTD-2024").json() as? [String: Any])
            #expect(gutd["run"] == nil || gutd["run"] is NSNull)
            #expect((gutd["groups"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func apiStandingsAndUnit() async throws {
        try await withApp(try Self.publishedDemo()) { client in
            let browser = Browser(client)
            let page = try await browser.get("/api/campaigns/DVK-2024/standings/KHOI-XP")
            #expect(page.status == .ok)
            let standings = try #require(try page.json() as? [String: Any])
            #expect(Set(standings.keys) == ["code", "campaign", "group", "groupTitle", "results", "resultsLine", "rows", "apart"])
            #expect(standings["group"] as? String == "KHOI-XP")
            #expect(standings["groupTitle"] as? String == "Khối thi đua các phường, xã")
            let rows = try #require(standings["rows"] as? [[String: Any]])
            #expect(rows.count == 21)
            #expect(Set(rows[0].keys) == ["rank", "entry", "unit", "unitName", "name", "total", "totalValue", "tier", "award", "bar"])
            #expect(rows[0]["entry"] as? String == "MH-05")
            #expect(rows[0]["unit"] as? String == "P-PHULAM")
            #expect(rows[0]["unitName"] as? String == "UBND phường Phú Lâm")
            #expect(rows[0]["rank"] as? Int == 1)
            #expect(rows[0]["total"] as? String == "98,54")
            #expect(rows[0]["totalValue"] as? String == "98.54")
            #expect(rows[0]["award"] as? String == "Bằng khen")
            #expect(rows[0]["bar"] as? Int == 100)
            #expect(rows.map { $0["rank"] as? Int ?? 0 } == rows.map { $0["rank"] as? Int ?? 0 }.sorted())
            let apart = try #require(standings["apart"] as? [[String: String]])
            #expect(apart.map { $0["entry"] } == ["MH-12"])
            #expect(apart[0]["reason"]?.isEmpty == false)

            let unit = try #require(try await browser.get("/api/campaigns/DVK-2024/units/CA").json() as? [String: Any])
            #expect(Set(unit.keys) == ["code", "campaign", "unit", "unitName", "results", "resultsLine", "entries"])
            #expect(unit["unit"] as? String == "CA")
            let entries = try #require(unit["entries"] as? [[String: Any]])
            #expect(entries.compactMap { $0["entry"] as? String }.sorted() == ["MH-31", "MH-32"])
            let mh31 = try #require(entries.first { $0["entry"] as? String == "MH-31" })
            #expect(mh31["total"] as? String == "94,44")
            #expect(mh31["rank"] as? String == "1/18")
            #expect(mh31["group"] as? String == "KHOI-CQ")
            let criteria = try #require(mh31["criteria"] as? [[String: String]])
            #expect(criteria.map { $0["id"] } == ["A1", "A2", "B1", "B2", "C1", "D1", "D2"])
            #expect(Set(criteria[0].keys) == ["id", "title", "max", "points", "average", "best"])
            let trace = try #require(mh31["trace"] as? [[String: String]])
            #expect(trace.isEmpty == false)
            // The panel's scores are there, but not who gave which: no juror code in any input.
            let a1 = try #require(trace.first { $0["item"] == "A1" })
            #expect(a1["inputs"]?.contains(";") == true)
            #expect(!trace.contains { ($0["inputs"] ?? "").range(of: "GK0[0-9]", options: .regularExpression) != nil })
            let unitPage = try await browser.get("/phong-trao/DVK-2024/don-vi/CA").text
            #expect(unitPage.range(of: "GK0[0-9]", options: String.CompareOptions.regularExpression) == nil)
        }
    }

    @Test func staticFilesAndHello() async throws {
        try await withApp(try demoStore(scores: false)) { client in
            let browser = Browser(client)
            let css = try await browser.get("/static/app.css")
            #expect(css.status == .ok)
            #expect(css.contentType == "text/css; charset=utf-8")
            #expect(!css.bytes.isEmpty)
            let js = try await browser.get("/static/app.js")
            #expect(js.status == .ok)
            #expect(js.contentType == "text/javascript; charset=utf-8")
            #expect(js.text.contains("getElementById(\"phieu\")"))
            let traversal = try await browser.get("/static/..%2F..%2FPackage.swift")
            #expect(traversal.status == .notFound)
            let hello = try await browser.get("/hello")
            #expect(hello.status == .ok)
            #expect(hello.text == "Xin chào")
        }
    }
}
