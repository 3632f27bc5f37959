import BenchmarkSupport
import Foundation

/// Rows of (what, seconds) over the same events, printed as throughput and ratios.
struct IngestReport {
    let events: Int
    let bytes: Int
    private(set) var rows: [(name: String, seconds: Double, note: String)] = []

    mutating func add(_ name: String, seconds: Double, note: String = "") {
        rows.append((name, seconds, note))
        print("  " + name.padded(52) + String(format: " %8.3f s", seconds) + (note.isEmpty ? "" : "  " + note))
    }

    func rate(_ prefix: String) -> Double? {
        rows.first { $0.name.hasPrefix(prefix) }.map { Double(events) / $0.seconds }
    }

    func printTable() {
        print("")
        print("run".padded(52) + "     events/s       MB/s")
        for row in rows {
            print(
                row.name.padded(52)
                    + String(format: " %12.0f %10.1f", Double(events) / row.seconds, Double(bytes) / row.seconds / 1e6)
                    + (row.note.isEmpty ? "" : "   " + row.note)
            )
        }
    }

    /// The rate of the row starting with `subject` over the row starting with `baseline`.
    func printRatio(_ label: String, _ subject: String, _ baseline: String, goal: Double) {
        guard let top = rate(subject), let bottom = rate(baseline) else { return }
        let ratio = top / bottom
        let verdict = ratio >= goal ? "met" : "NOT met"
        print(label.padded(56) + String(format: " %6.3f  (goal >= %.2f: %@)", ratio, goal, verdict))
    }
}
