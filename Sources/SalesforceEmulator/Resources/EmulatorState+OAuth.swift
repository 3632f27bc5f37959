import Crypto
import Foundation

extension EmulatorState {
    /// `POST /services/oauth2/token` with the refresh-token grant, answering as Salesforce does:
    /// the token, `instance_url`, the identity URL, `issued_at`, and a signature over them.
    mutating func oauthToken(_ request: APIRequest, now: Date) -> APIResult {
        guard request.method == "POST" else {
            return APIFailure.methodNotAllowed(request.method, allowed: ["POST"]).response
        }
        let form = FormEncoding.decode(String(decoding: request.body, as: UTF8.self))
            .merging(request.queryParameters) { body, _ in body }
        guard form["grant_type"] == "refresh_token" else {
            return Self.oauthError(400, "unsupported_grant_type", "grant type not supported")
        }
        guard let app = fixture.connectedApps.first(where: { $0.clientID == form["client_id"] }) else {
            return Self.oauthError(400, "invalid_client_id", "client identifier invalid")
        }
        guard app.clientSecret == form["client_secret"] else {
            return Self.oauthError(400, "invalid_client", "invalid client credentials")
        }
        guard let refreshToken = form["refresh_token"], let grant = sessions.refreshTokens[refreshToken],
            grant.clientID == app.clientID
        else {
            return Self.oauthError(400, "invalid_grant", "expired access/refresh token")
        }
        let accessToken = sessions.issueAccessToken(
            organizationID: organizationID,
            userID: grant.userID,
            refreshToken: refreshToken,
            now: now,
            lifetime: sessionLifetime
        )
        let identity = "\(baseURL)/id/\(organizationID)/\(grant.userID)"
        let issuedAt = String(Int(now.timeIntervalSince1970 * 1000))
        var body: [String: JSON] = [
            "access_token": .string(accessToken),
            "instance_url": .string(baseURL),
            "id": .string(identity),
            "token_type": "Bearer",
            "issued_at": .string(issuedAt),
            "scope": "api refresh_token",
            "signature": .string(Self.signature(identity: identity, issuedAt: issuedAt, secret: app.clientSecret)),
        ]
        if app.rotateRefreshTokens == true, let fresh = sessions.rotate(refreshToken) {
            body["refresh_token"] = .string(fresh)
        }
        return APIResult(200, .object(body))
    }

    /// `POST /services/oauth2/revoke` with `token`: a refresh token is revoked with every access
    /// token issued for it, an access token alone. 200 with an empty body, or 400 `invalid_token`.
    mutating func oauthRevoke(_ request: APIRequest) -> APIResult {
        guard request.method == "POST" || request.method == "GET" else {
            return APIFailure.methodNotAllowed(request.method, allowed: ["POST", "GET"]).response
        }
        let form = FormEncoding.decode(String(decoding: request.body, as: UTF8.self))
            .merging(request.queryParameters) { body, _ in body }
        guard let token = form["token"], sessions.revoke(token) else {
            return Self.oauthError(400, "invalid_token", "invalid token")
        }
        return APIResult(200, nil)
    }

    /// Salesforce signs `id` followed by `issued_at` with HMAC-SHA256 under the consumer secret,
    /// so a client can check that the answer came from the org it asked.
    static func signature(identity: String, issuedAt: String, secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: Data((identity + issuedAt).utf8), using: key)
        return Data(code).base64EncodedString()
    }

    private static func oauthError(_ status: Int, _ error: String, _ description: String) -> APIResult {
        APIResult(status, ["error": .string(error), "error_description": .string(description)])
    }
}
