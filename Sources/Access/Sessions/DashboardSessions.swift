public import Hummingbird
public import HummingbirdAuth
public import ServiceLifecycle

/// The dashboard's signed-in browsers, through hummingbird-auth's session middleware: a session id
/// of 256 random bits in a cookie (`avosync_session`, only for `/ui`, HttpOnly, SameSite=Strict,
/// and Secure whenever the dashboard is reached over HTTPS), the session kept in memory for
/// `lifetime`. A restart signs everybody out, the safe side for a reading page.
public struct DashboardSessions: Sendable {
    public static let cookieName = "avosync_session"

    /// Where sessions live; a service of its own, which drops expired ones.
    public let storage: MemoryPersistDriver<ContinuousClock>
    public let lifetime: Duration
    /// Whether cookies carry `Secure` (served over HTTPS, or behind a proxy that is).
    public let secureCookies: Bool

    public init(secureCookies: Bool, lifetime: Duration = .seconds(12 * 3600)) {
        storage = MemoryPersistDriver(configuration: .init(tidyFrequency: .seconds(600)))
        self.lifetime = lifetime
        self.secureCookies = secureCookies
    }

    /// The middleware that loads a request's session and saves or ends it after the response.
    public var middleware: SessionMiddleware<AccessRequestContext> {
        SessionMiddleware(
            storage: storage,
            configuration: SessionMiddlewareConfiguration(
                sessionCookieParameters: SessionCookieParameters(
                    name: Self.cookieName,
                    path: "/ui",
                    secure: secureCookies,
                    sameSite: .strict
                ),
                keyPrefix: "avosync.session.",
                defaultSessionExpiration: lifetime
            )
        )
    }

    /// Turns a request's session into its token's grant, when the token is still known.
    public func authenticator(tokens: TokenStore) -> SessionAuthenticator<AccessRequestContext, SessionGrants> {
        SessionAuthenticator(users: SessionGrants(tokens: tokens))
    }
}
