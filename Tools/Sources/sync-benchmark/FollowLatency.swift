import Dispatcher
import EventLog
import Foundation
import Logging
import Projection
import SyncModel
import Synchronization

/// Appends at a steady rate while the dispatcher follows the log (as `sync --follow` does), and
/// measures for each call, text and note the time from its append to its Task's outcome being
/// durable in the sync log (the Task is in the org before that).
enum FollowLatency {
    struct Result {
        var latencies: [Double]
        var missing: Int
    }

    static func measure(layout: DataLayout, events: [Event], rate: Int) async throws -> Result {
        let appended = Mutex<[UInt64: ContinuousClock.Instant]>([:])
        let stopping = Atomic<Bool>(false)
        var logger = Logger(label: "sync-benchmark")
        logger.logLevel = .warning
        let dispatcher = try Dispatcher(layout: layout, logger: logger)
        let following = Task { try await dispatcher.follow { stopping.load(ordering: .relaxed) } }
        let activities = events.filter { $0.type.isActivity }.count
        let collector = Task { () -> [Double] in
            var latencies: [Double] = []
            for try await record in LogTail(directory: layout.sync, pollInterval: .milliseconds(1) ... .milliseconds(2))
            {
                guard case .outcome(let outcome) = try StoredEncoding.decode(record.bytes),
                    case .taskWritten = outcome.kind, let offset = outcome.eventOffset
                else { continue }
                if let start = appended.withLock({ $0[offset] }) {
                    latencies.append((ContinuousClock.now - start).seconds * 1000)
                }
                if latencies.count == activities { break }
            }
            return latencies
        }
        let writer = try LogWriter(directory: layout.events)
        let perTick = max(1, rate / 100)
        let clock = ContinuousClock()
        var next = clock.now
        for start in stride(from: 0, to: events.count, by: perTick) {
            let group = Array(events[start..<min(events.count, start + perTick)])
            let range = try writer.append(contentsOf: group.map(StoredEncoding.encode))
            let now = ContinuousClock.now
            appended.withLock { times in
                for (offset, event) in zip(range, group) where event.type.isActivity { times[offset] = now }
            }
            next = next.advanced(by: .milliseconds(10))
            try await clock.sleep(until: next)
        }
        try writer.close()
        let deadline = Task {
            try await Task.sleep(for: .seconds(30))
            collector.cancel()
        }
        let latencies = (try? await collector.value) ?? []
        deadline.cancel()
        stopping.store(true, ordering: .relaxed)
        _ = try await following.value
        await dispatcher.close()
        return Result(latencies: latencies, missing: activities - latencies.count)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
