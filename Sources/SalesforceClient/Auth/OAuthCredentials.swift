public import Foundation

/// What the OAuth refresh-token flow needs. The secret and the refresh token are never printed:
/// `description` hides them.
public struct OAuthCredentials: Sendable, Equatable, CustomStringConvertible {
    /// The login host: Salesforce's production or sandbox host, or an override such as an emulator.
    public var loginURL: URL
    /// The connected app's consumer key.
    public var clientID: String
    /// The connected app's consumer secret.
    public var clientSecret: String
    /// The user's refresh token; replaced when the org rotates it.
    public var refreshToken: String

    public init(loginURL: URL, clientID: String, clientSecret: String, refreshToken: String) {
        self.loginURL = loginURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
    }

    public var description: String { "OAuthCredentials(login: \(loginURL), client: \(clientID), secrets hidden)" }
}

/// A signed-in session: the access token and the org's own host.
public struct OAuthSession: Sendable, CustomStringConvertible {
    /// The bearer token; never printed.
    public var accessToken: String
    /// The org's host, where the REST API lives.
    public var instanceURL: URL
    /// The identity URL (`.../id/ORGID/USERID`).
    public var identityURL: String?
    /// A new refresh token, when the org rotated it.
    public var rotatedRefreshToken: String?

    /// The org's id, taken from the identity URL.
    public var orgID: String? {
        guard let identityURL else { return nil }
        let parts = identityURL.split(separator: "/")
        guard parts.count >= 3, parts[parts.count - 3] == "id" else { return nil }
        return String(parts[parts.count - 2])
    }

    public var description: String { "OAuthSession(instance: \(instanceURL), token hidden)" }
}

/// The token endpoint's answer, as Salesforce documents it.
struct TokenResponse: Decodable {
    var access_token: String
    var instance_url: String
    var id: String?
    var refresh_token: String?
}

/// The token endpoint's error answer.
struct TokenErrorResponse: Decodable {
    var error: String
    var error_description: String?
}
