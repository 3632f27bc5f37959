import Dispatcher
import Projection
import SalesforceClient

/// A connected account's org, for commands that read its describes (`objects`, `fields`):
/// a client signed in with the stored credentials, and the describes cached for every account
/// of the org.
struct AccountOrg {
    let client: SalesforceClient
    let describer: CachedDescriber

    /// Opens the account's org; fails with a clear message when the account is not connected.
    init(layout: DataLayout, account: String, command: String, refresh: Bool) throws {
        guard let stored = try CredentialsStore(layout: layout).load(account) else {
            printError("avosync \(command): account \(account) is not connected; run avosync connect first")
            throw ExitStatus.failure
        }
        client = try SalesforceClient(
            credentials: stored.oauth(),
            transport: try HTTPTransport(caFile: stored.caFile),
            apiVersion: stored.apiVersion,
            persistRefreshToken: { try CredentialsStore(layout: layout).replaceRefreshToken($0, for: account) }
        )
        describer = CachedDescriber(layout: layout, org: OrgKey(stored), client: client, refresh: refresh)
    }

    /// Runs `body`, then closes the client's connections whatever happened.
    func use<T>(_ body: (CachedDescriber) async throws -> T) async throws -> T {
        do {
            let result = try await body(describer)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// Says on standard error when the answer came from describes cached earlier.
    func noteCache(command: String) {
        guard let fetched = describer.oldestCached else { return }
        printError(
            "avosync \(command): from the describes cached at \(fetched) (kept \(describer.maxAgeHours) hours); --refresh asks the org again"
        )
    }
}
