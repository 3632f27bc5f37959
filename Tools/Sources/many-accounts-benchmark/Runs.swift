import BenchmarkSupport
import Dispatcher
import EventLog
import Foundation
import Logging
import Projection
import SyncModel
import Synchronization

/// One back-fill: every pending event dispatched by `sync --once`'s code, timed, with the calls
/// the orgs counted (sign-ins included).
struct Backfill {
    var events: Int
    var calls: Int
    var seconds: Double
    /// Calls per resource.
    var resources: [String: Int] = [:]
    var callsPerThousand: Double { Double(calls) * 1000 / Double(events) }
    var eventsPerSecond: Double { Double(events) / seconds }
    /// Calls per 1,000 events by resource, largest first.
    var breakdown: String {
        resources.sorted { $0.value > $1.value }.map {
            "\($0.key) \(String(format: "%.1f", Double($0.value) * 1000 / Double(events)))"
        }
        .joined(separator: ", ")
    }

    static func run(
        _ orgs: EmulatedOrgs,
        _ tenants: Tenants,
        events: [Event],
        latency: Int,
        options: DispatchOptions,
        keep: Bool = false
    ) async throws -> (Backfill, DataLayout) {
        await orgs.reset()
        let layout = try await tenants.dataDirectory(orgs, events: events)
        if latency > 0 { await orgs.latency(latency) }
        let before = await orgs.calls()
        let resourcesBefore = await orgs.callsByResource()
        let dispatcher = try Dispatcher(layout: layout, options: options, logger: quietLogger)
        let start = ContinuousClock.now
        let report = try await dispatcher.runOnce()
        let seconds = (ContinuousClock.now - start).seconds
        await dispatcher.close()
        let calls = await orgs.calls() - before
        let activities = events.filter(\.type.isActivity).count
        let tasks = await orgs.tasks()
        guard report.caughtUp, tasks == activities else {
            throw BenchmarkError("the back-fill did not finish: \(report); \(tasks) of \(activities) Tasks")
        }
        if !keep { try? FileManager.default.removeItem(atPath: layout.root) }
        let resources = await orgs.callsByResource().map { ($0.key, $0.value - (resourcesBefore[$0.key] ?? 0)) }
        let run = Backfill(
            events: events.count,
            calls: calls,
            seconds: seconds,
            resources: Dictionary(uniqueKeysWithValues: resources.filter { $0.1 > 0 })
        )
        return (run, layout)
    }
}

/// Appends texts for existing contacts at a steady rate while the dispatcher follows the log,
/// and measures for each the time from its append to its Task's outcome being durable.
struct Following {
    /// Milliseconds from append to outcome, with the org of the event's account.
    var latencies: [(milliseconds: Double, org: Int)]
    var missing: Int

    func percentile(_ share: Double, orgs: Set<Int>? = nil) -> Double {
        let sorted = latencies.filter { orgs?.contains($0.org) ?? true }.map(\.milliseconds).sorted()
        return sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * share))]
    }

    static func run(
        _ layout: DataLayout,
        _ tenants: Tenants,
        rate: Int,
        seconds: Int,
        label: String,
        options: DispatchOptions = DispatchOptions()
    ) async throws -> Following {
        let stopping = Atomic<Bool>(false)
        let dispatcher = try Dispatcher(layout: layout, options: options, logger: quietLogger)
        let following = Task { try await dispatcher.follow { stopping.load(ordering: .relaxed) } }
        let writer = try LogWriter(directory: layout.events)
        var random = SplitMix(seed: 11)
        // Warm-up: one text per account, so that every session is signed in before measuring.
        let warmUp = tenants.accounts.map { tenants.event($0, "\(label)-warm", text(contact: 0)) }
        let warmed = try await measure(layout, writer, batches: [warmUp], interval: .zero, tenants)
        guard warmed.missing == 0 else { throw BenchmarkError("the warm-up did not finish: \(warmed.missing) missing") }
        var batches: [[Event]] = []
        let perTick = max(1, rate / 100)
        for tick in 0..<(seconds * 100) {
            batches.append(
                (0..<perTick).map { slot in
                    let account = tenants.accounts[Int(random.next() % UInt64(tenants.accounts.count))]
                    let contact = Int(random.next() % UInt64(tenants.contacts))
                    return tenants.event(account, "\(label)-\(tick)-\(slot)", text(contact: contact))
                }
            )
        }
        let result = try await measure(layout, writer, batches: batches, interval: .milliseconds(10), tenants)
        try writer.close()
        stopping.store(true, ordering: .relaxed)
        _ = try await following.value
        await dispatcher.close()
        return result
    }

    private static func text(contact: Int) -> EventPayload {
        .textLogged(TextLog(contact: "c\(contact)", direction: .inbound, body: "following"))
    }

    /// Appends `batches`, one every `interval`, and collects the Task outcomes of their events.
    private static func measure(
        _ layout: DataLayout,
        _ writer: LogWriter,
        batches: [[Event]],
        interval: Duration,
        _ tenants: Tenants
    ) async throws -> Following {
        let orgOf = Dictionary(uniqueKeysWithValues: tenants.accounts.map { ($0.name, $0.org) })
        let appended = Mutex<[UInt64: (ContinuousClock.Instant, Int)]>([:])
        let expected = batches.map(\.count).reduce(0, +)
        let syncEnd = try LogCursor(directory: layout.sync).skipToEnd()
        let collected = Mutex<[(Double, Int)]>([])
        let collector = Task {
            let tail = LogTail(
                directory: layout.sync,
                from: .offset(syncEnd),
                pollInterval: .milliseconds(1) ... .milliseconds(2)
            )
            for try await record in tail {
                guard case .outcome(let outcome) = try StoredEncoding.decode(record.bytes),
                    case .taskWritten = outcome.kind, let offset = outcome.eventOffset,
                    let (start, org) = appended.withLock({ $0[offset] })
                else { continue }
                let count = collected.withLock { latencies in
                    latencies.append(((ContinuousClock.now - start).seconds * 1000, org))
                    return latencies.count
                }
                if count == expected { break }
            }
        }
        let clock = ContinuousClock()
        var next = clock.now
        for batch in batches {
            let range = try writer.append(contentsOf: batch.map(StoredEncoding.encode))
            let now = ContinuousClock.now
            appended.withLock { times in
                for (offset, event) in zip(range, batch) { times[offset] = (now, orgOf[event.account] ?? 0) }
            }
            next = next.advanced(by: interval)
            try await clock.sleep(until: next)
        }
        let deadline = Task {
            try await Task.sleep(for: .seconds(60))
            collector.cancel()
        }
        if case .failure(let error) = await collector.result, !(error is CancellationError) {
            throw BenchmarkError("reading the sync log's outcomes failed: \(error)")
        }
        deadline.cancel()
        let latencies = collected.withLock { $0 }
        return Following(latencies: latencies.map { ($0.0, $0.1) }, missing: expected - latencies.count)
    }
}

/// The dispatcher's logger in the benchmark: warnings and worse only.
var quietLogger: Logger {
    var logger = Logger(label: "many-accounts-benchmark")
    logger.logLevel = ProcessInfo.processInfo.environment["MANY_ACCOUNTS_DEBUG"] == nil ? .warning : .debug
    return logger
}
