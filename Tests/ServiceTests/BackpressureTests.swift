import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import SalesforceEmulator
import SyncModel
import Synchronization
import Testing

@Suite("Service: backpressure, health and stopping", .serialized)
struct BackpressureTests {
    @Test("a writer that cannot keep up answers 503 with Retry-After, and a refused request appended nothing")
    func slowWriterAnswers503() async throws {
        let fixture = try await ServiceFixture(arguments: [
            "--no-sync", "--test-append-delay-ms", "1500", "--max-pending-events", "10",
        ])
        defer { fixture.finish() }
        let client = fixture.client
        let answers = try await withThrowingTaskGroup(of: (Int, IngestClient.Answer).self) { group in
            for request in 0..<4 {
                group.addTask { (request, try await client.post(lines: textLines(8, prefix: "r\(request)"))) }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        let accepted = answers.filter { $0.value.status == 200 }.keys.sorted()
        let refused = answers.filter { $0.value.status == 503 }
        #expect(accepted.count >= 1)
        #expect(refused.count >= 1)
        #expect(refused.values.allSatisfy { $0.headers["retry-after"] != nil })
        #expect(accepted.count + refused.count == 4)
        let ids = Set(try fixture.events().map(\.id))
        #expect(ids.count == accepted.count * 8)
        for request in refused.keys { #expect(!ids.contains("r\(request)-0")) }
    }

    @Test("healthz answers while running; readyz is 200 once the log is open without a dispatcher")
    func healthWithoutDispatcher() async throws {
        let fixture = try await ServiceFixture()
        defer { fixture.finish() }
        let client = fixture.client
        #expect(try await client.get("/healthz").status == 200)
        let ready = try await client.get("/readyz")
        #expect(ready.status == 200)
        #expect(ready.json?["status"]?.stringValue == "ready")
    }

    @Test("SIGTERM under load: every request is answered, the service exits 0 and saves a snapshot")
    func gracefulStopUnderLoad() async throws {
        let fixture = try await ServiceFixture(arguments: ["--no-sync", "--test-append-delay-ms", "200"])
        defer { removeTree(fixture.directory) }
        let client = fixture.impatientClient
        let progress = AnswerCount()
        let load = Task {
            try await withThrowingTaskGroup(of: [Int].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var statuses: [Int] = []
                        for request in 0..<20 {
                            do {
                                let answer = try await client.post(
                                    lines: textLines(10, prefix: "w\(worker)-\(request)")
                                )
                                statuses.append(answer.status)
                                if answer.status == 200 { progress.count.wrappingAdd(1, ordering: .relaxed) }
                            } catch {
                                // Refused once the service stopped listening: it was not in flight.
                                statuses.append(0)
                                break
                            }
                        }
                        return statuses
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
        }
        // Stopped while the clients are busy: once requests are being answered (a cold machine
        // may take a while to answer the first).
        let started = ContinuousClock.now
        while progress.count.load(ordering: .relaxed) < 8, ContinuousClock.now - started < .seconds(30) {
            try await Task.sleep(for: .milliseconds(20))
        }
        fixture.serve.process.signal(SIGTERM)
        let status = await fixture.serve.process.waitForExit()
        let statuses = try await load.value
        #expect(status == 0, "\(fixture.serve.process.errorOutput)")
        let answered = statuses.filter { $0 == 200 }.count
        #expect(answered > 0)
        #expect(statuses.allSatisfy { [0, 200, 503].contains($0) }, "\(statuses)")
        // Every 200 is in the log, and nothing of a request that was not answered 200 is.
        let events = try loggedEvents(fixture.data)
        #expect(events.count == answered * 10)
        let snapshots = (try? FileManager.default.contentsOfDirectory(atPath: fixture.data + "/snapshots")) ?? []
        #expect(!snapshots.isEmpty, "a snapshot is saved on stopping")
    }
}

/// Requests answered 200 so far.
private final class AnswerCount: Sendable {
    let count = Atomic<Int>(0)
}
