import Foundation
import ThiDuaCore

/// Who a browser session belongs to.
public enum Principal: Sendable, Hashable {
    /// Not signed in yet: the session only carries the sign-in form's CSRF token.
    case anonymous
    case juror(campaign: String, code: String)
    case secretariat
}

/// A browser session: who it is and the token every form of it must send back.
public struct Session: Sendable, Hashable {
    public var id: String
    public var principal: Principal
    public var csrf: String
    /// The SHA-256 of the token signed in with: the session ends when a newer token is issued.
    public var tokenDigest: String?
    /// When it was last used (not part of its identity).
    var lastSeen: ContinuousClock.Instant

    public static func == (a: Session, b: Session) -> Bool {
        (a.id, a.principal, a.csrf, a.tokenDigest) == (b.id, b.principal, b.csrf, b.tokenDigest)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
    }
}

/// Sessions in memory, by the random id in the `thidua_phien` cookie (HttpOnly,
/// SameSite=Strict). A server restart signs everyone out; tokens are what persists.
actor Sessions {
    private var sessions: [String: Session] = [:]
    private let limit: Int

    init(limit: Int = 100_000) {
        self.limit = limit
    }

    /// How long a session lives without a request.
    static let idle: Duration = .seconds(12 * 3600)

    /// A live session; one idle for longer than ``idle`` is ended.
    func get(_ id: String) -> Session? {
        guard var session = sessions[id] else { return nil }
        let now = ContinuousClock.now
        if now - session.lastSeen > Self.idle {
            sessions[id] = nil
            return nil
        }
        session.lastSeen = now
        sessions[id] = session
        return session
    }

    /// A new session (a new id and CSRF token: signing in never reuses the anonymous id).
    func create(_ principal: Principal, tokenDigest: String? = nil) -> Session {
        if sessions.count >= limit {
            // Anyone may open the sign-in form: a flood of anonymous sessions drops those first,
            // never the jurors and secretariat signed in (unless they alone fill the table).
            sessions = sessions.filter { $0.value.principal != .anonymous }
            if sessions.count >= limit { sessions.removeAll() }
        }
        let session = Session(id: Self.random(), principal: principal, csrf: Self.random(), tokenDigest: tokenDigest,
            lastSeen: ContinuousClock.now)
        sessions[session.id] = session
        return session
    }

    func remove(_ id: String) { sessions[id] = nil }

    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next(), radix: 16).leftPadded(16) }.joined()
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
