// swift-tools-version:6.1

// Benchmarks, kept out of the product's build and test run. Build and run in release:
//   swift build -c release --package-path Tools
//   Tools/.build/release/log-benchmark [--events N]
//   Tools/.build/release/replay-benchmark [--events N] [--contacts N,N] [--accounts N] [--runs N]
//   Tools/.build/release/emulator-benchmark [--seconds N] [--records N]
//   Tools/.build/release/sync-benchmark [--contacts N] [--events-per-contact N] [--follow-rate N]
//   Tools/.build/release/many-accounts-benchmark [--accounts N] [--orgs N] [--baseline-accounts N] [--skip-baseline]
//   Tools/.build/release/capture-benchmark [--records N] [--changed N] [--latency MS]
//   Tools/.build/release/ingest-benchmark [--events N] [--accounts N] [--clients N] [--request-events N] [--serve-rounds N]
//   Tools/.build/release/dashboard-benchmark [--contacts N] [--accounts N] [--requests N] [--more-events N]
//   Tools/.build/release/cluster-benchmark [--events N] [--accounts N] [--failover-rounds N] [--lease-seconds N]
//     (runs the release avosync: swift build -c release --product avosync first)
import PackageDescription

let package = Package(
    name: "avosync-tools",
    dependencies: [
        .package(name: "avosync", path: ".."),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // The baseline: Debian's SQLite (libsqlite3-dev).
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // glibc's count of live heap bytes (mallinfo2), which Swift's Glibc module leaves out.
        .target(name: "CHeap"),
        // Timing, memory and the stock lz4 tool, shared by the benchmarks.
        .target(
            name: "BenchmarkSupport",
            dependencies: ["CHeap"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The benchmarks' emulated orgs: the repository's fixtures, the emulator's admin
        // endpoints, and accounts connected to an org as `avosync connect` leaves them.
        .target(
            name: "BenchmarkFixtures",
            dependencies: [
                .product(name: "Dispatcher", package: "avosync"),
                .product(name: "SalesforceClient", package: "avosync"),
                .product(name: "SalesforceEmulator", package: "avosync"),
                .product(name: "SyncModel", package: "avosync"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "log-benchmark",
            dependencies: [
                "CSQLite",
                "BenchmarkSupport",
                .product(name: "EventLog", package: "avosync"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Folds a generated log of millions of events: throughput against lz4 -dc, memory,
        // and the time to restart from a snapshot.
        .executableTarget(
            name: "replay-benchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "EventLog", package: "avosync"),
                .product(name: "SyncModel", package: "avosync"),
                .product(name: "Projection", package: "avosync"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Requests per second the Salesforce emulator serves on loopback: a 200-record collection
        // upsert, a query and a phone search, next to the cheapest request it answers.
        .executableTarget(
            name: "emulator-benchmark",
            dependencies: [
                "BenchmarkSupport",
                "BenchmarkFixtures",
                .product(name: "SalesforceEmulator", package: "avosync"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // A thousand accounts over fifty emulated orgs: the back-fill next to one account at a
        // time, following latency next to a single account, isolation from slow orgs, memory.
        .executableTarget(
            name: "many-accounts-benchmark",
            dependencies: [
                "BenchmarkSupport",
                "BenchmarkFixtures",
                .product(name: "Dispatcher", package: "avosync"),
                .product(name: "SalesforceClient", package: "avosync"),
                .product(name: "SalesforceEmulator", package: "avosync"),
                .product(name: "SyncModel", package: "avosync"),
                .product(name: "Projection", package: "avosync"),
                .product(name: "EventLog", package: "avosync"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The dispatcher against the emulator: API calls per 1,000 events and events per second
        // next to a naive one-event-at-a-time baseline, and append-to-Task latency while following.
        .executableTarget(
            name: "sync-benchmark",
            dependencies: [
                "BenchmarkSupport",
                "BenchmarkFixtures",
                .product(name: "Dispatcher", package: "avosync"),
                .product(name: "SalesforceClient", package: "avosync"),
                .product(name: "SalesforceEmulator", package: "avosync"),
                .product(name: "SyncModel", package: "avosync"),
                .product(name: "Projection", package: "avosync"),
                .product(name: "EventLog", package: "avosync"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Two-way sync's polling: API calls per poll and time to bring changes back, with 10,000
        // linked records, next to re-reading every linked record by id.
        .executableTarget(
            name: "capture-benchmark",
            dependencies: [
                "BenchmarkSupport",
                "BenchmarkFixtures",
                .product(name: "Dispatcher", package: "avosync"),
                .product(name: "SalesforceClient", package: "avosync"),
                .product(name: "SalesforceEmulator", package: "avosync"),
                .product(name: "SyncModel", package: "avosync"),
                .product(name: "Projection", package: "avosync"),
                .product(name: "EventLog", package: "avosync"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Ingest side by side on the same events: the log's durable append rate, `append` of a file,
        // and the service with concurrent clients (request latency too).
        // The dashboard's pages on a data directory of a million contacts, beside status's load.
        .executableTarget(
            name: "dashboard-benchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Access", package: "avosync"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Dashboard", package: "avosync"),
                .product(name: "EventLog", package: "avosync"),
                .product(name: "Ingest", package: "avosync"),
                .product(name: "IngestService", package: "avosync"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Projection", package: "avosync"),
                .product(name: "Reports", package: "avosync"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SyncModel", package: "avosync"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "ingest-benchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Access", package: "avosync"),
                .product(name: "EventLog", package: "avosync"),
                .product(name: "SyncModel", package: "avosync"),
                .product(name: "Ingest", package: "avosync"),
                .product(name: "IngestService", package: "avosync"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Cluster mode against one node without it: ingest, dispatch, CPU per event, failover.
        .executableTarget(
            name: "cluster-benchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Cluster", package: "avosync"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
