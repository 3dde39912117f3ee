import Foundation
import Hummingbird
import Mustache

/// The HTML templates (Mustache, in `Templates/`): each page renders its content, which the
/// layout wraps. `{{name}}` escapes HTML, so data shows as text whatever it holds.
struct Views: Sendable {
    let library: MustacheLibrary

    static func load() async throws -> Views {
        guard let directory = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw WebError(.internalServerError, "Không tìm thấy thư mục mẫu giao diện (Templates) của ứng dụng web.")
        }
        return Views(library: try await MustacheLibrary(directory: directory.path))
    }

    /// A page's content: `template` rendered with `model`, a page's view model (a struct, whose
    /// stored properties the template reads by name) or a dictionary. The model holds no
    /// session's data, so that the content can be kept and served to anyone.
    func render(_ template: String, model: Any) -> String {
        library.render(model, withTemplate: template) ?? ""
    }

    /// A whole page: `template` rendered with its view model, inside the layout.
    func page(_ template: String, title: String, model: Any, session: Session?, status: HTTPResponse.Status = .ok) -> Response {
        wrap(render(template, model: model), title: title, session: session, status: status)
    }

    /// A whole page with forms: `template` rendered with `data`, inside the layout.
    func page(_ template: String, title: String, data: [String: Any], session: Session?, status: HTTPResponse.Status = .ok) -> Response {
        var data = data
        // A page's own forms send the session's token back, like the layout's sign-out form.
        if let session, data["csrf"] == nil { data["csrf"] = session.csrf }
        return page(template, title: title, model: data, session: session, status: status)
    }

    /// Content already rendered, inside the layout.
    func wrap(_ content: String, title: String, session: Session?, status: HTTPResponse.Status = .ok) -> Response {
        var layout: [String: Any] = ["title": title, "content": content]
        if let session {
            layout["csrf"] = session.csrf
            switch session.principal {
            case .juror(_, let code): layout["juror"] = code
            case .secretariat: layout["secretariat"] = true
            case .anonymous: break
            }
        }
        let html = library.render(layout, withTemplate: "layout") ?? content
        return Self.response(html, status: status, contentType: "text/html; charset=utf-8")
    }

    static func response(_ body: String, status: HTTPResponse.Status = .ok, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        // Only this server's own scripts, styles and images; no framing.
        headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws(WebError) -> Response {
        response(try jsonText(value), status: status, contentType: "application/json; charset=utf-8")
    }

    /// `value` as JSON; a value that cannot be encoded is a server error, never an empty object.
    static func jsonText(_ value: some Encodable) throws(WebError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw WebError(.internalServerError, "Không mã hoá được dữ liệu JSON của trang: \(error)")
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    /// Without those of `keys` whose value is an empty string. Mustache renders a section
    /// (`{{#key}}…{{/key}}`) for any string, even `""`: optional text shown in a section is left
    /// out when it is empty.
    func droppingEmpty(_ keys: String...) -> [String: Any] {
        filter { !(keys.contains($0.key) && ($0.value as? String)?.isEmpty == true) }
    }
}

/// A refusal with its HTTP status and a Vietnamese message, shown as a page or as JSON.
struct WebError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }
}
