import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore
import ThiDuaWeb

/// 50 jurors at once over real HTTP on loopback, 20,000 scores: none lost, none twice, and the
/// results equal those of the same scores imported one after the other.
@Suite struct ConcurrencyTests {
    static let data = Synthetic(units: 100, blocs: 4, jurors: 50, entriesPerJuror: 80)

    /// What one juror's client saw.
    struct Outcome: Sendable {
        var juror: Int
        var statuses: [HTTPResponse.Status]
        var progressBefore: Bool
        var progressAfter: Bool
    }

    @Test func fiftyJurorsAtOnce() async throws {
        let data = Self.data
        let expected = data.jurors * data.entriesPerJuror * Synthetic.criteria.count
        #expect(expected == 20_000)
        let store = try data.store(scores: false)
        let criteria = try data.criteriaDirectory()
        var tokens: [String] = []
        for j in 0..<data.jurors { tokens.append(try store.issueJurorToken(campaign: Synthetic.campaign, juror: data.jurorCode(j))) }
        let allTokens = tokens

        let app = try await WebApp.build(store: store, options: WebOptions(criteriaDirectory: criteria.path, workDirectory: try temporaryDirectory()))
        let clock = ContinuousClock()
        let start = clock.now
        let outcomes = try await app.test(.live) { client in
            let port = try #require(client.port)
            return try await withThrowingTaskGroup(of: Outcome.self) { group in
                for j in 0..<data.jurors {
                    group.addTask { try await Self.juror(j, token: allTokens[j], port: port, data: data) }
                }
                var outcomes: [Outcome] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
        }
        let elapsed = clock.now - start
        print("ConcurrencyTests: \(data.jurors) jurors, \(expected) scores in \(data.jurors * data.entriesPerJuror) forms over HTTP: \(elapsed)")

        #expect(outcomes.count == data.jurors)
        for o in outcomes {
            #expect(o.statuses.count == data.entriesPerJuror)
            #expect(o.statuses.allSatisfy { $0 == .seeOther }, "juror \(o.juror): \(Set(o.statuses.map(\.code)))")
            #expect(o.progressBefore, "juror \(o.juror)")
            #expect(o.progressAfter, "juror \(o.juror)")
        }

        // The log: every (juror, entry, criterion) exactly once, with the points sent.
        let log = try await store.scores(campaign: Synthetic.campaign)
        #expect(log.count == expected)
        var seen: [String: Exact] = [:]
        for s in log {
            let key = "\(s.juror)/\(s.entry)/\(s.criterion)"
            #expect(seen[key] == nil, "twice: \(key)")
            seen[key] = s.points
            #expect(s.correctionReason == nil)
        }
        var wrong = 0
        for j in 0..<data.jurors {
            for e in data.assigned(j) {
                for (k, id) in Synthetic.criteria.enumerated() where seen["\(data.jurorCode(j))/\(data.entryCode(e))/\(id)"] != data.points(j, e, k) {
                    wrong += 1
                }
            }
        }
        #expect(wrong == 0)
        #expect(seen.count == expected)

        // Scoring gives the same results as the same scores imported in one go into another store.
        let sequential = try data.store(scores: true)
        #expect(try await sequential.scores(campaign: Synthetic.campaign).count == expected)
        let live = try scoreAndStore(store, Synthetic.campaign, criteriaDirectory: criteria.path).result
        let imported = try scoreAndStore(sequential, Synthetic.campaign, criteriaDirectory: criteria.path).result
        #expect(live.entries.count == data.entries)
        #expect(imported.entries.count == data.entries)
        let byEntry = Dictionary(uniqueKeysWithValues: imported.entries.map { ($0.entry, $0) })
        var differing: [String] = []
        for a in live.entries {
            guard let b = byEntry[a.entry] else { differing.append(a.entry); continue }
            if a.total != b.total || a.criteria.map(\.points) != b.criteria.map(\.points) || a.tier != b.tier || a.total == nil {
                differing.append(a.entry)
            }
        }
        #expect(differing.isEmpty, "\(differing.prefix(10))")
        // Not a vacuous comparison: the totals differ from entry to entry.
        #expect(Set(live.entries.compactMap(\.total)).count > 20)
    }

    /// One juror: signs in on a connection of its own, then sends all its forms at once (pipelined).
    static func juror(_ j: Int, token: String, port: Int, data: Synthetic) async throws -> Outcome {
        try await TestClient.withClient(host: "localhost", port: port, configuration: .init(timeout: .seconds(60))) { client in
            var cookie: String?
            func send(_ uri: String, _ method: HTTPRequest.Method, _ body: String? = nil) async throws -> (HTTPResponse.Status, HTTPFields, String) {
                var headers = HTTPFields()
                headers[.connection] = "keep-alive"
                if let cookie { headers[.cookie] = "\(WebApp.sessionCookie)=\(cookie)" }
                if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
                let response = try await client.execute(.init(uri, method: method, authority: "localhost", headers: headers, body: body.map { ByteBuffer(string: $0) }))
                return (response.status, response.headers, response.body.map { String(buffer: $0) } ?? "")
            }
            func remember(_ headers: HTTPFields) {
                for line in headers[values: .setCookie] where line.hasPrefix("\(WebApp.sessionCookie)=") {
                    cookie = String(line.dropFirst(WebApp.sessionCookie.count + 1).prefix { $0 != ";" })
                }
            }
            let (_, formHeaders, form) = try await send("/dang-nhap", .get)
            remember(formHeaders)
            let signIn = try await send("/dang-nhap", .post, Browser.encode([("csrf", Page.field("csrf", in: form) ?? ""), ("token", token)]))
            guard signIn.0 == .seeOther else { throw SignInFailed(juror: j, status: signIn.0) }
            remember(signIn.1)
            let (_, _, list) = try await send("/cham-diem", .get)
            let csrf = Page.field("csrf", in: list) ?? ""
            let before = list.contains("Đã chấm xong 0 / \(data.entriesPerJuror) mô hình")

            let session = cookie
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for e in data.assigned(j) {
                    var fields = [("csrf", csrf)]
                    for (k, id) in Synthetic.criteria.enumerated() { fields.append(("diem_\(id)", data.points(j, e, k).description)) }
                    let body = Browser.encode(fields)
                    let uri = "/cham-diem/\(data.entryCode(e))"
                    group.addTask {
                        var headers = HTTPFields()
                        headers[.connection] = "keep-alive"
                        headers[.cookie] = "\(WebApp.sessionCookie)=\(session ?? "")"
                        headers[.contentType] = "application/x-www-form-urlencoded"
                        return try await client.execute(.init(uri, method: .post, authority: "localhost", headers: headers, body: ByteBuffer(string: body))).status
                    }
                }
                var statuses: [HTTPResponse.Status] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
            let (_, _, after) = try await send("/cham-diem", .get)
            return Outcome(juror: j, statuses: statuses, progressBefore: before,
                progressAfter: after.contains("Đã chấm xong \(data.entriesPerJuror) / \(data.entriesPerJuror) mô hình"))
        }
    }

    struct SignInFailed: Error { var juror: Int; var status: HTTPResponse.Status }
}
