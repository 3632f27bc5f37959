// swift-tools-version:6.1

import PackageDescription

let package = Package(
    name: "avosync",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "avosync", targets: ["avosync"]),
        .library(name: "EventLog", targets: ["EventLog"]),
        .library(name: "SyncModel", targets: ["SyncModel"]),
        .library(name: "Projection", targets: ["Projection"]),
        .library(name: "SalesforceEmulator", targets: ["SalesforceEmulator"]),
        .library(name: "SalesforceClient", targets: ["SalesforceClient"]),
        .library(name: "Dispatcher", targets: ["Dispatcher"]),
        .library(name: "Ingest", targets: ["Ingest"]),
        .library(name: "Access", targets: ["Access"]),
        .library(name: "IngestService", targets: ["IngestService"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Dashboard", targets: ["Dashboard"]),
        .library(name: "JetStream", targets: ["JetStream"]),
        .library(name: "Cluster", targets: ["Cluster"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-algorithms", from: "1.2.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // liblz4 from the system (Debian: liblz4-dev). No vendored codec source.
        .systemLibrary(
            name: "CLZ4",
            pkgConfig: "liblz4",
            providers: [.apt(["liblz4-dev"])]
        ),
        // The NATS C client from the system (Debian: libnats-dev), for cluster mode.
        .systemLibrary(
            name: "CNATS",
            pkgConfig: "libnats",
            providers: [.apt(["libnats-dev"])]
        ),
        // Owns every call into the NATS C client: streams, publishes with message ids and expected
        // sequences, durable pull consumers, key-value buckets; blocking calls off Swift's threads.
        .target(
            name: "JetStream",
            dependencies: ["CNATS"]
        ),
        // Little-endian integers, varints and CRC-32C: the bytes every on-disk format is made of.
        .target(name: "ByteCoding"),
        .target(
            name: "EventLog",
            dependencies: ["CLZ4", "ByteCoding"]
        ),
        // The event catalogue, its ingest and stored codecs, phones, settings. Pure values, no I/O.
        .target(
            name: "SyncModel",
            dependencies: ["ByteCoding"]
        ),
        // Folds both logs into per-account state; snapshots.
        .target(
            name: "Projection",
            dependencies: ["SyncModel", "EventLog", "ByteCoding"]
        ),
        // What `status`, `contacts` and `deadletters` report, shared by the command line and the
        // dashboard so both show the same values.
        .target(
            name: "Reports",
            dependencies: ["Projection", "SyncModel"]
        ),
        // Durable, idempotent appends of validated events: the dedup window, backpressure, and the
        // writer shared by `append`, the service and change capture.
        .target(
            name: "Ingest",
            dependencies: [
                "EventLog", "SyncModel",
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // Who may do what: tokens (kept as digests), their accounts and roles, dashboard sessions,
        // sign-in throttling. Checked where requests enter; knows nothing of Avochato or Salesforce.
        .target(
            name: "Access",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // `avosync serve`'s HTTP side: authenticated ingest, health and readiness, the listener's
        // limits (slow clients, connections), request ids.
        .target(
            name: "IngestService",
            dependencies: [
                "Access", "Ingest", "SyncModel",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The operator's dashboard under `serve`'s /ui/: read-only pages rendered on the server from
        // the same reports as the command line, signed in with the service's tokens.
        .target(
            name: "Dashboard",
            dependencies: [
                "Access", "Reports", "Projection", "SyncModel",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Cluster mode (`serve --cluster`): events and outcomes on replicated JetStream streams,
        // partitions owned through leases, credentials sealed with the cluster's key.
        .target(
            name: "Cluster",
            dependencies: [
                "JetStream", "Ingest", "EventLog", "SyncModel", "Projection", "Dispatcher",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // A Salesforce org in memory behind Salesforce's REST API, for tests, benchmarks and the demo.
        // Written from Salesforce's documentation; it shares no code with avosync's own client.
        .target(
            name: "SalesforceEmulator",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // A Salesforce REST client written from Salesforce's documentation: OAuth, describe, safe
        // SOQL and SOSL, record and collection writes, typed errors, retries. Knows nothing of Avochato.
        .target(
            name: "SalesforceClient",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // Turns pending events into Salesforce writes: a pure planner and an executor that appends
        // outcomes and checkpoints to the sync log.
        .target(
            name: "Dispatcher",
            dependencies: [
                "SyncModel", "Projection", "EventLog", "SalesforceClient",
                .product(name: "Algorithms", package: "swift-algorithms"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // The demo: the seed scenarios played against the emulator on loopback, then read back and
        // compared with their expected results.
        .target(
            name: "Demo",
            dependencies: [
                "SyncModel", "Projection", "EventLog", "SalesforceClient", "SalesforceEmulator", "Dispatcher",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "avosync",
            dependencies: [
                "Access",
                "EventLog",
                "Ingest",
                "IngestService",
                "Cluster",
                "JetStream",
                "SyncModel",
                "Projection",
                "Demo",
                "SalesforceEmulator",
                "SalesforceClient",
                "Dispatcher",
                "Reports",
                "Dashboard",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Test support shared by several test targets: a fault-injecting file system, temporary
        // directories, child processes.
        .target(
            name: "EventLogTestSupport",
            dependencies: ["EventLog"],
            path: "Tests/EventLogTestSupport"
        ),
        // A child process for the crash and cross-process tests: appends and reports acknowledgements.
        .executableTarget(
            name: "log-test-child",
            dependencies: ["EventLog", "EventLogTestSupport"],
            path: "Tests/LogTestChild"
        ),
        .testTarget(
            name: "EventLogTests",
            dependencies: ["EventLog", "ByteCoding", "EventLogTestSupport", "log-test-child"]
        ),
        .testTarget(
            name: "SyncModelTests",
            dependencies: ["SyncModel", "EventLogTestSupport"]
        ),
        .testTarget(
            name: "ProjectionTests",
            dependencies: ["Projection", "SyncModel", "EventLog", "EventLogTestSupport", "ByteCoding"]
        ),
        // The emulator harness shared by the emulator's tests and the dispatcher's: an org in this
        // process, `avosync emulator` as a child process, self-signed certificates.
        .target(
            name: "EmulatorTestSupport",
            dependencies: [
                "SalesforceEmulator", "EventLogTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/EmulatorTestSupport"
        ),
        .testTarget(
            name: "SalesforceEmulatorTests",
            dependencies: [
                "SalesforceEmulator",
                "EmulatorTestSupport",
                "EventLogTestSupport",
                "avosync",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SalesforceClientTests",
            dependencies: [
                "SalesforceClient",
                "SalesforceEmulator",
                "EmulatorTestSupport",
                "EventLogTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The sync rules end to end: JSON lines in, `avosync sync` as a process, the org checked
        // through the emulator's REST API.
        .testTarget(
            name: "DispatcherTests",
            dependencies: [
                "Dispatcher",
                "SalesforceClient",
                "SalesforceEmulator",
                "SyncModel",
                "Projection",
                "EventLog",
                "EmulatorTestSupport",
                "EventLogTestSupport",
                "avosync",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "IngestTests",
            dependencies: ["Ingest", "EventLog", "SyncModel", "EventLogTestSupport"]
        ),
        // `avosync serve` as a process: auth, statuses, idempotence, backpressure, health, crashes.
        .testTarget(
            name: "ServiceTests",
            dependencies: [
                "EventLog", "SyncModel", "EmulatorTestSupport", "EventLogTestSupport", "SalesforceEmulator", "avosync",
                "IngestService",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        // The dashboard of a real `avosync serve`: signing in, sessions, cookies, the pages over
        // HTTP, and in headless Chromium.
        .testTarget(
            name: "DashboardTests",
            dependencies: [
                "Dashboard", "Reports", "Projection", "SyncModel", "EmulatorTestSupport", "EventLogTestSupport",
                "SalesforceEmulator", "avosync",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // Cluster mode against real nats-servers on loopback: ingest, leases, failover, fencing.
        .testTarget(
            name: "ClusterTests",
            dependencies: [
                "Cluster", "JetStream", "EventLog", "SyncModel", "EmulatorTestSupport", "EventLogTestSupport",
                "SalesforceEmulator", "avosync",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ]
        ),
        // Tokens files, scopes, roles and sign-in throttling as plain values and files.
        .testTarget(
            name: "AccessTests",
            dependencies: ["Access", "EventLogTestSupport"]
        ),
        .testTarget(
            name: "AvosyncCLITests",
            dependencies: ["EventLog", "SyncModel", "EventLogTestSupport", "avosync"]
        ),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
