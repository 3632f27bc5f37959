import ArgumentParser
import Foundation

/// The `--data DIR` option every command takes: default `$AVOSYNC_DATA`, else `./avosync-data`.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data"), help: "The data directory (default: $AVOSYNC_DATA, else ./avosync-data).")
    var path: String?

    var resolved: String {
        path ?? ProcessInfo.processInfo.environment["AVOSYNC_DATA"] ?? "./avosync-data"
    }

    /// The logs a data directory holds, by name.
    static let logNames = ["events", "sync"]
}
