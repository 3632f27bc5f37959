import ArgumentParser
import EventLog
import Foundation
import Projection

/// `avosync verify`: checks every batch of the logs; exit 0 when intact, 74 otherwise.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Check every batch of both logs and every snapshot; exit 0 when intact, 74 with a report of each damaged place."
    )

    @OptionGroup var data: DataDirectoryOption

    @Argument(help: "A log directory, or a data directory holding events/ and sync/ (default: the data directory).")
    var path: String?

    @Flag(help: "Print the report as one JSON document.")
    var json = false

    func run() throws {
        let (logs, snapshots) = try targets()
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
        let snapshotChecks = snapshots.map(Self.checkSnapshots(of:)) ?? []
        let intact = reports.allSatisfy(\.isIntact) && snapshotChecks.allSatisfy { $0.problem == nil }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let document = VerifyDocument(intact: intact, logs: reports, snapshots: snapshotChecks)
            print(String(decoding: try encoder.encode(document), as: UTF8.self))
        } else {
            for report in reports { printHuman(report) }
            if let snapshots { printHuman(snapshotChecks, directory: snapshots.snapshots) }
        }
        if !intact { throw ExitStatus.damagedStorage }
    }

    private struct VerifyDocument: Encodable {
        var intact: Bool
        var logs: [LogVerification]
        var snapshots: [SnapshotCheck]
    }

    /// One snapshot file and, when it cannot be used, why.
    struct SnapshotCheck: Encodable {
        var file: String
        var eventsOffset: UInt64
        var syncOffset: UInt64
        var problem: String?
    }

    private static func checkSnapshots(of layout: DataLayout) -> [SnapshotCheck] {
        let store = SnapshotStore(layout: layout)
        return store.files().map { file in
            var check = SnapshotCheck(file: file.path, eventsOffset: file.eventsOffset, syncOffset: file.syncOffset)
            do {
                _ = try store.read(file)
            } catch {
                check.problem = "\(error)"
            }
            return check
        }
    }

    private func printHuman(_ checks: [SnapshotCheck], directory: String) {
        let damaged = checks.filter { $0.problem != nil }
        let state = damaged.isEmpty ? "intact" : "DAMAGED (\(damaged.count) of \(checks.count))"
        print("\(directory): \(state): \(checks.count) snapshot\(checks.count == 1 ? "" : "s")")
        for check in damaged {
            print(
                "  damaged: \(check.file): \(check.problem ?? ""); snapshots are derived: delete it, or run `avosync replay`"
            )
        }
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

    /// The log directories to check (`path` itself when it is a log, else the logs inside the
    /// data directory it names) and, for a data directory with snapshots, its layout.
    private func targets() throws -> (logs: [String], snapshots: DataLayout?) {
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
        if names.contains(where: { $0.hasSuffix(".log") }) { return ([root], nil) }
        let logs = DataDirectoryOption.logNames.map { root + "/" + $0 }.filter { manager.fileExists(atPath: $0) }
        guard !logs.isEmpty else {
            printError("avosync verify: \(root) is neither a log nor a data directory holding events/ or sync/")
            throw ExitStatus.failure
        }
        let layout = DataLayout(root: root)
        return (logs, manager.fileExists(atPath: layout.snapshots) ? layout : nil)
    }
}
