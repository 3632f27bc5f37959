import Access
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore

extension Dashboard {
    /// The sign-in form's fields.
    private struct SignInForm: Decodable {
        var token: String
        var next: String?
    }

    /// Sends a visitor without a known token to sign in (no credentials, or a session whose token
    /// is gone), or answers 401 to a bearer token that is not the service's.
    struct SignInFirst: RouterMiddleware {
        typealias Context = AccessRequestContext
        let dashboard: Dashboard

        func handle(
            _ request: Request,
            context: Context,
            next: (Request, Context) async throws -> Response
        )
            async throws -> Response
        {
            if context.identity != nil { return try await next(request, context) }
            if BearerTokenAuthenticator.presentedUnknownToken(request, context) {
                dashboard.logger.notice(
                    "refused a dashboard request with an unknown token",
                    metadata: ["path": "\(request.uri.path)"]
                )
                return dashboard.plain(
                    .unauthorized,
                    "a known token is required: Authorization: Bearer TOKEN",
                    bearer: true
                )
            }
            let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            return dashboard.redirect(to: "/ui/sign-in?next=" + urlComponent(next))
        }
    }

    /// The 403 page of a token without the `read` role.
    struct ReadRoleMissing: HTTPResponseError {
        let dashboard: Dashboard
        var status: HTTPResponse.Status { .forbidden }

        func response(from request: Request, context: some RequestContext) throws -> Response {
            let name = (context as? AccessRequestContext)?.identity?.name ?? ""
            return dashboard.problem(
                .forbidden,
                "Not allowed",
                "The token \(name) may not read the dashboard: it has no read role.",
                PageFrame(shownAt: Dashboard.now(), refreshSeconds: nil, hasSession: false),
                requestID: context.id
            )
        }
    }

    /// A page for a visitor whose token may read (the middleware of the pages let no other
    /// through), built from its grant.
    func page(
        _ request: Request,
        _ context: AccessRequestContext,
        refreshing: Bool,
        _ build: (PageFrame, Grant) async throws -> Response
    ) async -> Response {
        let frame = PageFrame(
            shownAt: Self.now(),
            refreshSeconds: refreshing ? refreshSeconds : nil,
            hasSession: context.sessions.session != nil && request.headers[.authorization] == nil
        )
        guard let grant = context.identity else {
            return problem(.forbidden, "Not allowed", "Sign in first.", frame, requestID: context.id)
        }
        do {
            return try await build(frame, grant)
        } catch PageProblem.notFound(let message) {
            return problem(.notFound, "Not found", message, frame, requestID: context.id)
        } catch {
            // The cause goes to the service's log under the request id; the page names only the id.
            logger.error(
                "a dashboard page failed",
                metadata: ["path": "\(request.uri.path)", "error": "\(error)", "request_id": "\(context.id)"]
            )
            return problem(
                .internalServerError,
                "The page could not be made",
                "Something went wrong on the service's side; its log says what under the request id below.",
                frame,
                requestID: context.id
            )
        }
    }

    func signInForm(_ request: Request, _ context: AccessRequestContext) -> Response {
        let next = Self.safeNext(request.uri.queryParameters.get("next").map { String($0) })
        return html(renderer.render("sign-in", ["next": next], frame: Self.bareFrame))
    }

    /// Checks the token sent by the form; a known one with the `read` role opens a session and
    /// goes on to `next`. Failures from one address are throttled (`SignInThrottle`).
    func signIn(_ request: Request, _ context: AccessRequestContext) async -> Response {
        let address = context.remoteAddress?.ipAddress ?? "unknown"
        if case .wait(let wait) = throttle.admit(address) {
            let seconds = max(
                1,
                Int((Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18).rounded(.up))
            )
            logger.notice("throttled a dashboard sign-in after failures from the same address")
            var response = signInPage(
                .tooManyRequests,
                next: "/ui/",
                problem:
                    "Too many failed sign-ins from your address; try again in \(seconds) second\(seconds == 1 ? "" : "s")."
            )
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        var request = request
        let form: SignInForm
        do {
            let body = try await request.collectBody(upTo: 16 << 10)
            form = try URLEncodedFormDecoder().decode(SignInForm.self, from: String(buffer: body))
        } catch {
            return signInPage(.badRequest, next: "/ui/", problem: "The form could not be read; sign in again.")
        }
        let next = Self.safeNext(form.next)
        let token = form.token.trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, let grant = tokens.grant(for: token) else {
            logger.notice("refused a dashboard sign-in with an unknown token")
            throttle.failed(address)
            try? await Task.sleep(for: throttle.failurePause)
            return signInPage(.unauthorized, next: next, problem: "That token is not one of the service's.")
        }
        guard grant.roles.contains(.read) else {
            logger.notice(
                "refused a dashboard sign-in by a token without the read role",
                metadata: ["token": "\(grant.name)"]
            )
            return signInPage(
                .forbidden,
                next: next,
                problem:
                    "That token cannot sign in: it has no read role (its roles: \(grant.roles)). Ask for a token with the read role."
            )
        }
        throttle.succeeded(address)
        context.sessions.createSession(SignedInSession(TokenDigest(of: token)))
        return redirect(to: next)
    }

    func signOut(_ request: Request, _ context: AccessRequestContext) -> Response {
        context.sessions.clearSession()
        return redirect(to: "/ui/sign-in")
    }

    // MARK: Responses

    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = Self.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    private func signInPage(_ status: HTTPResponse.Status, next: String, problem: String) -> Response {
        html(renderer.render("sign-in", ["next": next, "problem": problem], frame: Self.bareFrame), status: status)
    }

    func problem(
        _ status: HTTPResponse.Status,
        _ heading: String,
        _ message: String,
        _ frame: PageFrame,
        requestID: String
    )
        -> Response
    {
        var frame = frame
        frame.refreshSeconds = nil
        let page = renderer.render(
            "problem",
            ["heading": heading, "message": message, "requestID": requestID],
            frame: frame
        )
        return html(page, status: status)
    }

    func plain(_ status: HTTPResponse.Status, _ message: String, bearer: Bool) -> Response {
        var headers = Self.securityHeaders
        headers[.contentType] = "text/plain; charset=utf-8"
        if bearer { headers[.wwwAuthenticate] = "Bearer" }
        return Response(
            status: status,
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: message + "\n"))
        )
    }

    func redirect(to location: String) -> Response {
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
