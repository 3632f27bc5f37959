public import Foundation
public import Projection
public import SalesforceClient

/// One account's Salesforce credentials as `connect` stores them: in `credentials/ACCOUNT.json`,
/// mode 0600, never in a log.
public struct StoredCredentials: Codable, Sendable, Equatable {
    public var environment: String
    public var loginURL: String
    public var clientID: String
    public var clientSecret: String
    public var refreshToken: String
    public var instanceURL: String
    public var apiVersion: String
    public var caFile: String?
    public var orgID: String?

    public init(
        environment: String,
        loginURL: String,
        clientID: String,
        clientSecret: String,
        refreshToken: String,
        instanceURL: String,
        apiVersion: String,
        caFile: String?,
        orgID: String?
    ) {
        self.environment = environment
        self.loginURL = loginURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
        self.instanceURL = instanceURL
        self.apiVersion = apiVersion
        self.caFile = caFile
        self.orgID = orgID
    }

    enum CodingKeys: String, CodingKey {
        case environment
        case loginURL = "login_url"
        case clientID = "client_id"
        case clientSecret = "client_secret"
        case refreshToken = "refresh_token"
        case instanceURL = "instance_url"
        case apiVersion = "api_version"
        case caFile = "ca_file"
        case orgID = "org_id"
    }

    /// What the OAuth flow needs.
    public func oauth() throws(SalesforceError) -> OAuthCredentials {
        OAuthCredentials(
            loginURL: try EndpointSecurity.checkedURL(loginURL, role: "the login URL"),
            clientID: clientID,
            clientSecret: clientSecret,
            refreshToken: refreshToken
        )
    }
}

/// Reads and writes credential files: written whole to a temporary file with mode 0600, flushed,
/// then renamed over the old one, so that a crash leaves the old file or the new one.
public struct CredentialsStore: Sendable {
    public let directory: String

    public init(layout: DataLayout) { directory = layout.credentials }

    public func path(for account: String) -> String { directory + "/" + account + ".json" }

    /// The account's credentials, or nil when it was never connected.
    public func load(_ account: String) throws -> StoredCredentials? {
        let file = path(for: account)
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        do {
            return try JSONDecoder().decode(StoredCredentials.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw CredentialsError("\(file) cannot be read as avosync credentials: \(error.localizedDescription)")
        }
    }

    /// Stores `credentials` for `account`, atomically, readable by the owner only.
    public func save(_ credentials: StoredCredentials, for account: String) throws {
        try FileManager.default.createDirectory(
            atPath: directory,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let bytes = try encoder.encode(credentials)
        let final = path(for: account)
        let temporary = final + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else {
            throw CredentialsError("cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let result = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result <= 0 {
                    failure = String(cString: strerror(errno))
                    break
                }
                written += result
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw CredentialsError("cannot write \(temporary): \(failure)")
        }
        guard rename(temporary, final) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CredentialsError("cannot replace \(final): \(reason)")
        }
        let directoryDescriptor = open(directory, O_RDONLY)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Replaces the stored refresh token after the org rotated it.
    public func replaceRefreshToken(_ token: String, for account: String) throws {
        guard var credentials = try load(account) else { throw CredentialsError("no credentials for \(account)") }
        credentials.refreshToken = token
        try save(credentials, for: account)
    }
}

/// A credentials file that cannot be read or written.
public struct CredentialsError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
