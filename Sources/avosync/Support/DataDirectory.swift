import ArgumentParser
import EventLog
import Foundation
import Projection
import SyncModel

/// The `--data DIR` option every command takes: default `$AVOSYNC_DATA`, else `./avosync-data`.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data"), help: "The data directory (default: $AVOSYNC_DATA, else ./avosync-data).")
    var path: String?

    var resolved: String {
        path ?? ProcessInfo.processInfo.environment["AVOSYNC_DATA"] ?? "./avosync-data"
    }

    var layout: DataLayout { DataLayout(root: resolved) }

    /// The layout of a data directory that must already exist (commands that only read).
    func existingLayout(command: String) throws -> DataLayout {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), isDirectory.boolValue else {
            printError(
                "avosync \(command): \(resolved): no such data directory (append events first, or set --data or $AVOSYNC_DATA)"
            )
            throw ExitStatus.failure
        }
        return layout
    }

    /// How many records both logs hold, learnt from batch headers alone.
    static func recordCount(_ layout: DataLayout) throws -> UInt64 {
        var total: UInt64 = 0
        for directory in [layout.events, layout.sync] where FileManager.default.fileExists(atPath: directory) {
            total += try LogCursor(directory: directory).skipToEnd()
        }
        return total
    }

    /// The logs a data directory holds, by name.
    static let logNames = LogName.allCases.map(\.rawValue)
}

/// Refuses an `--account` or `--contact` value that no event could carry, as a usage error.
func validateIdentifier(_ value: String?, option: String) throws {
    guard let value, let problem = NameRules.identifierProblem(value) else { return }
    throw ValidationError("--\(option) \"\(value)\" \(problem)")
}
