import ArgumentParser
import EventLog
import Foundation
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
            status is 65. With --skip-invalid the valid lines are appended and the others reported.
            """
    )

    @OptionGroup var data: DataDirectoryOption

    @Argument(help: "JSON-lines files (default: standard input; '-' also means standard input).")
    var files: [String] = []

    @Flag(help: "Append the valid lines and report the invalid ones (exit 65 if any were skipped).")
    var skipInvalid = false

    @Flag(help: "Print the result as one JSON document.")
    var json = false

    func run() throws {
        try running("append") {
            let layout = data.layout
            // The writer's lock is taken first, so that the settings read below cannot change
            // before the events validated against them are appended.
            let writer = try LogWriter.waitingForLock(directory: layout.events)
            defer { try? writer.close() }
            let state = try ProjectionLoader.loadReporting(layout, command: "append").state
            var validator = IngestValidator { state.account($0).settings.defaultCountry }
            var records: [[UInt8]] = []
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
            var lines: UInt64 = 0
            for input in inputs {
                let contents = try Self.read(input)
                contents.withUnsafeBytes { buffer in
                    var number = 0
                    var start = 0
                    while start < buffer.count {
                        let end = buffer[start...].firstIndex(of: 0x0A) ?? buffer.count
                        number += 1
                        lines += 1
                        switch validator.validate(
                            line: UnsafeRawBufferPointer(rebasing: buffer[start..<end]),
                            number: number
                        ) {
                        case .success(let event)?: records.append(StoredEncoding.encode(event))
                        case .failure(let error)?: problems.append((Self.name(input), error))
                        case nil: break
                        }
                        if lines % 4096 == 0 { progress.update(done + UInt64(end), of: total) }
                        start = end + 1
                    }
                }
                done += UInt64(contents.count)
            }
            progress.finish()
            for problem in problems { printError("\(problem.input): \(problem.error)") }
            if !problems.isEmpty && !skipInvalid {
                printError(
                    "avosync append: nothing appended: \(problems.count) invalid line\(problems.count == 1 ? "" : "s") (use --skip-invalid to append the \(records.count) valid ones)"
                )
                if json {
                    let next = writer.nextOffset
                    report(appended: next..<next, invalid: problems.count)
                }
                throw ExitStatus.invalidData
            }
            let range = try writer.append(contentsOf: records)
            report(appended: range, invalid: problems.count)
            if !problems.isEmpty { throw ExitStatus.invalidData }
        }
    }

    /// Says what was appended (`range`, empty for nothing) and how many lines were invalid.
    private func report(appended range: Range<UInt64>, invalid: Int) {
        let count = range.count
        if json {
            printJSON(
                .object([
                    JSONMember("appended", .integer(Int64(count))),
                    JSONMember("first_offset", count == 0 ? .null : .integer(Int64(range.lowerBound))),
                    JSONMember("next_offset", .integer(Int64(range.upperBound))),
                    JSONMember("invalid", .integer(Int64(invalid))),
                ])
            )
        } else if count == 0 {
            print("appended 0 events")
        } else {
            print(
                "appended \(count) event\(count == 1 ? "" : "s") at offsets \(range.lowerBound) to \(range.upperBound - 1)"
                    + (invalid > 0 ? " (\(invalid) invalid line\(invalid == 1 ? "" : "s") skipped)" : "")
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
