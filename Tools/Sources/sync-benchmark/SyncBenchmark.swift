import BenchmarkSupport
import Dispatcher
import Foundation
import Logging
import Projection
import SalesforceClient
import SyncModel

// The dispatcher against the emulator on loopback, next to a naive one-event-at-a-time baseline
// run in the same program on the same workload: Salesforce API calls per 1,000 events (as the
// emulator counts them), events per second with 0 ms and 100 ms added per call, and the latency
// from append to Task while following the log at a steady rate.

@main
enum SyncBenchmark {
    static func main() async throws {
        let contacts = option("--contacts", default: 1_200)
        let perContact = option("--events-per-contact", default: 9)
        let baselineSlowEvents = option("--baseline-slow-events", default: 300)
        let followRate = option("--follow-rate", default: 500)
        let workload = Workload(contacts: contacts, eventsPerContact: perContact, knownShare: 0.3, seed: 42)
        let org = try await OrgUnderTest(knownPhones: workload.knownPhones)
        let events = workload.events
        print(
            "sync-benchmark: \(events.count) events, \(contacts) contacts (\(workload.knownPhones.count) already in the org), \(workload.activities) calls, texts and notes"
        )

        // The dispatcher, then the baseline, without added latency.
        if let only = ProcessInfo.processInfo.environment["SYNC_BENCHMARK_ONLY_LATENCY"], let latency = Int(only) {
            let run = try await runDispatcher(org, workload, latency: latency)
            print(
                "dispatcher at \(latency) ms: \(Int(run.eventsPerSecond)) events/s, \(format(run.callsPerThousand)) calls per 1,000 events"
            )
            await org.stop()
            return
        }
        let fast = try await runDispatcher(org, workload)
        let baseline = try await runBaseline(org, workload, events: events)
        print("")
        print("| measure | dispatcher | naive baseline | ratio |")
        print("| --- | --- | --- | --- |")
        print(
            "| API calls per 1,000 events | \(format(fast.callsPerThousand)) | \(format(baseline.callsPerThousand)) | \(format(baseline.callsPerThousand / fast.callsPerThousand))x fewer |"
        )
        print(
            "| events/s, 0 ms added per call | \(Int(fast.eventsPerSecond)) | \(Int(baseline.eventsPerSecond)) | \(format(fast.eventsPerSecond / baseline.eventsPerSecond))x |"
        )

        // With 100 ms per call: the dispatcher on everything, the baseline on the first events only.
        await org.reset()
        await org.latency(100)
        let slow = try await runDispatcher(org, workload, latency: 100)
        let slowBaseline = try await runBaseline(
            org,
            workload,
            events: Array(events.prefix(baselineSlowEvents)),
            latency: 100
        )
        print(
            "| events/s, 100 ms added per call | \(Int(slow.eventsPerSecond)) | \(format(slowBaseline.eventsPerSecond)) (first \(baselineSlowEvents) events) | \(format(slow.eventsPerSecond / slowBaseline.eventsPerSecond))x |"
        )

        // Steady appends while following.
        await org.reset()
        let followWorkload = Workload(
            contacts: max(100, contacts / 2),
            eventsPerContact: perContact,
            knownShare: 0.3,
            seed: 7
        )
        let layout = try await org.dataDirectory(account: followWorkload.account, events: [])
        let follow = try await FollowLatency.measure(layout: layout, events: followWorkload.events, rate: followRate)
        let sorted = follow.latencies.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
        print(
            "| append -> Task, following at \(followRate) events/s | p50 \(format(percentile(0.5))) ms, p99 \(format(percentile(0.99))) ms, max \(format(sorted.last ?? .nan)) ms (\(sorted.count) Tasks, \(follow.missing) missing) | | |"
        )
        removeTree(layout.root)
        await org.stop()
    }

    struct Run {
        var events: Int
        var calls: Int
        var seconds: Double
        var callsPerThousand: Double { Double(calls) * 1000 / Double(events) }
        var eventsPerSecond: Double { Double(events) / seconds }
    }

    static func runDispatcher(_ org: OrgUnderTest, _ workload: Workload, latency: Int = 0) async throws -> Run {
        await org.reset()
        if latency > 0 { await org.latency(latency) }
        let layout = try await org.dataDirectory(account: workload.account, events: workload.events)
        let before = await org.apiRequests()
        var logger = Logger(label: "sync-benchmark")
        logger.logLevel = ProcessInfo.processInfo.environment["SYNC_BENCHMARK_DEBUG"] == nil ? .warning : .debug
        var options = DispatchOptions()
        // Forward alone (no look back at Salesforce's changes), to tell the two costs apart.
        if ProcessInfo.processInfo.environment["SYNC_BENCHMARK_FORWARD_ONLY"] != nil { options.captureInterval = nil }
        let dispatcher = try Dispatcher(layout: layout, options: options, logger: logger)
        let start = ContinuousClock.now
        let report = try await dispatcher.runOnce()
        let seconds = (ContinuousClock.now - start).seconds
        await dispatcher.close()
        let calls = await org.apiRequests() - before
        let tasks = await org.taskCount()
        guard report.caughtUp, tasks == workload.activities else {
            throw BenchmarkError("the dispatcher did not finish: \(report); \(tasks) of \(workload.activities) Tasks")
        }
        removeTree(layout.root)
        return Run(events: workload.events.count, calls: calls, seconds: seconds)
    }

    static func runBaseline(
        _ org: OrgUnderTest,
        _ workload: Workload,
        events: [Event],
        latency: Int = 0
    ) async throws -> Run {
        await org.reset()
        if latency > 0 { await org.latency(latency) }
        let client = try SalesforceClient(credentials: org.credentials, transport: HTTPTransport())
        _ = try await client.signIn()
        let before = await org.apiRequests()
        var baseline = NaiveBaseline(client: client, account: workload.account)
        let start = ContinuousClock.now
        try await baseline.run(events)
        let seconds = (ContinuousClock.now - start).seconds
        await client.shutdown()
        return Run(events: events.count, calls: await org.apiRequests() - before, seconds: seconds)
    }

    static func format(_ value: Double) -> String {
        value.isNaN ? "-" : value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
    }

    static func removeTree(_ path: String) { try? FileManager.default.removeItem(atPath: path) }
}
