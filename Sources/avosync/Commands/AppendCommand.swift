import ArgumentParser
import EventLog
import Foundation
import Ingest
import Projection
import SyncModel

/// `avosync append [FILE ...]`: validates JSON lines and appends them to the events log, all or nothing.
struct AppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append JSON-lines events from files or standard input; all or nothing.",
        discussion: """
            Every line is checked before anything is written. When any line is invalid, nothing is \
            appended, each bad line is reported with its file, line number and reason, and the exit \
            status is 65. With --skip-invalid the valid lines are appended and the others reported. \
            An event whose (account, id) the log already holds from the last --dedup-window of \
            appends is a duplicate: it is counted, not appended again, and not an error.
            """
    )

    @OptionGroup var data: DataDirectoryOption

    @Argument(help: "JSON-lines files (default: standard input; '-' also means standard input).")
    var files: [String] = []

    @Flag(help: "Append the valid lines and report the invalid ones (exit 65 if any were skipped).")
    var skipInvalid = false

    @Flag(help: "Print the result as one JSON document.")
    var json = false

    @OptionGroup var dedup: DedupWindowOption

    func run() throws {
        try running("append") {
            let layout = data.layout
            var options = IngestLog.Options()
            options.dedupWindow = dedup.duration
            // The writer's lock is taken first, so that the settings read for the phones cannot
            // change before the events validated against them are appended.
            let ingest = try IngestLog(
                directory: layout.events,
                countries: { try defaultCountries(ProjectionLoader.loadReporting(layout, command: "append").state) },
                options: options
            )
            defer { try? ingest.close() }
            let countries = ingest.countries
            var validator = IngestValidator { countries[$0] ?? .unitedStates }
            var events: [Event] = []
            var problems: [(input: String, error: IngestError)] = []
            let progress = ProgressLine("validated bytes")
            let inputs = files.isEmpty ? ["-"] : files
            // Files have a known size, so a terminal gets a bar; standard input gets a count.
            let total: UInt64? =
                inputs.contains("-")
                ? nil
                : inputs.reduce(0) {
                    $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? UInt64) ?? 0)
                }
            var done: UInt64 = 0
            for input in inputs {
                let contents = try Self.read(input)
                let validated = contents.withUnsafeBytes { buffer in
                    validator.validate(lines: buffer, threads: ProcessInfo.processInfo.activeProcessorCount) {
                        progress.update(done + UInt64($0), of: total)
                    }
                }
                events += validated.events
                problems += validated.problems.map { (Self.name(input), $0) }
                done += UInt64(contents.count)
            }
            progress.finish()
            for problem in problems { printError("\(problem.input): \(problem.error)") }
            if !problems.isEmpty && !skipInvalid {
                printError(
                    "avosync append: nothing appended: \(problems.count) invalid line\(problems.count == 1 ? "" : "s") (use --skip-invalid to append the \(events.count) valid ones)"
                )
                if json {
                    let next = ingest.nextOffset
                    report(IngestReceipt(appended: next..<next, duplicates: 0), invalid: problems.count)
                }
                throw ExitStatus.invalidData
            }
            report(try ingest.append(events, appendedBy: Appender.commandLine), invalid: problems.count)
            if !problems.isEmpty { throw ExitStatus.invalidData }
        }
    }

    /// Says what was appended, how many events were duplicates and how many lines were invalid.
    private func report(_ receipt: IngestReceipt, invalid: Int) {
        let range = receipt.appended
        let count = range.count
        if json {
            printJSON(
                .object([
                    JSONMember("appended", .integer(Int64(count))),
                    JSONMember("duplicates", .integer(Int64(receipt.duplicates))),
                    JSONMember("first_offset", count == 0 ? .null : .integer(Int64(range.lowerBound))),
                    JSONMember("last_offset", count == 0 ? .null : .integer(Int64(range.upperBound - 1))),
                    JSONMember("next_offset", .integer(Int64(range.upperBound))),
                    JSONMember("invalid", .integer(Int64(invalid))),
                ])
            )
            return
        }
        var notes: [String] = []
        if receipt.duplicates > 0 {
            notes.append(
                "\(receipt.duplicates) duplicate\(receipt.duplicates == 1 ? "" : "s") already in the log, not appended again"
            )
        }
        if invalid > 0 { notes.append("\(invalid) invalid line\(invalid == 1 ? "" : "s") skipped") }
        let suffix = notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")"
        if count == 0 {
            print("appended 0 events" + suffix)
        } else {
            print(
                "appended \(count) event\(count == 1 ? "" : "s") at offsets \(range.lowerBound) to \(range.upperBound - 1)"
                    + suffix
            )
        }
    }

    private static func name(_ input: String) -> String { input == "-" ? "<stdin>" : input }

    private static func read(_ input: String) throws -> Data {
        if input == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard FileManager.default.fileExists(atPath: input) else {
            printError("avosync append: \(input): no such file; nothing appended")
            throw ExitStatus.failure
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: input), options: .alwaysMapped)
        } catch {
            printError("avosync append: \(input): cannot be read (\(error.localizedDescription)); nothing appended")
            throw ExitStatus.failure
        }
    }
}
