import Foundation
public import Hummingbird
public import IngestService
public import Logging
public import Projection
import Reports

/// The operator's dashboard: read-only pages under `/ui/` on the service's own listener, for
/// the service's tokens. A browser signs in with a token and keeps a session cookie; a script
/// may send `Authorization: Bearer TOKEN` instead.
///
/// Pages: the overview (`/ui/`), an account (`/ui/accounts/A`), a contact
/// (`/ui/accounts/A/contacts/C`) and the log (`/ui/log`). Every value on them comes from the
/// reports the command line prints (`status`, `contacts`, `deadletters`, `log`).
public struct Dashboard: Sendable {
    let access: DashboardAccess
    let live: LiveState
    let history: MetricsHistory?
    let dispatching: Bool
    let refreshSeconds: Int
    let renderer = PageRenderer()
    let logger: Logger

    /// The dashboard of the data directory `layout`, for the holders of `tokens`. `history` is
    /// the process's metrics (nil when nothing dispatches here); `secureCookies` when the service
    /// speaks HTTPS; pages showing live figures reload every `refreshSeconds`.
    public init(
        layout: DataLayout,
        tokens: TokenStore,
        history: MetricsHistory?,
        dispatching: Bool,
        secureCookies: Bool,
        refreshSeconds: Int = 30,
        logger: Logger
    ) {
        access = DashboardAccess(tokens: tokens, sessions: SessionStore(), secureCookies: secureCookies)
        live = LiveState(layout: layout)
        self.history = history
        self.dispatching = dispatching
        self.refreshSeconds = refreshSeconds
        self.logger = logger
    }

    /// Adds the dashboard's routes to `router`.
    public func register(on router: Router<IngestRequestContext>) {
        router.get("ui/sign-in") { request, _ in signInForm(request) }
        router.post("ui/sign-in") { request, _ in await signIn(request) }
        router.post("ui/sign-out") { request, _ in signOut(request) }
        router.get("ui") { request, _ in
            await page(request, refreshing: true) { frame in try await overview(request, frame) }
        }
        router.get("ui/accounts/:account") { request, context in
            let name = context.parameters.get("account") ?? ""
            return await page(request, refreshing: true) { frame in try await account(name, frame) }
        }
        router.get("ui/accounts/:account/contacts/:contact") { request, context in
            let name = context.parameters.get("account") ?? ""
            let contact = context.parameters.get("contact") ?? ""
            return await page(request, refreshing: false) { frame in try await self.contact(contact, of: name, frame) }
        }
        router.get("ui/log") { request, _ in
            await page(request, refreshing: false) { frame in try await log(request, frame) }
        }
    }
}
