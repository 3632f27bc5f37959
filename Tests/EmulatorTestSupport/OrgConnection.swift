public import Foundation
public import SalesforceEmulator

/// An emulator in this process with a signed-in session, answering requests without HTTP: fast
/// tests of the REST API's behaviour. `HTTPServerTests` cover the wire.
public struct OrgConnection: Sendable {
    /// What the API answered.
    public struct Reply: Sendable {
        public var status: Int
        public var json: JSON?
        public var headers: [String: String]
    }

    public let emulator: SalesforceEmulator
    public let accessToken: String
    public let version = "v59.0"

    /// Signs in to `emulator` with a refresh token of the standard org's connected app: avosync's
    /// user by default, `admin-refresh-token` for the person who edits records by hand.
    public init(_ emulator: SalesforceEmulator, refreshToken: String = "demo-refresh-token") async throws {
        self.emulator = emulator
        let reply = await Self.send(
            emulator,
            "POST",
            "/services/oauth2/token",
            body: Data(
                "grant_type=refresh_token&client_id=avosync-demo&client_secret=demo-secret&refresh_token=\(refreshToken)"
                    .utf8
            ),
            headers: ["Content-Type": "application/x-www-form-urlencoded"]
        )
        guard let token = reply.json?["access_token"]?.stringValue else {
            throw HarnessError("sign-in failed: \(reply.status) \(String(describing: reply.json))")
        }
        accessToken = token
    }

    /// The standard org (`Fixtures/orgs/standard.json`), edited by `edit`, signed in.
    public static func standard(
        clock: @escaping @Sendable () -> Date = { Date() },
        edit: (inout OrgFixture) -> Void = { _ in }
    ) async throws -> OrgConnection {
        var fixture = try OrgFixture.load(contentsOf: Fixtures.standardOrg)
        edit(&fixture)
        return try await OrgConnection(SalesforceEmulator(fixture: fixture, clock: clock))
    }

    /// The standard org with `count` more Leads ("Bulk 0", "Bulk 1", ...), for paging.
    public static func standard(withBulkLeads count: Int) async throws -> OrgConnection {
        try await standard(edit: { fixture in
            fixture.records["Lead"] = (0..<count).map { index -> [String: JSON] in
                ["LastName": .string("Bulk \(index)"), "Company": "Bulk Co"]
            }
        })
    }

    /// Calls a path under `/services/data/v59.0/` (or an absolute path starting with `/`).
    public func call(
        _ method: String,
        _ path: String,
        json: JSON? = nil,
        headers: [String: String] = [:]
    ) async -> Reply {
        let target = path.hasPrefix("/") ? path : "/services/data/\(version)/\(path)"
        var allHeaders = headers
        allHeaders["Authorization"] = allHeaders["Authorization"] ?? "Bearer \(accessToken)"
        if json != nil { allHeaders["Content-Type"] = "application/json" }
        return await Self.send(emulator, method, target, body: json?.encoded() ?? Data(), headers: allHeaders)
    }

    /// Runs a SOQL query; returns its records.
    public func query(_ soql: String) async -> [JSON] {
        await call("GET", "query?q=" + Self.formEncoded(soql)).json?["records"]?.arrayValue ?? []
    }

    /// Form-encodes a query parameter value as `requests` and browsers do (space as `+`).
    public static func formEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~ ")
        return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text).replacingOccurrences(
            of: " ",
            with: "+"
        )
    }

    static func send(
        _ emulator: SalesforceEmulator,
        _ method: String,
        _ target: String,
        body: Data,
        headers: [String: String]
    ) async -> Reply {
        let response = await emulator.respond(
            to: APIRequest(method: method, target: target, headers: headers, body: body)
        )
        return Reply(
            status: response.status,
            json: response.body.flatMap(JSON.parse),
            headers: Dictionary(response.headers.map { ($0.0.lowercased(), $0.1) }, uniquingKeysWith: { a, _ in a })
        )
    }
}

/// A test harness failure, with what went wrong.
public struct HarnessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Paths of the repository's fixtures.
public enum Fixtures {
    /// The repository root, found from this file's place in it.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    public static let standardOrg = root.appendingPathComponent("Fixtures/orgs/standard.json")

    /// A JSON file under `Fixtures/salesforce/`, written from Salesforce's documentation.
    public static func documented(_ name: String) throws -> JSON {
        let url = root.appendingPathComponent("Fixtures/salesforce/\(name)")
        guard let json = JSON.parse(try Data(contentsOf: url)) else { throw HarnessError("\(url.path) is not JSON") }
        return json
    }
}
