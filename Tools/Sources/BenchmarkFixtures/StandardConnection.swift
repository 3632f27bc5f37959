public import Dispatcher
public import Foundation
public import SalesforceClient
public import SyncModel

/// An account's connection to an emulated standard org, as `avosync connect` leaves it: signed in
/// once with the standard org's connected app, the credentials to store and the
/// `salesforce.connected` payload to append.
public struct StandardConnection: Sendable {
    public let credentials: StoredCredentials
    public let connection: SalesforceConnection

    /// The standard org's connected app and user grant at `baseURL`.
    public static func login(_ baseURL: String) -> OAuthCredentials {
        OAuthCredentials(
            loginURL: URL(string: baseURL)!,
            clientID: "avosync-demo",
            clientSecret: "demo-secret",
            refreshToken: "demo-refresh-token"
        )
    }

    /// Signs in to the org at `baseURL` and learns its instance, API version and id.
    public static func signIn(_ baseURL: String) async throws -> StandardConnection {
        let login = login(baseURL)
        let client = try SalesforceClient(credentials: login, transport: HTTPTransport())
        let session = try await client.signIn()
        let version = try await client.negotiateVersion()
        await client.shutdown()
        let instance = session.instanceURL.absoluteString
        return StandardConnection(
            credentials: StoredCredentials(
                environment: "production",
                loginURL: baseURL,
                clientID: login.clientID,
                clientSecret: login.clientSecret,
                refreshToken: login.refreshToken,
                instanceURL: instance,
                apiVersion: version,
                caFile: nil,
                orgID: session.orgID
            ),
            connection: SalesforceConnection(environment: .production, instanceURL: instance, orgID: session.orgID)
        )
    }
}
