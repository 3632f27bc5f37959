import Foundation
import HTTPTypes
import Hummingbird
import IngestService
import Logging
import NIOCore

extension Dashboard {
    /// The sign-in form's fields.
    private struct SignInForm: Decodable {
        var token: String
        var next: String?
    }

    /// A page for a visitor who may see it; otherwise a redirect to the sign-in form (no
    /// credentials, or a session that ended) or 401 (a bearer token that is not the service's).
    func page(
        _ request: Request,
        refreshing: Bool,
        _ build: (PageFrame) async throws -> Response
    ) async -> Response {
        switch access.decide(request) {
        case .wrongToken:
            logger.notice(
                "refused a dashboard request with an unknown token",
                metadata: ["path": "\(request.uri.path)"]
            )
            return plain(.unauthorized, "a known token is required: Authorization: Bearer TOKEN", bearer: true)
        case .signIn:
            let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            return redirect(to: "/ui/sign-in?next=" + urlComponent(next))
        case .allowed:
            let frame = PageFrame(
                shownAt: Self.now(),
                refreshSeconds: refreshing ? refreshSeconds : nil,
                hasSession: DashboardAccess.sessionID(request) != nil && request.headers[.authorization] == nil
            )
            do {
                return try await build(frame)
            } catch PageProblem.notFound(let message) {
                return problem(.notFound, "Not found", message, frame)
            } catch {
                logger.error("a dashboard page failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
                return problem(.internalServerError, "The logs could not be read", "\(error)", frame)
            }
        }
    }

    func signInForm(_ request: Request) -> Response {
        let next = Self.safeNext(request.uri.queryParameters.get("next").map { String($0) })
        return html(renderer.render("sign-in", ["next": next], frame: Self.bareFrame))
    }

    /// Checks the token sent by the form; a known one opens a session and goes on to `next`.
    func signIn(_ request: Request) async -> Response {
        var request = request
        let form: SignInForm
        do {
            let body = try await request.collectBody(upTo: 16 << 10)
            form = try URLEncodedFormDecoder().decode(SignInForm.self, from: String(buffer: body))
        } catch {
            let context: [String: Any] = ["next": "/ui/", "problem": "The form could not be read; sign in again."]
            return html(renderer.render("sign-in", context, frame: Self.bareFrame), status: .badRequest)
        }
        let next = Self.safeNext(form.next)
        let token = Substring(form.token.trimmingCharacters(in: .whitespaces))
        guard !token.isEmpty, access.tokens.accepts(token) else {
            logger.notice("refused a dashboard sign-in with an unknown token")
            // A moment's wait makes guessing slower; the tokens themselves are long.
            try? await Task.sleep(for: .milliseconds(250))
            let context: [String: Any] = ["next": next, "problem": "That token is not one of the service's."]
            return html(renderer.render("sign-in", context, frame: Self.bareFrame), status: .unauthorized)
        }
        let session = access.sessions.open(tokenDigest: TokenStore.digest(token))
        var response = redirect(to: next)
        response.headers[.setCookie] = access.cookie(for: session)
        return response
    }

    func signOut(_ request: Request) -> Response {
        if let id = DashboardAccess.sessionID(request) { access.sessions.close(id) }
        var response = redirect(to: "/ui/sign-in")
        response.headers[.setCookie] = access.expiredCookie()
        return response
    }

    // MARK: Responses

    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = Self.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    private func problem(
        _ status: HTTPResponse.Status,
        _ heading: String,
        _ message: String,
        _ frame: PageFrame
    )
        -> Response
    {
        var frame = frame
        frame.refreshSeconds = nil
        return html(renderer.render("problem", ["heading": heading, "message": message], frame: frame), status: status)
    }

    private func plain(_ status: HTTPResponse.Status, _ message: String, bearer: Bool) -> Response {
        var headers = Self.securityHeaders
        headers[.contentType] = "text/plain; charset=utf-8"
        if bearer { headers[.wwwAuthenticate] = "Bearer" }
        return Response(
            status: status,
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: message + "\n"))
        )
    }

    private func redirect(to location: String) -> Response {
        var headers = Self.securityHeaders
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    /// Pages are private and live: not cached, not framed, no scripts, no requests elsewhere.
    private static let securityHeaders: HTTPFields = [
        .cacheControl: "no-store",
        .contentSecurityPolicy:
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        .xContentTypeOptions: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
    ]

    private static var bareFrame: PageFrame { PageFrame(shownAt: now(), refreshSeconds: nil, hasSession: false) }

    /// Where to go after signing in: a dashboard path, never another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/ui"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains("://")
        else { return "/ui/" }
        return next
    }

    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date()).replacingOccurrences(of: "T", with: " ")
    }
}
