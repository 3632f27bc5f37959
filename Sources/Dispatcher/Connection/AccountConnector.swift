import EventLog
public import Foundation
public import Projection
public import SalesforceClient
public import SyncModel
import Synchronization

/// What `connect` needs to sign an account in to its org.
public struct ConnectionRequest: Sendable {
    public var account: String
    public var environment: LoginHost
    public var clientID: String
    public var clientSecret: String
    public var refreshToken: String
    /// The login host instead of Salesforce's own (an emulator, a My Domain URL).
    public var loginURL: String?
    /// PEM certificates to trust besides the system's.
    public var caFile: String?

    public init(
        account: String,
        environment: LoginHost,
        clientID: String,
        clientSecret: String,
        refreshToken: String,
        loginURL: String? = nil,
        caFile: String? = nil
    ) {
        self.account = account
        self.environment = environment
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
        self.loginURL = loginURL
        self.caFile = caFile
    }
}

/// What a successful `connect` found and recorded. Holds no secret.
public struct ConnectionResult: Sendable {
    public var instanceURL: String
    public var orgID: String?
    public var apiVersion: String
    /// The org's remaining daily API requests, from `/limits`.
    public var dailyRequestsRemaining: Int64?
    public var usage: APIUsage?
    /// Where the `salesforce.connected` event landed in the events log.
    public var eventOffset: UInt64
    public var credentialsPath: String
}

/// Connects an account: signs in, picks the API version, checks the connection with one call,
/// stores the credentials (mode 0600) and appends `salesforce.connected`.
public enum AccountConnector {
    /// Keeps what a connection made: the credentials and the `salesforce.connected` event. Returns
    /// the event's offset and where the credentials went (for the report).
    public typealias Keeper = @Sendable (StoredCredentials, Event) async throws -> (offset: UInt64, place: String)

    /// Connects, keeping the credentials and the event in `layout` (mode 0600 and the events log),
    /// or through `keeper` when given (cluster mode: sealed in the cluster, published to its stream).
    public static func connect(
        _ request: ConnectionRequest,
        layout: DataLayout,
        keeper: Keeper? = nil
    ) async throws -> ConnectionResult {
        let loginURL = try EndpointSecurity.checkedURL(
            request.loginURL ?? request.environment.loginURL.absoluteString,
            role: "the login URL"
        )
        let rotated = Mutex<String?>(nil)
        let client = try SalesforceClient(
            credentials: OAuthCredentials(
                loginURL: loginURL,
                clientID: request.clientID,
                clientSecret: request.clientSecret,
                refreshToken: request.refreshToken
            ),
            transport: try HTTPTransport(caFile: request.caFile),
            persistRefreshToken: { token in rotated.withLock { $0 = token } }
        )
        do {
            let result = try await connect(
                request,
                client: client,
                loginURL: loginURL,
                keeper: keeper ?? { try keepLocally($0, $1, layout: layout) }
            ) {
                rotated.withLock { $0 }
            }
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    private static func connect(
        _ request: ConnectionRequest,
        client: SalesforceClient,
        loginURL: URL,
        keeper: Keeper,
        rotatedToken: () -> String?
    ) async throws -> ConnectionResult {
        let session = try await client.signIn()
        let version = try await client.negotiateVersion()
        let limits = try await client.limits()
        let credentials = StoredCredentials(
            environment: request.environment.rawValue,
            loginURL: loginURL.absoluteString,
            clientID: request.clientID,
            clientSecret: request.clientSecret,
            // The org may have rotated the token while signing in; only the new one works now.
            refreshToken: rotatedToken() ?? request.refreshToken,
            instanceURL: session.instanceURL.absoluteString,
            apiVersion: version,
            caFile: request.caFile.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
            orgID: session.orgID
        )
        let event = Event(
            id: UUID().uuidString.lowercased(),
            account: request.account,
            at: EventTime.now,
            payload: .salesforceConnected(
                SalesforceConnection(
                    environment: request.environment == .sandbox ? .sandbox : .production,
                    instanceURL: session.instanceURL.absoluteString,
                    orgID: session.orgID
                )
            )
        )
        let (offset, place) = try await keeper(credentials, event)
        let remaining = limits?["DailyApiRequests"]?["Remaining"].flatMap { value -> Int64? in
            if case .int(let number) = value { return number }
            return nil
        }
        return ConnectionResult(
            instanceURL: session.instanceURL.absoluteString,
            orgID: session.orgID,
            apiVersion: version,
            dailyRequestsRemaining: remaining,
            usage: await client.usage,
            eventOffset: offset,
            credentialsPath: place
        )
    }

    /// Stores the credentials in the data directory (mode 0600) and appends the event.
    private static func keepLocally(
        _ credentials: StoredCredentials,
        _ event: Event,
        layout: DataLayout
    ) throws -> (offset: UInt64, place: String) {
        let store = CredentialsStore(layout: layout)
        try store.save(credentials, for: event.account)
        let writer = try LogWriter.waitingForLock(directory: layout.events)
        do {
            let offset = try writer.append(contentsOf: [StoredEncoding.encode(event)], appendedBy: Appender.commandLine)
                .lowerBound
            try writer.close()
            return (offset, store.path(for: event.account))
        } catch {
            try? writer.close()
            throw error
        }
    }
}
