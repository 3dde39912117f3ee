import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore
import ThiDuaWeb

/// The project's own folders, read from the source tree.
enum Paths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = root.appendingPathComponent("Examples")
    static let criteria = root.appendingPathComponent("Criteria")
}

/// A new empty folder under the system's temporary folder.
func temporaryDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-web-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

/// A store in a fresh SQLite file of its own temporary folder.
func temporaryStore() throws -> Store {
    try Store(path: temporaryDirectory().appendingPathComponent("thidua.sqlite").path)
}

/// The demo dataset of `Examples/` in a fresh store: every kind in import order, without the
/// score log when `scores` is false, and with the award configuration of `DVK-2024`.
func demoStore(scores: Bool = true) throws -> Store {
    let store = try temporaryStore()
    for kind in ImportKind.allCases where scores || kind != .scores {
        _ = try store.importCSV(kind, from: Paths.examples.appendingPathComponent("\(kind.rawValue).csv"), name: "\(kind.rawValue).csv")
    }
    let decisions = Paths.examples.appendingPathComponent("khen-thuong-DVK-2024.yaml")
    _ = try store.importAwardDecisions(bytes: [UInt8](try Data(contentsOf: decisions)), file: decisions.path)
    return store
}

/// Imports CSV text (written the way `Examples/` are) into a store.
func importText(_ store: Store, _ kind: ImportKind, _ text: String) throws {
    _ = try store.importCSV(kind, bytes: Array(text.utf8), name: "\(kind.rawValue).csv")
}

/// The web app on `store`, tried in process through its router.
func withApp<T: Sendable>(
    _ store: Store, criteria: String = Paths.criteria.path, _ test: @Sendable (any TestClientProtocol) async throws -> T
) async throws -> T {
    let app = try await WebApp.build(store: store, options: WebOptions(criteriaDirectory: criteria, workDirectory: try temporaryDirectory()))
    return try await app.test(.router, test)
}

/// One response, with its body as text.
struct Page: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var bytes: [UInt8]

    var text: String { String(decoding: bytes, as: UTF8.self) }
    var location: String? { headers[.location] }
    var contentType: String? { headers[.contentType] }
    var setCookies: [String] { headers[values: .setCookie] }

    /// The value of the first `csrf` hidden field of the page.
    var csrf: String? { Page.field("csrf", in: text) }

    /// The text of the `id="loi"` message (an error page's, or a form's).
    var message: String? {
        guard let start = text.range(of: "id=\"loi\">") else { return nil }
        guard let end = text[start.upperBound...].range(of: "</p>") else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }

    /// The body parsed as JSON.
    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(bytes)) }

    /// The value of the hidden field `name` in `html`.
    static func field(_ name: String, in html: String) -> String? {
        guard let start = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        guard let end = html[start.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(html[start.upperBound..<end])
    }

    /// The HTML of the table row holding `marker` (from its `<tr>` to its `</tr>`).
    func row(containing marker: String) -> String? {
        guard let at = text.range(of: marker) else { return nil }
        guard let open = text[..<at.lowerBound].range(of: "<tr", options: .backwards),
            let close = text[at.upperBound...].range(of: "</tr>")
        else { return nil }
        return String(text[open.lowerBound..<close.upperBound])
    }
}

/// A browser of one person: keeps the session cookie between requests, as a browser does.
/// Used by one task at a time.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookie: String?

    init(_ client: any TestClientProtocol, cookie: String? = nil) {
        self.client = client
        self.cookie = cookie
    }

    @discardableResult
    func get(_ uri: String) async throws -> Page {
        try await send(uri, method: .get, body: nil, contentType: nil)
    }

    /// Posts `fields` as `application/x-www-form-urlencoded`.
    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)]) async throws -> Page {
        try await send(uri, method: .post, body: Browser.encode(fields), contentType: "application/x-www-form-urlencoded")
    }

    func send(_ uri: String, method: HTTPRequest.Method, body: String?, contentType: String?) async throws -> Page {
        var headers = HTTPFields()
        if let cookie { headers[.cookie] = "\(WebApp.sessionCookie)=\(cookie)" }
        if let contentType { headers[.contentType] = contentType }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let page = Page(status: response.status, headers: response.headers, bytes: Array(buffer: response.body))
        for line in page.setCookies where line.hasPrefix("\(WebApp.sessionCookie)=") {
            let value = String(line.dropFirst(WebApp.sessionCookie.count + 1).prefix { $0 != ";" })
            cookie = value.isEmpty ? nil : value
        }
        return page
    }

    /// Signs in with a token through the form, as a person does; returns the answer to the POST.
    @discardableResult
    func signIn(_ token: String) async throws -> Page {
        let form = try await get("/dang-nhap")
        return try await post("/dang-nhap", [("csrf", form.csrf ?? ""), ("token", token)])
    }

    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._*")
        return fields.map { name, value in
            "\(name.addingPercentEncoding(withAllowedCharacters: allowed)!)=\(value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
    }
}

extension String {
    /// How many times `needle` occurs.
    func occurrences(of needle: String) -> Int {
        components(separatedBy: needle).count - 1
    }
}
