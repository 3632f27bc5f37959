import Access
import AsyncHTTPClient
import BenchmarkSupport
import Foundation
import Ingest
import IngestService
import Logging
import ServiceLifecycle
import Synchronization

/// The service in this process on a loopback port, and concurrent clients posting JSON lines.
enum ServeRun {
    struct Result {
        var seconds: Double
        var p50: Double
        var p99: Double
    }

    /// The token the clients post with.
    enum TokenKind: String, CaseIterable {
        /// A bare token line: every account and role, the fast path that checks nothing per event.
        case fullAccess = "full-access token"
        /// A digest line naming every account of the sample by name, with the ingest role only:
        /// each event's account and type are checked against it.
        case scoped = "scoped token"
    }

    static func run(
        lines: [String],
        accounts: Int,
        token kind: TokenKind,
        directory: String,
        clients: Int,
        requestEvents: Int
    ) async throws -> Result {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let token = "benchmark-token-0123456789abcdef"
        let tokensFile = directory + "/tokens"
        let line =
            switch kind {
            case .fullAccess: token
            case .scoped:
                TokenFile.line(
                    digest: TokenDigest(of: token),
                    grant: Grant(
                        name: "benchmark",
                        accounts: .only(Set((0..<accounts).map { "acct-\($0)" })),
                        roles: .ingest
                    )
                )
            }
        try (line + "\n").write(toFile: tokensFile, atomically: true, encoding: .utf8)
        var options = IngestLog.Options()
        options.appendInOneBatch = true
        let ingest = try IngestLog(directory: directory + "/events", options: options)
        let logger = Logger(label: "ingest-benchmark")
        let url = Mutex<String?>(nil)
        let server = try IngestServer(
            ingest: ingest,
            tokens: try TokenStore(path: tokensFile),
            readiness: Readiness(dispatching: false),
            host: "127.0.0.1",
            port: 0,
            tls: nil,
            logger: logger
        ) { address in url.withLock { $0 = address } }
        let group = ServiceGroup(services: [server], logger: logger)
        let running = Task { try await group.run() }
        while url.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(10)) }
        let endpoint = url.withLock { $0 }! + "/v1/events"

        let bodies = stride(from: 0, to: lines.count, by: requestEvents).map {
            Array((lines[$0..<min($0 + requestEvents, lines.count)].joined(separator: "\n") + "\n").utf8)
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let clock = ContinuousClock()
        let start = clock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<clients {
                group.addTask {
                    var latencies: [Double] = []
                    for index in stride(from: worker, to: bodies.count, by: clients) {
                        var request = HTTPClientRequest(url: endpoint)
                        request.method = .POST
                        request.headers.add(name: "Authorization", value: "Bearer \(token)")
                        request.headers.add(name: "Content-Type", value: "application/x-ndjson")
                        request.body = .bytes(bodies[index])
                        let sent = clock.now
                        let response = try await client.execute(request, timeout: .seconds(120))
                        let body = try await response.body.collect(upTo: 1 << 20)
                        guard response.status.code == 200 else {
                            throw BenchmarkError("request \(index): \(response.status) \(String(buffer: body))")
                        }
                        latencies.append((clock.now - sent).seconds)
                    }
                    return latencies
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let seconds = (clock.now - start).seconds
        try await client.shutdown()
        await group.triggerGracefulShutdown()
        try await running.value
        let appended = ingest.nextOffset
        try ingest.close()
        guard appended == UInt64(lines.count) else { throw BenchmarkError("serve appended \(appended) events") }
        let sorted = latencies.sorted()
        return Result(
            seconds: seconds,
            p50: sorted[sorted.count / 2],
            p99: sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
        )
    }
}
