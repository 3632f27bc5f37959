import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import SalesforceEmulator
import SyncModel
import Synchronization
import Testing

@Suite("Service: SIGKILL while clients post", .serialized)
struct ServeCrashTests {
    /// Rounds of the crash test; `AVOSYNC_SERVE_CRASH_ROUNDS=50` for the stress run.
    static var rounds: Int { Int(ProcessInfo.processInfo.environment["AVOSYNC_SERVE_CRASH_ROUNDS"] ?? "") ?? 3 }

    @Test("every event answered 200 is in the log exactly once, no request is half appended, verify passes")
    func sigkillWhileEightClientsPost() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let tally = Tally()
        var generator = SystemRandomNumberGenerator()
        for round in 0..<Self.rounds {
            let fixture = try await ServiceFixture(directory: directory)
            let client = fixture.impatientClient
            let posting = Task {
                await withTaskGroup(of: Void.self) { group in
                    for worker in 0..<8 {
                        group.addTask {
                            var request = 0
                            while !Task.isCancelled {
                                let prefix = "r\(round)-w\(worker)-q\(request)"
                                let size = 1 + (request * 37 + worker * 11) % 60
                                tally.sent.withLock { $0[prefix] = size }
                                request += 1
                                // A retry of the same request now and then: it must not append twice.
                                for _ in 0..<(request % 5 == 0 ? 2 : 1) {
                                    guard let answer = try? await client.post(lines: textLines(size, prefix: prefix))
                                    else {
                                        return
                                    }
                                    if answer.status == 200 { tally.acknowledged.withLock { _ = $0.insert(prefix) } }
                                }
                            }
                        }
                    }
                }
            }
            // Killed at a random moment once the round has had a 200 (a loaded machine may take a
            // while to answer the first request, and a round without one proves little).
            let roundStarted = ContinuousClock.now
            while !tally.acknowledged.withLock({ $0.contains { $0.hasPrefix("r\(round)-") } }),
                ContinuousClock.now - roundStarted < .seconds(30)
            {
                try await Task.sleep(for: .milliseconds(20))
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...1000, using: &generator)))
            await fixture.serve.process.kill()
            posting.cancel()
            await posting.value
        }

        let events = try loggedEvents(directory + "/data")
        var counts: [String: Int] = [:]
        for event in events { counts[event.id, default: 0] += 1 }
        #expect(counts.values.allSatisfy { $0 == 1 }, "no event is in the log twice")
        var byRequest: [String: Int] = [:]
        for event in events {
            let prefix = String(event.id[..<event.id.lastIndex(of: "-")!])
            byRequest[prefix, default: 0] += 1
        }
        let sizes = tally.sent.withLock { $0 }
        for (prefix, count) in byRequest {
            #expect(
                count == sizes[prefix],
                "request \(prefix) is in the log whole, not \(count) of \(sizes[prefix] ?? -1)"
            )
        }
        for prefix in tally.acknowledged.withLock({ $0 }) {
            #expect(byRequest[prefix] == sizes[prefix], "request \(prefix) was answered 200 and is in the log")
        }
        #expect(!tally.acknowledged.withLock { $0 }.isEmpty)
        let verify = try await ChildProcess.run("avosync", ["verify", "--data", directory + "/data"])
        #expect(verify.status == 0, "\(verify.text) \(verify.errors)")
    }
}

/// What the clients sent (events per request) and which requests were answered 200.
private final class Tally: Sendable {
    let sent = Mutex<[String: Int]>([:])
    let acknowledged = Mutex<Set<String>>([])
}
