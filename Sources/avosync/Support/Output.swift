import ArgumentParser
import EventLog
import Foundation
import Projection
import SyncModel

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Prints one JSON value as a line.
func printJSON(_ value: JSONValue) {
    print(value.jsonText)
}

/// Maps a library error to a message and the contract's exit code (74 for damaged storage).
func failure(_ command: String, _ error: any Error) -> ExitCode {
    if let exit = error as? ExitCode { return exit }
    printError("avosync \(command): \(error)")
    if let error = error as? LogError, error.code == .damaged || error.code == .unsupportedFormat {
        return ExitStatus.damagedStorage
    }
    if let error = error as? ProjectionError, error.code == .undecodable { return ExitStatus.damagedStorage }
    return ExitStatus.failure
}

/// Runs a command body, turning any error into a message and an exit code.
func running(_ command: String, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        throw failure(command, error)
    }
}

extension ProjectionLoader {
    /// Loads a data directory's projection, saying on standard error which snapshots it passed over.
    static func loadReporting(_ layout: DataLayout, command: String, progress: ProgressLine? = nil) throws -> Result {
        var loader = ProjectionLoader(layout: layout)
        if let progress { loader.progress = { progress.update($0) } }
        let result = try loader.load()
        progress?.finish()
        for ignored in result.ignoredSnapshots {
            printError("avosync \(command): note: ignored snapshot \(ignored.file.path): \(ignored.reason)")
        }
        if let problem = result.snapshotWriteError {
            printError("avosync \(command): note: could not write a snapshot (the state is still right): \(problem)")
        }
        return result
    }
}

/// The default countries the projection holds, for the accounts that set one other than the US:
/// what ingest needs to normalise their phones.
func defaultCountries(_ state: ProjectionState) -> [String: CountryCode] {
    state.accounts.compactMapValues { account in
        account.settings.defaultCountry == .unitedStates ? nil : account.settings.defaultCountry
    }
}
