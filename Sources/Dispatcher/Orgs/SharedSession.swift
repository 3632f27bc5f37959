import Foundation
import Logging
import SalesforceClient
import Synchronization

/// A signed-in Salesforce session shared by every account whose stored credentials are the same
/// (same login host, connected app, user grant and API version): one sign-in for all of them, and
/// one `RequestCoalescer` through which their batches share calls.
final class SharedSession: Sendable {
    let org: OrgKey
    let client: SalesforceClient
    let requests: RequestCoalescer
    private let members = Members()

    init(
        org: OrgKey,
        credentials: StoredCredentials,
        store: CredentialsStore,
        options: DispatchOptions,
        logger: Logger,
        observe: @escaping @Sendable (RequestNotice) -> Void
    ) throws {
        self.org = org
        let members = self.members
        client = try SalesforceClient(
            credentials: credentials.oauth(),
            transport: try HTTPTransport(caFile: credentials.caFile, admit: options.admitRequest),
            apiVersion: credentials.apiVersion,
            retry: options.retry,
            logger: logger,
            persistRefreshToken: { token in
                // Every account signed in with the old token holds it in its own file.
                for account in members.names.withLock({ $0 }).sorted() {
                    try store.replaceRefreshToken(token, for: account)
                }
            },
            observe: observe
        )
        requests = RequestCoalescer(
            client: client,
            longestWait: options.sharing == .sessionsAndCalls ? options.sharingWindow : nil,
            termsPerSearch: AccountBatch.phonesPerSearch
        )
    }

    /// Adds `account` to the accounts using the session.
    func join(_ account: String) { members.names.withLock { _ = $0.insert(account) } }

    /// Removes `account`; returns how many accounts still use the session.
    func leave(_ account: String) -> Int {
        members.names.withLock { members in
            members.remove(account)
            return members.count
        }
    }
}

/// The accounts using a session (shared with its refresh-token callback).
private final class Members: Sendable {
    let names = Mutex<Set<String>>([])
}

/// What makes two accounts' credentials one session. Holds secrets: never printed.
struct SessionKey: Hashable, Sendable, CustomStringConvertible {
    private let parts: [String]

    /// `account`: set when sessions are not shared, so that every account has its own.
    init(_ credentials: StoredCredentials, account: String? = nil) {
        parts = [
            credentials.loginURL, credentials.instanceURL, credentials.clientID, credentials.clientSecret,
            credentials.refreshToken, credentials.apiVersion, credentials.caFile ?? "", account ?? "",
        ]
    }

    var description: String { "session key" }
}

/// What one account's batch uses to reach its org: the session it shares and the org's describes.
struct OrgAccess: Sendable {
    let account: String
    let org: OrgKey
    let session: SharedSession
    let registry: OrgRegistry

    var client: SalesforceClient { session.client }
    var requests: RequestCoalescer { session.requests }

    /// Describes every object in `names` the org has (missing ones are absent), from the org's cache.
    func describe(_ names: Set<String>) async throws -> [String: ObjectDescription] {
        try await registry.describe(names, org: org, client: client)
    }
}
