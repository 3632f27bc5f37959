import Foundation
import Synchronization

/// A one-line progress bar on standard error, shown only when standard error is a terminal and
/// the work lasts long enough to need one. Without a known total it shows a count and a rate.
final class ProgressLine: Sendable {
    private let label: String
    private let enabled: Bool
    private let state = Mutex<(started: ContinuousClock.Instant, lastShown: ContinuousClock.Instant?)>(
        (ContinuousClock.now, nil)
    )

    /// Whether updates are drawn (standard error is a terminal).
    var isShown: Bool { enabled }

    init(_ label: String) {
        self.label = label
        enabled = isatty(STDERR_FILENO) == 1
    }

    /// Reports `done` units so far (of `total`, when known), at most five times a second, after
    /// the first second.
    func update(_ done: UInt64, of total: UInt64? = nil) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let elapsed: Duration? = state.withLock { state in
            guard now - state.started > .seconds(1), state.lastShown.map({ now - $0 > .milliseconds(200) }) ?? true
            else {
                return nil
            }
            state.lastShown = now
            return now - state.started
        }
        guard let elapsed else { return }
        FileHandle.standardError.write(Data(("\r" + Self.line(label, done, total, elapsed)).utf8))
    }

    /// The line shown: `label [#####-----]  50% 500/1000 (250/s)`, or `label: 500 (250/s)`.
    static func line(_ label: String, _ done: UInt64, _ total: UInt64?, _ elapsed: Duration) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let rate = Int(Double(done) / max(seconds, 0.001))
        guard let total, total > 0 else { return "\(label): \(done) (\(rate)/s)" }
        let share = min(1, Double(done) / Double(total))
        let filled = Int(share * 30)
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled)
        let percent = String(Int(share * 100))
        return
            "\(label) [\(bar)] \(String(repeating: " ", count: 3 - percent.count))\(percent)% \(done)/\(total) (\(rate)/s)"
    }

    /// Ends the line if one was shown.
    func finish() {
        guard enabled, state.withLock({ $0.lastShown != nil }) else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
