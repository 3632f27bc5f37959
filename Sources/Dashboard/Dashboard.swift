public import Access
import Foundation
public import Hummingbird
import HummingbirdAuth
public import Logging
public import Projection
import Reports

/// The operator's dashboard: read-only pages under `/ui/` on the service's own listener, for
/// tokens with the `read` role. A browser signs in with a token and keeps a session cookie; a
/// script may send `Authorization: Bearer TOKEN` instead.
///
/// Every page shows only the accounts of the token that signed in: lists, totals, charts, logs
/// and contacts of other accounts are not there, and their pages answer 404 exactly as an
/// account that does not exist.
///
/// Pages: the overview (`/ui/`), an account (`/ui/accounts/A`), a contact
/// (`/ui/accounts/A/contacts/C`) and the log (`/ui/log`). Every value on them comes from the
/// reports the command line prints (`status`, `contacts`, `deadletters`, `log`).
public struct Dashboard: Sendable {
    let tokens: TokenStore
    let sessions: DashboardSessions
    let throttle = SignInThrottle()
    let live: LiveState
    let history: MetricsHistory?
    let dispatching: Bool
    let refreshSeconds: Int
    let renderer = PageRenderer()
    let logger: Logger

    /// The dashboard of the data directory `layout`, for the holders of `tokens`. `history` is
    /// the process's metrics (nil when nothing dispatches here); `secureCookies` when people reach
    /// it over HTTPS (served so, or behind a proxy that is); pages showing live figures reload
    /// every `refreshSeconds`.
    public init(
        layout: DataLayout,
        tokens: TokenStore,
        history: MetricsHistory?,
        dispatching: Bool,
        secureCookies: Bool,
        refreshSeconds: Int = 30,
        logger: Logger
    ) {
        self.tokens = tokens
        sessions = DashboardSessions(secureCookies: secureCookies)
        live = LiveState(layout: layout)
        self.history = history
        self.dispatching = dispatching
        self.refreshSeconds = refreshSeconds
        self.logger = logger
    }

    /// Where sessions are kept: a service to run beside the listener (it drops expired ones).
    public var sessionStorage: MemoryPersistDriver<ContinuousClock> { sessions.storage }

    /// Adds the dashboard's routes to `router`.
    public func register(on router: Router<AccessRequestContext>) {
        let ui = router.group("ui")
            .add(middleware: sessions.middleware)
            .add(middleware: BearerTokenAuthenticator(tokens: tokens))
            .add(middleware: sessions.authenticator(tokens: tokens))
        ui.get("sign-in") { request, context in signInForm(request, context) }
        ui.post("sign-in") { request, context in await signIn(request, context) }
        ui.post("sign-out") { request, context in signOut(request, context) }
        // Pages: for a grant with the read role; the rest are sent to sign in, or refused.
        let pages = ui.group()
            .add(middleware: SignInFirst(dashboard: self))
            .add(
                middleware: AuthorizationPolicyMiddleware(
                    RolePolicy<Grant>(.read),
                    deniedError: ReadRoleMissing(dashboard: self)
                )
            )
        pages.get { request, context in
            await page(request, context, refreshing: true) { frame, grant in try await overview(request, grant, frame) }
        }
        pages.get("accounts/:account") { request, context in
            let name = context.parameters.get("account") ?? ""
            return await page(request, context, refreshing: true) { frame, grant in
                try await account(name, grant, frame)
            }
        }
        pages.get("accounts/:account/contacts/:contact") { request, context in
            let name = context.parameters.get("account") ?? ""
            let contact = context.parameters.get("contact") ?? ""
            return await page(request, context, refreshing: false) { frame, grant in
                try await self.contact(contact, of: name, grant, frame)
            }
        }
        pages.get("log") { request, context in
            await page(request, context, refreshing: false) { frame, grant in try await log(request, grant, frame) }
        }
    }
}
