import BenchmarkSupport
import Dispatcher
import Foundation
import Glibc
import Projection
import Synchronization

let memoryRunStops = Atomic<Bool>(false)

// A thousand accounts over fifty emulated orgs, served in this process, with 100 ms added to every
// call: the back-fill with the default concurrency next to `--concurrency 1` (one account after
// another, as the dispatcher first worked) and next to less sharing; following at a steady rate,
// beside a single account at the same latency and rate; the same with five orgs slowed to 2 s a
// call; and resident memory with every account holding 100 contacts.

let accountCount = option("--accounts", default: 1000)
let orgCount = option("--orgs", default: 50)
let latency = option("--latency", default: 100)
let eventsPerAccount = option("--events-per-account", default: 50)
let baselineAccounts = option("--baseline-accounts", default: accountCount)
let rate = option("--rate", default: 1000)
let followSeconds = option("--follow-seconds", default: 20)
let slowOrgs = option("--slow-orgs", default: 5)
let memoryContacts = option("--memory-contacts", default: 100)
let concurrency = option("--concurrency", default: DispatchOptions.defaultConcurrency)
let window = option(
    "--sharing-window-ms",
    default: Int(DispatchOptions().sharingWindow.components.attoseconds / 1_000_000_000_000_000)
)
// Seconds between looks for changes made in Salesforce while following; 0: forward only.
let pollInterval = option("--poll-interval", default: 60)
let skip = Set(CommandLine.arguments.filter { $0.hasPrefix("--skip-") }.map { String($0.dropFirst(7)) })

/// glibc's `malloc_trim(0)`, which Swift's Glibc module does not declare.
func trimMalloc() {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
    _ = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)(0)
}

func format(_ value: Double) -> String {
    value.isNaN ? "-" : value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
}

func options(
    concurrency lanes: Int = concurrency,
    sharing: DispatchOptions.Sharing = .sessionsAndCalls
) -> DispatchOptions {
    var options = DispatchOptions()
    options.concurrency = lanes
    options.sharing = sharing
    options.sharingWindow = .milliseconds(window)
    options.captureInterval = pollInterval > 0 ? .seconds(pollInterval) : nil
    return options
}

let orgs = try await EmulatedOrgs(count: orgCount)
let tenants = Tenants(accounts: accountCount, orgs: orgCount, contacts: 16)
let history = tenants.history(eventsPerAccount: eventsPerAccount)
print(
    "many-accounts-benchmark: \(accountCount) accounts over \(orgCount) orgs, \(history.count) events, \(latency) ms added per call"
)
print("")
print("| back-fill | time | events/s | calls per 1,000 events (sign-ins, describes included) |")
print("| --- | --- | --- | --- |")
let (lanes, _) = try await Backfill.run(orgs, tenants, events: history, latency: latency, options: options())
print(
    "| concurrency \(concurrency), sessions and calls shared (window \(window) ms) | \(format(lanes.seconds)) s | \(Int(lanes.eventsPerSecond)) | \(format(lanes.callsPerThousand)) (\(lanes.breakdown)) |"
)
if !skip.contains("sharing") {
    for (name, sharing) in [
        ("sessions shared, calls not", DispatchOptions.Sharing.sessions), ("nothing shared", .none),
    ] {
        let (run, _) = try await Backfill.run(
            orgs,
            tenants,
            events: history,
            latency: latency,
            options: options(sharing: sharing)
        )
        print(
            "| concurrency \(concurrency), \(name) | \(format(run.seconds)) s | \(Int(run.eventsPerSecond)) | \(format(run.callsPerThousand)) (\(run.breakdown)) |"
        )
    }
}
if !skip.contains("baseline") {
    let baseline = Tenants(accounts: baselineAccounts, orgs: orgCount, contacts: 16)
    let events = baseline.history(eventsPerAccount: eventsPerAccount)
    let (one, _) = try await Backfill.run(
        orgs,
        baseline,
        events: events,
        latency: latency,
        options: options(concurrency: 1)
    )
    print(
        "| --concurrency 1 (\(baselineAccounts) accounts) | \(format(one.seconds)) s | \(Int(one.eventsPerSecond)) | \(format(one.callsPerThousand)) (\(one.breakdown)) |"
    )
    print("")
    print(
        "lanes vs --concurrency 1: \(format(lanes.eventsPerSecond / one.eventsPerSecond))x the events/s (goal >= 20x); \(format(lanes.callsPerThousand)) calls per 1,000 events (goal <= 25)"
    )
}

if !skip.contains("follow") {
    print("")
    print("| following at \(rate) events/s, \(latency) ms per call | p50 | p99 | max | Tasks |")
    print("| --- | --- | --- | --- | --- |")
    // A single account at the same latency and rate: the figure lanes are held to.
    let single = Tenants(accounts: 1, orgs: 1, contacts: 16, firstIndex: 9000)
    let (_, singleLayout) = try await Backfill.run(
        orgs,
        single,
        events: single.history(eventsPerAccount: 48),
        latency: 0,
        options: options(),
        keep: true
    )
    await orgs.latency(latency)
    let alone = try await Following.run(
        singleLayout,
        single,
        rate: rate,
        seconds: followSeconds,
        label: "alone",
        options: options()
    )
    try? FileManager.default.removeItem(atPath: singleLayout.root)
    print(
        "| 1 account | \(format(alone.percentile(0.5))) ms | \(format(alone.percentile(0.99))) ms | \(format(alone.percentile(1))) ms | \(alone.latencies.count) (\(alone.missing) missing) |"
    )

    let (_, layout) = try await Backfill.run(orgs, tenants, events: history, latency: 0, options: options(), keep: true)
    await orgs.latency(latency)
    let spread = try await Following.run(
        layout,
        tenants,
        rate: rate,
        seconds: followSeconds,
        label: "spread",
        options: options()
    )
    print(
        "| \(accountCount) accounts over \(orgCount) orgs | \(format(spread.percentile(0.5))) ms | \(format(spread.percentile(0.99))) ms | \(format(spread.percentile(1))) ms | \(spread.latencies.count) (\(spread.missing) missing) |"
    )

    await orgs.latency(2000, orgs: 0..<slowOrgs)
    let isolated = try await Following.run(
        layout,
        tenants,
        rate: rate,
        seconds: followSeconds,
        label: "isolated",
        options: options()
    )
    let fast = Set(slowOrgs..<orgCount)
    print(
        "| the same, \(slowOrgs) orgs at 2 s per call: the other \(orgCount - slowOrgs) orgs' accounts | \(format(isolated.percentile(0.5, orgs: fast))) ms | \(format(isolated.percentile(0.99, orgs: fast))) ms | \(format(isolated.percentile(1, orgs: fast))) ms | \(isolated.latencies.count) (\(isolated.missing) missing) |"
    )
    try? FileManager.default.removeItem(atPath: layout.root)
    print("")
    print(
        "p99 of \(accountCount) accounts: \(format(spread.percentile(0.99) / alone.percentile(0.99)))x a single account's (goal < 2x, and < 1,500 ms)"
    )
    print(
        "p99 of the other orgs' accounts with \(slowOrgs) slow orgs: \(format(isolated.percentile(0.99, orgs: fast) / spread.percentile(0.99)))x without (goal <= 1.25x)"
    )
}

if !skip.contains("memory") {
    // Every account with `memoryContacts` linked contacts, loaded by a following dispatcher.
    let holders = Tenants(accounts: accountCount, orgs: orgCount, contacts: memoryContacts, firstIndex: 20000)
    let events = holders.history(eventsPerAccount: memoryContacts, withActivities: false)
    let (fill, layout) = try await Backfill.run(
        orgs,
        holders,
        events: events,
        latency: 0,
        options: options(),
        keep: true
    )
    // What the back-fill's dispatcher freed goes back to the system before the baseline is read.
    trimMalloc()
    let before = ProcessMemory.resident
    let dispatcher = try Dispatcher(layout: layout, logger: quietLogger)
    let following = Task { try await dispatcher.follow { memoryRunStops.load(ordering: .relaxed) } }
    try await Task.sleep(for: .seconds(4))
    let during = ProcessMemory.resident
    memoryRunStops.store(true, ordering: .relaxed)
    _ = try await following.value
    await dispatcher.close()
    try? FileManager.default.removeItem(atPath: layout.root)
    let contacts = accountCount * memoryContacts
    print("")
    print(
        "resident memory, \(accountCount) accounts of \(memoryContacts) contacts (\(contacts) contacts, back-filled in \(format(fill.seconds)) s at 0 ms): \(during / 1_048_576) MiB with the dispatcher following, \((during - before) / 1_048_576) MiB more than without it (\((during - before) / contacts) bytes per contact)"
    )
}
await orgs.stop()
