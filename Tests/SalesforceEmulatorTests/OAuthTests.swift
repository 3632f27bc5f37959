import Crypto
import EmulatorTestSupport
import Foundation
import SalesforceEmulator
import Synchronization
import Testing

/// The OAuth refresh-token grant: credentials checked, signed answers, expiry, rotation.
@Suite struct OAuthTests {
    func token(
        _ emulator: SalesforceEmulator,
        client: String = "avosync-demo",
        secret: String = "demo-secret",
        refresh: String = "demo-refresh-token",
        grant: String = "refresh_token"
    ) async -> (status: Int, json: JSON?) {
        let form = "grant_type=\(grant)&client_id=\(client)&client_secret=\(secret)&refresh_token=\(refresh)"
        let response = await emulator.respond(
            to: APIRequest(method: "POST", target: "/services/oauth2/token", body: Data(form.utf8))
        )
        return (response.status, response.body.flatMap(JSON.parse))
    }

    func standard(
        _ clock: @escaping @Sendable () -> Date = { Date() },
        edit: (inout OrgFixture) -> Void = { _ in }
    ) throws
        -> SalesforceEmulator
    {
        var fixture = try OrgFixture.load(contentsOf: Fixtures.standardOrg)
        edit(&fixture)
        return try SalesforceEmulator(fixture: fixture, clock: clock)
    }

    @Test(arguments: [
        ("wrong-client", "demo-secret", "demo-refresh-token", "refresh_token", "invalid_client_id"),
        ("avosync-demo", "wrong-secret", "demo-refresh-token", "refresh_token", "invalid_client"),
        ("avosync-demo", "demo-secret", "wrong-token", "refresh_token", "invalid_grant"),
        ("avosync-demo", "demo-secret", "demo-refresh-token", "password", "unsupported_grant_type"),
    ])
    func badCredentialsAreRefusedWithOAuthErrors(
        client: String,
        secret: String,
        refresh: String,
        grant: String,
        error: String
    )
        async throws
    {
        let answer = await token(try standard(), client: client, secret: secret, refresh: refresh, grant: grant)
        #expect(answer.status == 400)
        #expect(answer.json?["error"]?.stringValue == error)
    }

    @Test func theSignatureIsAnHMACOfIdAndIssuedAtUnderTheSecret() async throws {
        let emulator = try standard()
        emulator.setBaseURL("https://127.0.0.1:8443")
        let answer = await token(emulator)
        let json = try #require(answer.json)
        #expect(json["instance_url"] == "https://127.0.0.1:8443")
        let id = try #require(json["id"]?.stringValue)
        let issuedAt = try #require(json["issued_at"]?.stringValue)
        let code = HMAC<SHA256>.authenticationCode(
            for: Data((id + issuedAt).utf8),
            using: SymmetricKey(data: Data("demo-secret".utf8))
        )
        #expect(json["signature"]?.stringValue == Data(code).base64EncodedString())
        #expect(json["token_type"] == "Bearer")
        #expect(json["refresh_token"] == nil)
    }

    @Test func accessTokensExpireAfterTheSessionLifetime() async throws {
        let now = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        let emulator = try standard({ now.withLock { $0 } }, edit: { $0.organization.sessionSeconds = 600 })
        let accessToken = try #require(await token(emulator).json?["access_token"]?.stringValue)
        let request = APIRequest(
            method: "GET",
            target: "/services/data/v59.0/limits",
            headers: ["Authorization": "Bearer \(accessToken)"]
        )
        #expect(await emulator.respond(to: request).status == 200)
        now.withLock { $0 += 601 }
        let expired = await emulator.respond(to: request)
        #expect(expired.status == 401)
        #expect(expired.body.flatMap(JSON.parse)?.arrayValue?.first?["errorCode"] == "INVALID_SESSION_ID")
        #expect(await token(emulator).status == 200, "the refresh token still works")
    }

    @Test func rotationIssuesANewRefreshTokenAndRetiresTheOld() async throws {
        let emulator = try standard(edit: { $0.connectedApps[0].rotateRefreshTokens = true })
        let first = await token(emulator)
        let rotated = try #require(first.json?["refresh_token"]?.stringValue)
        #expect(rotated != "demo-refresh-token")
        #expect(await token(emulator).json?["error"] == "invalid_grant")
        #expect(await token(emulator, refresh: rotated).status == 200)
    }

    @Test("revoking a refresh token ends it and every session issued for it; an unknown token gets invalid_token")
    func revokingARefreshTokenEndsItsSessions() async throws {
        let emulator = try standard()
        let access = try #require(await token(emulator).json?["access_token"]?.stringValue)
        func limits() async -> Int {
            await emulator.respond(
                to: APIRequest(
                    method: "GET",
                    target: "/services/data/v59.0/limits",
                    headers: ["Authorization": "Bearer \(access)"]
                )
            ).status
        }
        func revoke(_ token: String) async -> (status: Int, json: JSON?) {
            let response = await emulator.respond(
                to: APIRequest(method: "POST", target: "/services/oauth2/revoke", body: Data("token=\(token)".utf8))
            )
            return (response.status, response.body.flatMap(JSON.parse))
        }
        #expect(await limits() == 200)
        #expect(await revoke("demo-refresh-token").status == 200)
        #expect(await limits() == 401)
        #expect(await token(emulator).json?["error"]?.stringValue == "invalid_grant")
        let again = await revoke("demo-refresh-token")
        #expect(again.status == 400)
        #expect(again.json?["error"]?.stringValue == "invalid_token")
    }
}
