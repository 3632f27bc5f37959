import BenchmarkSupport
import Foundation
import Projection

/// What one `ReplayRun` measured, and how it is printed.
struct ReplayReport {
    let events: Int
    let contacts: Int
    let accounts: Int
    var storedBytes = 0
    var logBytes = 0
    var segments = 0
    var writeSeconds = 0.0
    var lz4Seconds: [Double] = []
    var foldSeconds: [Double] = []
    var readSeconds: [Double] = []
    /// Live heap and resident set added by the first fold's state (measured with it held).
    var heapGrowth = 0
    var residentGrowth = 0
    var contactBytes = ContactBytes(ProjectionState())
    var snapshotWriteSeconds = 0.0
    var snapshotBytes = 0
    var restartSeconds: [Double] = []

    func print() {
        say("\n\(events) events over \(contacts) contacts and \(accounts) accounts")
        say(
            String(
                format:
                    "  log: %.1f stored bytes per event, %d bytes on disk in %d segments (ratio %.2f), written in %.1f s",
                Double(storedBytes) / Double(events),
                logBytes,
                segments,
                Double(storedBytes) / Double(max(logBytes, 1)),
                writeSeconds
            )
        )
        for run in foldSeconds.indices {
            let fold = foldSeconds[run]
            let lz4 = lz4Seconds[run]
            say(
                String(
                    format:
                        "  run %d: fold %6.3f s %11.0f events/s | lz4 -dc %6.3f s %11.0f events/s | fold / lz4 -dc %.3f",
                    run + 1,
                    fold,
                    rate(fold),
                    lz4,
                    rate(lz4),
                    lz4 / fold
                )
            )
        }
        let worst = foldSeconds.indices.map { lz4Seconds[$0] / foldSeconds[$0] }.min() ?? 0
        say(String(format: "  fold / lz4 -dc, worst run       %.3f  (goal: at least 0.25 on every run)", worst))
        let read = median(readSeconds)
        say(String(format: "  read verified batches alone  %6.3f s %11.0f events/s (median)", read, rate(read)))
        let found = max(contactBytes.contacts, 1)
        let perContact = Double(heapGrowth) / Double(found)
        let valuesPerContact = Double(contactBytes.valueBytes) / Double(found)
        say(
            String(
                format: "  memory after the fold: %.1f MiB live heap (%.1f MiB resident) for %d contacts",
                Double(heapGrowth) / 1_048_576,
                Double(residentGrowth) / 1_048_576,
                contactBytes.contacts
            )
        )
        say(
            String(
                format:
                    "    %.0f bytes per contact, of which %.0f are its id and values: %.0f bytes of overhead per contact",
                perContact,
                valuesPerContact,
                perContact - valuesPerContact
            )
        )
        say(String(format: "  snapshot write               %6.3f s (%d bytes)", snapshotWriteSeconds, snapshotBytes))
        let restarts = restartSeconds.map { String(format: "%.3f", $0) }.joined(separator: ", ")
        say("  restart from the snapshot    \(restarts) s (goal: under 1 s)")
    }

    private func rate(_ seconds: Double) -> Double { Double(events) / seconds }
}
