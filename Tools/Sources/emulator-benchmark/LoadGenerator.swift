import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends one kind of request from `concurrency` workers for a fixed time; counts answers.
struct LoadGenerator {
    let client: HTTPClient
    let token: String

    struct Result {
        var requests: Int
        var failures: Int
        var seconds: Double
        var latencies: [Double]

        var perSecond: Double { Double(requests) / seconds }

        func latency(percentile: Double) -> Double {
            let sorted = latencies.sorted()
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * percentile))]
        }
    }

    /// `makeRequest(worker, sequence)` builds each request, so bodies can differ per request.
    func run(
        seconds: Double,
        concurrency: Int,
        _ makeRequest: @escaping @Sendable (Int, Int) -> HTTPClientRequest
    ) async throws -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .seconds(seconds)
        let client = self.client
        let token = self.token
        let perWorker = try await withThrowingTaskGroup(of: (Int, Int, [Double]).self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var done = 0
                    var failed = 0
                    var latencies: [Double] = []
                    while clock.now < deadline {
                        var request = makeRequest(worker, done + failed)
                        request.headers.add(name: "Authorization", value: "Bearer \(token)")
                        let sent = clock.now
                        let response = try await client.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 64 << 20)
                        latencies.append((clock.now - sent).seconds)
                        if (200..<300).contains(Int(response.status.code)) { done += 1 } else { failed += 1 }
                    }
                    return (done, failed, latencies)
                }
            }
            var totals: [(Int, Int, [Double])] = []
            for try await result in group { totals.append(result) }
            return totals
        }
        return Result(
            requests: perWorker.map(\.0).reduce(0, +),
            failures: perWorker.map(\.1).reduce(0, +),
            seconds: (clock.now - start).seconds,
            latencies: perWorker.flatMap(\.2)
        )
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
