import BenchmarkSupport
import Foundation

/// Rows of (what, seconds) over one set of events, printed as throughput and ratios.
struct BenchmarkReport {
    let events: Int
    let bytes: Int
    private(set) var rows: [(name: String, seconds: Double)] = []

    init(events: Int, bytes: Int) {
        self.events = events
        self.bytes = bytes
    }

    mutating func add(_ name: String, seconds: Double) {
        rows.append((name, seconds))
        print("  " + name.padded(58) + String(format: " %8.3f s", seconds))
    }

    func printTable() {
        print("")
        print("run".padded(58) + "     events/s       MB/s")
        for row in rows {
            print(
                row.name.padded(58)
                    + String(format: " %12.0f %10.1f", Double(events) / row.seconds, Double(bytes) / row.seconds / 1e6)
            )
        }
    }

    /// Throughput of the row starting with `subject` over the row starting with `baseline`.
    func printRatio(_ label: String, _ subject: String, _ baseline: String, goal: Double?) {
        guard let top = rows.first(where: { $0.name.hasPrefix(subject) }),
            let bottom = rows.first(where: { $0.name.hasPrefix(baseline) })
        else { return }
        let ratio = bottom.seconds / top.seconds
        let verdict =
            goal.map {
                ratio >= $0
                    ? String(format: "  (goal >= %.2f: met)", $0) : String(format: "  (goal >= %.2f: NOT met)", $0)
            } ?? ""
        print(label.padded(62) + String(format: " %6.2fx", ratio) + verdict)
    }
}
