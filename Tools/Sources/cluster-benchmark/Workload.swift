import AsyncHTTPClient
import BenchmarkSupport
import Foundation

/// The events every configuration ingests: per account, contacts with phones the org lacks (each
/// created once) and calls (each a closed Task), as JSON lines cut into requests.
struct Workload {
    let accounts: [String]
    let bodies: [[UInt8]]
    let events: Int
    let tasks: Int

    /// `prefix` keeps the ids and phones of one workload apart from another's.
    init(events: Int, accounts count: Int, requestEvents: Int, callsPerContact: Int = 9, prefix: String = "") {
        accounts = (0..<count).map { "shop-\($0)" }
        var lines: [String] = []
        var tasks = 0
        var contact = 0
        while lines.count < events {
            let account = accounts[contact % count]
            contact += 1
            let phone = String(format: "415%07d", (prefix.isEmpty ? 5_200_000 : 6_200_000) + contact)
            lines.append(
                #"{"type":"contact.upserted","account":"\#(account)","contact":"\#(prefix)c\#(contact)","id":"\#(prefix)c\#(contact)","at":"2026-11-01T10:00:00Z","fields":{"last_name":"Person \#(contact)","phone":"\#(phone)"}}"#
            )
            for call in 0..<callsPerContact where lines.count < events {
                lines.append(
                    #"{"type":"call.logged","account":"\#(account)","contact":"\#(prefix)c\#(contact)","id":"\#(prefix)call-\#(contact)-\#(call)","at":"2026-11-01T10:01:00Z","direction":"outbound","duration_seconds":\#(30 + call)}"#
                )
                tasks += 1
            }
        }
        self.events = lines.count
        self.tasks = tasks
        bodies = stride(from: 0, to: lines.count, by: requestEvents).map {
            Array((lines[$0..<min($0 + requestEvents, lines.count)].joined(separator: "\n") + "\n").utf8)
        }
    }

    /// Posts every body, `clients` at a time, spread over `urls`; returns the seconds it took.
    func post(to urls: [String], clients: Int, http: HTTPClient) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<clients {
                group.addTask {
                    for index in stride(from: worker, to: bodies.count, by: clients) {
                        try await Self.post(bodies[index], to: urls[index % urls.count], http: http)
                    }
                }
            }
            try await group.waitForAll()
        }
        return (clock.now - start).seconds
    }

    /// Posts one body, retrying a 503 (the service asks for it) until it is answered 200.
    static func post(_ body: [UInt8], to url: String, http: HTTPClient) async throws {
        for _ in 0..<600 {
            var request = HTTPClientRequest(url: url + "/v1/events")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(Setup.token)")
            request.headers.add(name: "Content-Type", value: "application/x-ndjson")
            request.body = .bytes(body)
            let response = try await http.execute(request, timeout: .seconds(120))
            let answer = try await response.body.collect(upTo: 1 << 20)
            if response.status.code == 200 { return }
            guard response.status.code == 503 else {
                throw BenchmarkError("\(url): \(response.status) \(String(buffer: answer))")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BenchmarkError("\(url) kept answering 503")
    }

    /// The emulated org's Task count.
    static func taskCount(_ emulator: String, http: HTTPClient) async throws -> Int {
        let response = try await http.execute(
            HTTPClientRequest(url: emulator + "/__emulator/stats"),
            timeout: .seconds(30)
        )
        let body = try await response.body.collect(upTo: 1 << 20)
        let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        return ((json?["records"] as? [String: Any])?["Task"] as? Int) ?? 0
    }

    /// Waits until the org holds `count` Tasks; returns false after `timeout` seconds.
    static func waitForTasks(
        _ count: Int,
        _ emulator: String,
        http: HTTPClient,
        timeout: Double = 900
    ) async throws -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while Date() < deadline {
            if try await taskCount(emulator, http: http) >= count { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}
