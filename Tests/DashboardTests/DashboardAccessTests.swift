import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import Testing

/// The dashboard is for the service's token holders only: a browser signs in with the form and
/// keeps a session cookie, a script sends its bearer token, and nobody else sees a page.
@Suite("Dashboard: signing in and who sees what", .serialized)
struct DashboardAccessTests {
    static let pages = [
        "/ui/", "/ui", "/ui/?sort=lag", "/ui/accounts/\(DashboardFixture.account)", "/ui/accounts/quiet-bakery",
        "/ui/accounts/\(DashboardFixture.account)/contacts/bad", "/ui/log", "/ui/log?sync=on&account=quiet-bakery",
        "/ui/log?page=2",
    ]

    @Test("every page answers 200 with a session or a bearer token; without either, a browser is sent to sign in")
    func everyPageNeedsASession() async throws {
        try await DashboardFixture.with { _, client in
            let signedIn = try await client.signIn(DashboardFixture.token, next: "/ui/log")
            #expect(signedIn.status == 303)
            #expect(signedIn.header("location") == "/ui/log")
            let session = try #require(signedIn.sessionCookie)
            for page in Self.pages {
                let anonymous = try await client.send("GET", page)
                #expect(anonymous.status == 303, "\(page)")
                #expect(anonymous.header("location")?.hasPrefix("/ui/sign-in?next=%2Fui") == true, "\(page)")
                let withSession = try await client.send("GET", page, session: session)
                #expect(withSession.status == 200, "\(page): \(withSession.text.prefix(300))")
                #expect(withSession.header("content-type") == "text/html; charset=utf-8", "\(page)")
                #expect(withSession.header("cache-control") == "no-store", "\(page)")
                let withBearer = try await client.send("GET", page, bearer: DashboardFixture.token)
                #expect(withBearer.status == 200, "\(page)")
                let forged = try await client.send("GET", page, session: String(session.reversed()))
                #expect(forged.status == 303, "a made-up session is no session: \(page)")
            }
            #expect(try await client.send("GET", "/ui/sign-in").status == 200)
            let unknownAccount = try await client.send("GET", "/ui/accounts/nobody", session: session)
            #expect(unknownAccount.status == 404 && unknownAccount.text.contains("No account nobody"))
            let unknownType = try await client.send("GET", "/ui/log?type=call.made", session: session)
            #expect(unknownType.status == 400 && unknownType.text.contains("unknown type"))
        }
    }

    @Test("a wrong token is refused: the form answers 401 and opens no session, a bearer header answers 401")
    func aWrongTokenIsRefused() async throws {
        try await DashboardFixture.with { fixture, client in
            let wrong = try await client.signIn("not-" + DashboardFixture.token)
            #expect(wrong.status == 401)
            #expect(wrong.header("set-cookie") == nil)
            #expect(wrong.text.contains("not one of the service"))
            let empty = try await client.signIn("")
            #expect(empty.status == 401 && empty.header("set-cookie") == nil)
            let bearer = try await client.send("GET", "/ui/", bearer: "not-" + DashboardFixture.token)
            #expect(bearer.status == 401)
            #expect(bearer.header("www-authenticate") == "Bearer")
            #expect(!fixture.serve.process.errorOutput.contains(DashboardFixture.token))
        }
    }

    @Test("failed sign-ins make the address they come from wait, and only that address")
    func signInIsThrottledPerAddress() async throws {
        try await DashboardFixture.with { fixture, client in
            // Three failures cost only their pause; the fourth makes this address wait.
            for attempt in 0..<4 {
                #expect(try await client.signIn("guess-\(attempt)-0123456789").status == 401)
            }
            let throttled = try await client.signIn(DashboardFixture.token)
            #expect(throttled.status == 429, "even the right token waits its turn")
            #expect(throttled.header("retry-after").flatMap(Int.init).map { $0 >= 1 } == true)
            #expect(throttled.header("set-cookie") == nil)
            #expect(throttled.text.contains("Too many failed sign-ins"))

            let form = "token=\(DashboardFixture.token)&next=%2Fui%2F"
            let elsewhere = try RawConnection(fixture.baseURL, from: "127.0.0.2")
            elsewhere.send(
                "POST /ui/sign-in HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n\r\n"
                    + form
            )
            let answer = await elsewhere.waitForClose(timeout: 30) ?? ""
            #expect(answer.hasPrefix("HTTP/1.1 303"), "another address signs in at once: \(answer.prefix(200))")
            #expect(answer.contains("avosync_session="))
        }
    }

    @Test("sign-in goes on only to a dashboard page, never to another site")
    func signInStaysOnTheDashboard() async throws {
        try await DashboardFixture.with { _, client in
            for next in ["https://example.com/ui/", "//example.com/ui/", "/v1/events", "/ui\\..\\x"] {
                let signedIn = try await client.signIn(DashboardFixture.token, next: next)
                #expect(signedIn.status == 303)
                #expect(signedIn.header("location") == "/ui/", "\(next)")
            }
        }
    }

    @Test(
        "the session cookie is HttpOnly, SameSite=Strict and for /ui only; over HTTPS, or behind a TLS proxy named by --public-url, it is Secure as well"
    )
    func sessionCookieFlags() async throws {
        for (tls, publicURL) in [(false, nil), (true, nil), (false, "https://dashboard.example.com")] {
            let secure = tls || publicURL != nil
            try await DashboardFixture.with(tls: tls, serveArguments: publicURL.map { ["--public-url", $0] } ?? []) {
                fixture,
                client in
                #expect(fixture.baseURL.hasPrefix(tls ? "https://" : "http://"))
                let signedIn = try await client.signIn(DashboardFixture.token)
                let cookie = try #require(signedIn.header("set-cookie"))
                let attributes = Set(
                    cookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
                )
                #expect(attributes.contains("HttpOnly"), "\(cookie)")
                #expect(attributes.contains("SameSite=Strict"), "\(cookie)")
                #expect(attributes.contains("Path=/ui"), "\(cookie)")
                #expect(attributes.contains("Secure") == secure, "\(cookie)")
                let session = try #require(signedIn.sessionCookie)
                // 256 random bits in base64: too many to guess.
                #expect(session.count >= 43, "a session id long enough not to be guessed")
                #expect(try await client.send("GET", "/ui/", session: session).status == 200)
            }
        }
    }

    @Test("a session ends on sign-out, and when its token leaves the tokens file and the service re-reads it")
    func sessionsEnd() async throws {
        try await DashboardFixture.with { fixture, client in
            let first = try #require(try await client.signIn(DashboardFixture.token).sessionCookie)
            let second = try #require(try await client.signIn(DashboardFixture.token).sessionCookie)
            #expect(first != second)
            let signedOut = try await client.send("POST", "/ui/sign-out", session: first)
            #expect(signedOut.status == 303)
            let expired = try #require(signedOut.header("set-cookie"))
            #expect(expired.hasPrefix("avosync_session="), "\(expired)")
            #expect(Self.expiresAtOnce(expired), "sign-out makes the browser drop its cookie: \(expired)")
            #expect(try await client.send("GET", "/ui/", session: first).status == 303)
            #expect(try await client.send("GET", "/ui/", session: second).status == 200)

            let newToken = "another-token-0123456789abcdef"
            try writeTokens([newToken], to: fixture.tokensFile)
            fixture.serve.process.signal(SIGHUP)
            var ended = false
            for _ in 0..<100 where !ended {
                ended = try await client.send("GET", "/ui/", session: second).status == 303
                if !ended { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(ended, "the session of a token taken out of the file ends")
            #expect(try await client.send("GET", "/ui/", bearer: newToken).status == 200)
        }
    }

    /// Whether a `Set-Cookie` value ends the cookie now: `Max-Age=0`, or `Expires` not after now.
    static func expiresAtOnce(_ cookie: String) -> Bool {
        let attributes = cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        if attributes.contains("Max-Age=0") { return true }
        guard let expires = attributes.first(where: { $0.hasPrefix("Expires=") })?.dropFirst("Expires=".count) else {
            return false
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: String(expires)).map { $0 <= Date().addingTimeInterval(1) } ?? false
    }

    @Test("no page shows a token, a refresh token or a client secret")
    func noSecretOnAnyPage() async throws {
        try await DashboardFixture.with { fixture, client in
            let session = try #require(try await client.signIn(DashboardFixture.token).sessionCookie)
            let secrets = [DashboardFixture.token, DashboardFixture.clientSecret, DashboardFixture.refreshToken]
            for page in Self.pages + ["/ui/sign-in", "/ui/log?sync=on&account=\(DashboardFixture.account)"] {
                let reply = try await client.send("GET", page, session: session)
                for secret in secrets {
                    #expect(!reply.text.contains(secret), "\(page) shows \(secret)")
                    #expect(
                        !reply.headers.contains { $0.value.contains(secret) },
                        "\(page) sends \(secret) in a header"
                    )
                }
            }
            // The credentials the pages are built from are on disk, and the pages still do not show them.
            let stored = try String(
                contentsOfFile: fixture.data + "/credentials/\(DashboardFixture.account).json",
                encoding: .utf8
            )
            #expect(stored.contains(DashboardFixture.refreshToken))
        }
    }
}
