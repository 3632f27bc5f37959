import ArgumentParser
import Dispatcher
import EventLog
import Foundation
import Logging
import Projection
import SalesforceClient
import SyncModel
import Synchronization

/// `avosync connect`: signs an account in to its Salesforce org and remembers how.
struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Connect an account to a Salesforce org with the OAuth refresh-token flow.",
        discussion: """
            Signs in at the login host (Salesforce's production or sandbox host, or --login-url), \
            checks the connection with one API call, stores the credentials in the data directory's \
            credentials/ folder (mode 0600) and appends a salesforce.connected event. Secrets are read \
            from files, never from the command line, and are never printed or logged.
            """
    )

    @OptionGroup var data: DataDirectoryOption
    @OptionGroup var accountOption: AccountOption

    @Option(help: "production or sandbox.")
    var environment: String

    @Option(help: "The connected app's consumer key.")
    var clientId: String

    @Option(help: "A file holding the connected app's consumer secret.")
    var clientSecretFile: String

    @Option(help: "A file holding the user's refresh token.")
    var refreshTokenFile: String

    @Option(help: "The login host, instead of Salesforce's own (for example an emulator's URL).")
    var loginUrl: String?

    @Option(
        help: "A PEM file of certificates to trust besides the system's (a private CA, or the emulator's certificate)."
    )
    var caFile: String?

    @Flag(help: "Print one JSON document.") var json = false

    func validate() throws {
        guard LoginHost(rawValue: environment) != nil else {
            throw ValidationError("--environment must be production or sandbox, got '\(environment)'")
        }
        guard !clientId.isEmpty else { throw ValidationError("--client-id must not be empty") }
    }

    func run() async throws {
        let account = accountOption.account
        let host = LoginHost(rawValue: environment)!
        let layout = data.layout
        do {
            let secret = try Self.readSecret(clientSecretFile, what: "client secret")
            let refreshToken = try Self.readSecret(refreshTokenFile, what: "refresh token")
            let loginURL = try EndpointSecurity.checkedURL(
                loginUrl ?? host.loginURL.absoluteString,
                role: "the login URL"
            )
            let rotated = RotatedToken()
            let client = try SalesforceClient(
                credentials: OAuthCredentials(
                    loginURL: loginURL,
                    clientID: clientId,
                    clientSecret: secret,
                    refreshToken: refreshToken
                ),
                transport: try HTTPTransport(caFile: caFile),
                persistRefreshToken: { rotated.set($0) }
            )
            defer { Task { await client.shutdown() } }
            let session = try await client.signIn()
            let version = try await client.negotiateVersion()
            let limits = try await client.limits()
            let usage = await client.usage
            let stored = StoredCredentials(
                environment: host.rawValue,
                loginURL: loginURL.absoluteString,
                clientID: clientId,
                clientSecret: secret,
                refreshToken: rotated.value ?? refreshToken,
                instanceURL: session.instanceURL.absoluteString,
                apiVersion: version,
                caFile: caFile.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
                orgID: session.orgID
            )
            try CredentialsStore(layout: layout).save(stored, for: account)
            let event = Event(
                id: UUID().uuidString.lowercased(),
                account: account,
                at: EventTime.now,
                payload: .salesforceConnected(
                    SalesforceConnection(
                        environment: host == .sandbox ? .sandbox : .production,
                        instanceURL: session.instanceURL.absoluteString,
                        orgID: session.orgID
                    )
                )
            )
            let writer = try LogWriter(directory: layout.events)
            let offset = try writer.append(StoredEncoding.encode(event))
            try writer.close()
            let remaining = limits?["DailyApiRequests"]?["Remaining"].flatMap { value -> Int64? in
                if case .int(let number) = value { return number }
                return nil
            }
            if json {
                printJSON(
                    .object([
                        JSONMember("account", .string(account)),
                        JSONMember("environment", .string(host.rawValue)),
                        JSONMember("instance_url", .string(session.instanceURL.absoluteString)),
                        JSONMember("org_id", .optional(session.orgID)),
                        JSONMember("api_version", .string(version)),
                        JSONMember("daily_api_requests_remaining", remaining.map { .integer($0) } ?? .null),
                        JSONMember("event_offset", .integer(Int64(offset))),
                    ])
                )
            } else {
                print(
                    "connected account \(account) to \(host.rawValue) org \(session.orgID ?? "?") at \(session.instanceURL.absoluteString) (REST API \(version))"
                )
                if let usage { print("API usage: \(usage)") }
                print(
                    "credentials stored in \(CredentialsStore(layout: layout).path(for: account)) (mode 0600); salesforce.connected appended at offset \(offset)"
                )
            }
        } catch {
            throw failure("connect", error)
        }
    }

    /// A secret from a file: its first line, without surrounding blanks. Refuses an empty one.
    static func readSecret(_ path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read the \(what) file \(path)")
        }
        let text = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let secret = text.trimmingCharacters(in: .whitespaces)
        guard !secret.isEmpty else { throw ValidationError("the \(what) file \(path) is empty") }
        return secret
    }
}

/// A refresh token the org rotated during `connect`, kept until the credentials are stored.
final class RotatedToken: Sendable {
    private let storage = Mutex<String?>(nil)
    var value: String? { storage.withLock { $0 } }
    func set(_ token: String) { storage.withLock { $0 = token } }
}
