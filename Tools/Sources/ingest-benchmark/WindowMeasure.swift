import BenchmarkSupport
import Foundation
import Ingest

/// The dedup window's cost: the time to rebuild it from a log and its memory per event, measured
/// in a child process that does nothing else.
enum WindowMeasure {
    static let flag = "--window-memory"

    /// The log directory to measure, when this process is the child.
    static var childDirectory: String? {
        guard let index = CommandLine.arguments.firstIndex(of: flag), index + 1 < CommandLine.arguments.count else {
            return nil
        }
        return CommandLine.arguments[index + 1]
    }

    /// Opens the log for ingest (rebuilding the window) and says how long it took and how much
    /// resident memory it added per event.
    static func measure(directory: String) throws -> String {
        let before = ProcessMemory.resident
        var ingest: IngestLog!
        let seconds = try timed { ingest = try IngestLog(directory: directory) }
        let events = ingest.indexedEvents
        let bytes = ProcessMemory.resident - before
        try ingest.close()
        return String(
            format: "%d events in %.2f s, %.0f MB resident, about %d bytes each",
            events,
            seconds,
            Double(bytes) / 1e6,
            bytes / max(events, 1)
        )
    }

    static func inChildProcess(directory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = [flag, directory]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
