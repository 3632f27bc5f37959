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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // liblz4 from the system (Debian: liblz4-dev). No vendored codec source.
        .systemLibrary(
            name: "CLZ4",
            pkgConfig: "liblz4",
            providers: [.apt(["liblz4-dev"])]
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
        .executableTarget(
            name: "avosync",
            dependencies: [
                "EventLog",
                "SyncModel",
                "Projection",
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
            dependencies: ["Projection", "SyncModel", "EventLog", "EventLogTestSupport"]
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
