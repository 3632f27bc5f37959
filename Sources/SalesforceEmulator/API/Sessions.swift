import Foundation

/// OAuth state: the refresh tokens the org knows and the access tokens it has issued.
struct Sessions: Sendable {
    struct Grant: Sendable {
        var userID: String
        var clientID: String
    }

    struct Session: Sendable {
        var userID: String
        var expires: Date
        /// The refresh token the session was issued for: revoking it ends the session too.
        var refreshToken: String?
    }

    private(set) var refreshTokens: [String: Grant] = [:]
    private var accessTokens: [String: Session] = [:]
    private(set) var issued = 0

    init(fixture: OrgFixture) {
        for user in fixture.users {
            for token in user.refreshTokens {
                refreshTokens[token.token] = Grant(userID: user.id, clientID: token.clientID)
            }
        }
    }

    /// The user of a live access token.
    func user(ofAccessToken token: String, at now: Date) -> String? {
        guard let session = accessTokens[token], session.expires > now else { return nil }
        return session.userID
    }

    /// Issues an access token to `userID`, alive for `lifetime` seconds.
    mutating func issueAccessToken(
        organizationID: String,
        userID: String,
        refreshToken: String? = nil,
        now: Date,
        lifetime: TimeInterval
    ) -> String {
        let token = String(organizationID.prefix(15)) + "!" + Self.randomToken(length: 96)
        accessTokens[token] = Session(
            userID: userID,
            expires: now.addingTimeInterval(lifetime),
            refreshToken: refreshToken
        )
        issued += 1
        // Forget long-dead sessions now and then so that a long benchmark does not grow without bound.
        if issued % 1024 == 0 { accessTokens = accessTokens.filter { $0.value.expires > now } }
        return token
    }

    /// Replaces a refresh token by a new one (rotation); the old one stops working.
    mutating func rotate(_ refreshToken: String) -> String? {
        guard let grant = refreshTokens.removeValue(forKey: refreshToken) else { return nil }
        let fresh = "5Aep" + Self.randomToken(length: 83)
        refreshTokens[fresh] = grant
        return fresh
    }

    /// Revokes a refresh token with every session issued for it, or one access token. False when
    /// the org knows no such token.
    mutating func revoke(_ token: String) -> Bool {
        if refreshTokens.removeValue(forKey: token) != nil {
            accessTokens = accessTokens.filter { $0.value.refreshToken != token }
            return true
        }
        return accessTokens.removeValue(forKey: token) != nil
    }

    /// Ends a session before its time (an injected "session expired" fault).
    mutating func expire(_ accessToken: String) {
        accessTokens[accessToken] = nil
    }

    private static func randomToken(length: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
