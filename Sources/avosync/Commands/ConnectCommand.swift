import ArgumentParser
import Cluster
import Dispatcher
import Foundation
import Ingest
import SalesforceClient
import SyncModel

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

    @OptionGroup var clusterConnection: ClusterConnectionOptions

    @Option(help: "Cluster mode: the key file that seals the credentials in the cluster (32 random bytes).")
    var credentialsKeyFile: String?

    func validate() throws {
        guard LoginHost(rawValue: environment) != nil else {
            throw ValidationError("--environment must be production or sandbox, got '\(environment)'")
        }
        guard !clientId.isEmpty else { throw ValidationError("--client-id must not be empty") }
        if clusterConnection.servers != nil, credentialsKeyFile == nil {
            throw ValidationError("connect --cluster needs --credentials-key-file F, the key every node is given")
        }
    }

    func run() async throws {
        let layout = data.layout
        do {
            let result = try await AccountConnector.connect(
                ConnectionRequest(
                    account: accountOption.account,
                    environment: LoginHost(rawValue: environment)!,
                    clientID: clientId,
                    clientSecret: try Self.readSecret(clientSecretFile, what: "client secret"),
                    refreshToken: try Self.readSecret(refreshTokenFile, what: "refresh token"),
                    loginURL: loginUrl,
                    caFile: caFile
                ),
                layout: layout,
                keeper: try clusterKeeper()
            )
            report(result)
        } catch {
            throw failure("connect", error)
        }
    }

    /// In cluster mode: the credentials sealed into the cluster's bucket, the event published to
    /// its stream (nothing is written to the local data directory).
    private func clusterKeeper() throws -> AccountConnector.Keeper? {
        guard let servers = clusterConnection.servers else { return nil }
        let seal = try CredentialSeal(keyFile: credentialsKeyFile ?? "")
        return { credentials, event in
            let resources = try ClusterResources(existingAt: servers, clientName: "avosync-connect")
            try ClusterCredentials(resources: resources, seal: seal).store(credentials, for: event.account)
            let receipt = try resources.eventSink().append([event], appendedBy: Appender.commandLine)
            return (receipt.appended.lowerBound, "the cluster (sealed with \(seal.keyFile))")
        }
    }

    private func report(_ result: ConnectionResult) {
        if json {
            printJSON(
                .object([
                    JSONMember("account", .string(accountOption.account)),
                    JSONMember("environment", .string(environment)),
                    JSONMember("instance_url", .string(result.instanceURL)),
                    JSONMember("org_id", .optional(result.orgID)),
                    JSONMember("api_version", .string(result.apiVersion)),
                    JSONMember(
                        "daily_api_requests_remaining",
                        result.dailyRequestsRemaining.map { .integer($0) } ?? .null
                    ),
                    JSONMember("event_offset", .integer(Int64(result.eventOffset))),
                ])
            )
        } else {
            print(
                "connected account \(accountOption.account) to \(environment) org \(result.orgID ?? "?") at \(result.instanceURL) (REST API \(result.apiVersion))"
            )
            if let usage = result.usage { print("API usage: \(usage)") }
            print(
                "credentials stored in \(result.credentialsPath)\(clusterConnection.servers == nil ? " (mode 0600)" : ""); salesforce.connected appended at offset \(result.eventOffset)"
            )
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
