import Hummingbird
import IngestService

/// Who may see the dashboard: a request with a known bearer token, or a browser with an open
/// session whose token is still known.
struct DashboardAccess: Sendable {
    static let cookieName = "avosync_session"

    let tokens: TokenStore
    let sessions: SessionStore
    /// Whether cookies carry `Secure` (the service speaks HTTPS).
    let secureCookies: Bool

    enum Decision {
        case allowed
        /// No credentials, or a session that ended: the browser should sign in.
        case signIn
        /// A bearer token that is not one of the service's.
        case wrongToken
    }

    func decide(_ request: Request) -> Decision {
        if let header = request.headers[.authorization] {
            guard let token = bearerToken(header), tokens.accepts(token) else { return .wrongToken }
            return .allowed
        }
        guard let id = Self.sessionID(request), let digest = sessions.tokenDigest(of: id),
            tokens.accepts(digest: digest)
        else { return .signIn }
        return .allowed
    }

    /// The session id of the request's cookie, if it carries one.
    static func sessionID(_ request: Request) -> Substring? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let pair = pair.drop { $0 == " " }
                guard pair.hasPrefix(cookieName + "=") else { continue }
                let value = pair.dropFirst(cookieName.count + 1)
                if !value.isEmpty { return value }
            }
        }
        return nil
    }

    /// The `Set-Cookie` value for session `id`: only for the dashboard's paths, out of the
    /// reach of scripts, never sent from another site, and only over HTTPS when served so.
    func cookie(for id: String) -> String {
        let lifetime = sessions.lifetime.components.seconds
        return "\(Self.cookieName)=\(id); Path=/ui; Max-Age=\(lifetime); HttpOnly; SameSite=Strict"
            + (secureCookies ? "; Secure" : "")
    }

    /// The `Set-Cookie` value that makes a browser forget its session.
    func expiredCookie() -> String {
        "\(Self.cookieName)=; Path=/ui; Max-Age=0; HttpOnly; SameSite=Strict" + (secureCookies ? "; Secure" : "")
    }
}
