import AsyncHTTPClient
import BenchmarkFixtures
import BenchmarkSupport
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SalesforceEmulator
import ServiceLifecycle

// Requests per second the emulator serves on loopback, each next to the cheapest request it
// answers (the versions list: no token, no org work) measured in the same run. The load generator
// shares the machine's cores with the server, as the dispatcher benchmarks will.

@main
enum EmulatorBenchmark {
    static func main() async throws {
        let seconds = Double(option("--seconds", default: 5))
        let seededRecords = option("--records", default: 10_000)

        var fixture = try OrgFixture.load(contentsOf: BenchmarkFixtures.standardOrg)
        // An org with existing Leads, so that queries and searches scan a realistic number of records.
        fixture.records["Lead", default: []] += (0..<seededRecords).map { index -> [String: JSON] in
            [
                "LastName": .string("Seeded \(index)"), "Company": "Seed Co",
                "Phone": .string(String(format: "(%03d) 555-%04d", 200 + index / 10_000, index % 10_000)),
            ]
        }
        let served = try await LoopbackEmulator(serving: try SalesforceEmulator(fixture: fixture))
        let baseURL = served.baseURL

        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        var tokenRequest = HTTPClientRequest(url: baseURL + "/services/oauth2/token")
        tokenRequest.method = .POST
        tokenRequest.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        tokenRequest.body = .bytes(
            ByteBuffer(
                string:
                    "grant_type=refresh_token&client_id=avosync-demo&client_secret=demo-secret&refresh_token=demo-refresh-token"
            )
        )
        let tokenResponse = try await client.execute(tokenRequest, timeout: .seconds(10))
        let tokenBody = JSON.parse(Data(try await tokenResponse.body.collect(upTo: 1 << 20).readableBytesView))
        guard let token = tokenBody?["access_token"]?.stringValue else { throw BenchmarkError("no access token") }
        let generator = LoadGenerator(client: client, token: token)
        let api = baseURL + "/services/data/v59.0"

        let versions = { @Sendable (_: Int, _: Int) in HTTPClientRequest(url: baseURL + "/services/data/") }
        let query = { @Sendable (_: Int, sequence: Int) in
            let phone = String(format: "(200) 555-%04d", sequence % 10_000)
            return HTTPClientRequest(
                url: api + "/query?q=" + Self.formEncoded("SELECT Id, Name, Phone FROM Lead WHERE Phone = '\(phone)'")
            )
        }
        let search = { @Sendable (_: Int, sequence: Int) in
            let phones = (0..<20).map { "200555\(String(format: "%04d", (sequence * 20 + $0) % 10_000))" }
            let sosl =
                "FIND {\(phones.joined(separator: " OR "))} IN PHONE FIELDS RETURNING Lead(Id, Phone), Contact(Id, Phone)"
            return HTTPClientRequest(url: api + "/search?q=" + Self.formEncoded(sosl))
        }

        print("emulator-benchmark: \(seededRecords) seeded Leads, \(Int(seconds)) s per measure, loopback HTTP")
        let columns = ["measure".padded(44), "workers".padded(9), "requests/s".padded(12), "records/s".padded(11)]
        print((columns + ["p50 ms".padded(8), "p99 ms".padded(8), "vs floor"]).joined())
        for concurrency in [1, 4] {
            let floor = try await generator.run(seconds: seconds, concurrency: concurrency, versions)
            func report(_ name: String, _ result: LoadGenerator.Result, recordsPerRequest: Int = 1) {
                let cells: [String] = [
                    name.padded(44), "\(concurrency)".padded(9), String(format: "%.0f", result.perSecond).padded(12),
                    String(format: "%.0f", result.perSecond * Double(recordsPerRequest)).padded(11),
                    String(format: "%.2f", result.latency(percentile: 0.5) * 1000).padded(8),
                    String(format: "%.2f", result.latency(percentile: 0.99) * 1000).padded(8),
                    String(format: "%.3f", result.perSecond / floor.perSecond),
                    result.failures > 0 ? "  (\(result.failures) failed)" : "",
                ]
                print(cells.joined())
            }
            report("floor: GET /services/data/ (versions)", floor)
            report(
                "query: SELECT ... WHERE Phone = '...'",
                try await generator.run(seconds: seconds, concurrency: concurrency, query)
            )
            report(
                "search: FIND {20 phones} IN PHONE FIELDS",
                try await generator.run(seconds: seconds, concurrency: concurrency, search)
            )
            report(
                "collection upsert: 200 Tasks by event id",
                try await generator.run(seconds: seconds, concurrency: concurrency) {
                    Self.upsertRequest(api: api, worker: $0, sequence: $1)
                },
                recordsPerRequest: 200
            )
        }

        try await client.shutdown()
        await served.stop()
    }

    static func formEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// A collection upsert of 200 closed Tasks by event id; every request writes new ids. The
    /// body is built as text so that the load generator's own cost stays small next to the server's.
    static func upsertRequest(api: String, worker: Int, sequence: Int) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: api + "/composite/sobjects/Task/Avochato_Event_Id__c")
        request.method = .PATCH
        request.headers.add(name: "Content-Type", value: "application/json")
        var body = #"{"allOrNone":false,"records":["#
        for index in 0..<200 {
            if index > 0 { body += "," }
            body += #"{"attributes":{"type":"Task"},"Avochato_Event_Id__c":"bench-"#
            body += "\(worker)-\(sequence)-\(index)"
            body += #"","Subject":"Inbound text","Status":"Completed","WhoId":"0035e0000000001AAA","#
            body +=
                #""Description":"A text message body of an ordinary length, about a hundred characters long, as texts are.","#
            body += #""TaskSubtype":"Task","ActivityDate":"2026-11-29"}"#
        }
        body += "]}"
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }
}
