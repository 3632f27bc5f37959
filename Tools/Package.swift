// swift-tools-version:6.1

// Benchmarks, kept out of the product's build and test run. Build and run in release:
//   swift run -c release --package-path Tools log-benchmark [--events N]
import PackageDescription

let package = Package(
    name: "avosync-tools",
    dependencies: [
        .package(name: "avosync", path: "..")
    ],
    targets: [
        // The baseline: Debian's SQLite (libsqlite3-dev).
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .executableTarget(
            name: "log-benchmark",
            dependencies: [
                "CSQLite",
                .product(name: "EventLog", package: "avosync"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
