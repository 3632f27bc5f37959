import ArgumentParser
import EventLog
import Foundation

/// `avosync verify`: checks every batch of the logs; exit 0 when intact, 74 otherwise.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every batch of the logs; exit 0 when intact, 74 with a report of each damaged place."
    )

    @OptionGroup var data: DataDirectoryOption

    @Argument(help: "A log directory, or a data directory holding events/ and sync/ (default: the data directory).")
    var path: String?

    @Flag(help: "Print the report as one JSON document.")
    var json = false

    func run() throws {
        let logs = try logDirectories()
        var reports: [LogVerification] = []
        for directory in logs {
            do {
                reports.append(try LogVerifier.verify(directory: directory))
            } catch let error as LogError {
                printError("avosync verify: \(error)")
                throw error.code == .damaged || error.code == .unsupportedFormat
                    ? ExitStatus.damagedStorage : ExitStatus.failure
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let document = VerifyDocument(intact: reports.allSatisfy(\.isIntact), logs: reports)
            print(String(decoding: try encoder.encode(document), as: UTF8.self))
        } else {
            for report in reports { printHuman(report) }
        }
        if !reports.allSatisfy(\.isIntact) { throw ExitStatus.damagedStorage }
    }

    private struct VerifyDocument: Encodable {
        var intact: Bool
        var logs: [LogVerification]
    }

    private func printHuman(_ report: LogVerification) {
        let state =
            report.isIntact
            ? "intact" : "DAMAGED (\(report.damages.count) place\(report.damages.count == 1 ? "" : "s"))"
        print(
            "\(report.directory): \(state): \(report.segments) segments, \(report.batches) batches, \(report.records) records, next offset \(report.nextOffset)"
        )
        for damage in report.damages { print("  damaged: \(damage)") }
        for note in report.notes { print("  note: \(note)") }
    }

    /// The log directories to check: `path` itself when it is a log, else the logs inside the
    /// data directory it names.
    private func logDirectories() throws -> [String] {
        let root = path ?? data.resolved
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            printError(
                "avosync verify: \(root): no such directory (name a log or data directory, or set --data or $AVOSYNC_DATA)"
            )
            throw ExitStatus.failure
        }
        let names = (try? manager.contentsOfDirectory(atPath: root)) ?? []
        if names.contains(where: { $0.hasSuffix(".log") }) { return [root] }
        let logs = DataDirectoryOption.logNames.map { root + "/" + $0 }.filter { manager.fileExists(atPath: $0) }
        guard !logs.isEmpty else {
            printError("avosync verify: \(root) is neither a log nor a data directory holding events/ or sync/")
            throw ExitStatus.failure
        }
        return logs
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
