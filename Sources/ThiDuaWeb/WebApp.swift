import Foundation
import Hummingbird
import Logging
import Synchronization
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore

/// What `thidua serve` is given.
public struct WebOptions: Sendable {
    public var host: String
    public var port: Int
    /// The criteria sets' folder (default: the project's `Criteria/`).
    public var criteriaDirectory: String?
    /// The seed of draws at quota boundaries, when a criteria set needs one.
    public var seed: UInt64?
    /// Where downloads are made before they are sent (a new temporary folder by default).
    public var workDirectory: URL

    public init(host: String = "127.0.0.1", port: Int = 8080, criteriaDirectory: String? = nil, seed: UInt64? = nil, workDirectory: URL? = nil) {
        self.host = host
        self.port = port
        self.criteriaDirectory = criteriaDirectory
        self.seed = seed
        self.workDirectory = workDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("thidua-web-\(UUID().uuidString)")
    }
}

/// The web app: jurors score, units see their standing, the secretariat runs the round. Pages
/// work without JavaScript; `/api/...` gives the read pages as JSON.
public enum WebApp {
    public static let sessionCookie = "thidua_phien"
    /// The largest request body accepted (a score form is a few hundred bytes).
    public static let maxBody = 64 * 1024

    public static func build(store: Store, options: WebOptions, logger: Logger? = nil) async throws -> some ApplicationProtocol {
        let app = try await State(store: store, options: options)
        let router = Router()
        router.add(middleware: ErrorPages(app: app))
        ReadPages(app).register(router)
        JurorPages(app).register(router)
        AdminPages(app).register(router)
        router.get("static/:file") { _, context in try Static.response(context.parameters.require("file")) }
        // The plain route the benchmark compares the standings page with.
        router.get("hello") { _, _ in "Xin chào" }
        var quiet = Logger(label: "thidua-web")
        quiet.logLevel = .warning
        return Application(router: router, configuration: .init(address: .hostname(options.host, port: options.port), serverName: "ThiĐua"),
            logger: logger ?? quiet)
    }

    /// What every handler shares.
    final class State: Sendable {
        let store: Store
        let options: WebOptions
        let views: Views
        let sessions = Sessions()
        let results: ResultsCache

        init(store: Store, options: WebOptions) async throws {
            self.store = store
            self.options = options
            views = try await Views.load()
            results = ResultsCache(store: store, criteriaDirectory: options.criteriaDirectory, seed: options.seed)
        }

        /// The session of a request's cookie, if it is a live one. A signed-in session ends when
        /// its token is no longer the current one (`thidua jurors token` or `admin token` issued a
        /// newer one). A failed read of the tokens is an error, not a signed-out session.
        func session(_ request: Request) async throws -> Session? {
            guard let id = request.cookies[WebApp.sessionCookie]?.value, let session = await sessions.get(id) else { return nil }
            let current: Bool
            switch (session.principal, session.tokenDigest) {
            case (.anonymous, _):
                current = true
            case (.juror(let campaign, let code), let digest?):
                let juror = try await store.juror(tokenDigest: digest)
                current = juror?.campaign == campaign && juror?.code == code
            case (.secretariat, let digest?):
                current = try await store.isAdminToken(digest: digest)
            case (.juror, nil), (.secretariat, nil):
                current = false
            }
            if !current { await sessions.remove(id) }
            return current ? session : nil
        }

        /// Criteria sets by id, read from their folder once: a juror's every page and form needs
        /// the campaign's set, and reading it means parsing every file of the folder. (A set
        /// edited while the server runs is read again after a restart; a stored run keeps the
        /// set it was scored with.)
        private let sets = Mutex<[String: CriteriaSet]>([:])

        func criteriaSet(_ campaign: Campaign) throws -> CriteriaSet {
            if let set = sets.withLock({ $0[campaign.criteriaSet] }) { return set }
            let set = try findCriteriaSet(campaign.criteriaSet, in: options.criteriaDirectory)
            sets.withLock { $0[campaign.criteriaSet] = set }
            return set
        }

        func campaign(_ code: String) async throws -> Campaign {
            guard let campaign = try await store.campaigns().first(where: { $0.code == code }) else {
                throw WebError(.notFound, "Không có phong trào \(code).")
            }
            return campaign
        }

        /// A form's fields, after checking its CSRF token against the session's.
        func form(_ request: Request, session: Session?) async throws -> Form {
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: WebApp.maxBody)
            } catch {
                throw WebError(.contentTooLarge, "Dữ liệu gửi lên quá lớn (tối đa \(WebApp.maxBody / 1024) KiB).")
            }
            let form = Form(String(buffer: body))
            guard let session, let sent = form["csrf"], !sent.isEmpty, sent == session.csrf else {
                throw WebError(.forbidden, "Biểu mẫu đã hết hạn hoặc không do trang này gửi (mã chống giả mạo không khớp). Hãy tải lại trang rồi gửi lại.")
            }
            return form
        }
    }

    static func cookie(_ session: Session) -> Cookie {
        Cookie(name: sessionCookie, value: session.id, path: "/", httpOnly: true, sameSite: .strict)
    }

    static func redirect(_ location: String, session: Session? = nil) -> Response {
        var response = Response.redirect(to: location, type: .found)
        response.status = .seeOther
        if let session { response.setCookie(cookie(session)) }
        return response
    }
}

/// Turns a refusal into a page (or JSON under `/api/`) with its status and message.
struct ErrorPages: RouterMiddleware {
    typealias Context = BasicRequestContext
    let app: WebApp.State

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as WebError {
            return await render(error, request)
        } catch let refusal as ScoreRefusal {
            let status: HTTPResponse.Status = switch refusal {
            case .unknownJuror, .unknownEntry: .notFound
            case .notAssigned, .conflictOfInterest: .forbidden
            case .frozen: .conflict
            case .correctionNeedsReason: .unprocessableContent
            }
            return await render(WebError(status, refusal.description), request)
        } catch let error as UserError {
            return await render(WebError(.unprocessableContent, error.description), request)
        } catch let error as ArithmeticFailure {
            return await render(WebError(.internalServerError, "Không tính được chính xác số liệu của trang: \(error)"), request)
        } catch let error as HTTPError {
            let message = error.status == .notFound ? "Không có trang này." : (error.body ?? error.status.reasonPhrase)
            return await render(WebError(error.status, message), request)
        }
    }

    /// The refusal as JSON under `/api/`, else as a page with the signed-in menu.
    func render(_ error: WebError, _ request: Request) async -> Response {
        // A message made for the command line may name a file by its path on the server.
        let error = WebError(error.status, Redaction.withoutPaths(error.message))
        if request.uri.path.hasPrefix("/api/") {
            do {
                return try Views.json(["error": error.message], status: error.status)
            } catch let failure {
                // A dictionary of strings always encodes; were it not to, the refusal is still sent, as text.
                return Views.response(error.message + "\n" + failure.message, status: .internalServerError, contentType: "text/plain; charset=utf-8")
            }
        }
        let session: Session?
        do {
            session = try await app.session(request)
        } catch {
            // The refusal is shown whatever: when the session cannot be checked, with the signed-out menu.
            session = nil
        }
        return app.views.page("error", title: "Lỗi \(error.status.code)", model: ErrorPage(status: error.status.code, message: error.message),
            session: session, status: error.status)
    }

    /// The error page's view model.
    struct ErrorPage {
        var status: Int
        var message: String
    }
}


/// The app's own CSS and JavaScript, from its bundle: only these two names, no path from the request.
enum Static {
    static let files = ["app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"]

    static func response(_ name: String) throws -> Response {
        guard let type = files[name], let url = Bundle.module.url(forResource: "Static/\(name)", withExtension: nil),
            let data = FileManager.default.contents(atPath: url.path)
        else { throw WebError(.notFound, "Không có tệp \(name).") }
        var response = Views.response(String(decoding: data, as: UTF8.self), contentType: type)
        response.headers[.cacheControl] = "public, max-age=3600"
        return response
    }
}
