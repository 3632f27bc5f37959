import Foundation
import Synchronization

/// A one-line progress report on standard error, shown only when standard error is a terminal
/// and the work lasts long enough to need one.
final class ProgressLine: Sendable {
    private let label: String
    private let enabled: Bool
    private let state = Mutex<(started: ContinuousClock.Instant, lastShown: ContinuousClock.Instant?)>(
        (ContinuousClock.now, nil)
    )

    init(_ label: String) {
        self.label = label
        enabled = isatty(STDERR_FILENO) == 1
    }

    /// Reports `done` units so far, at most five times a second, after the first second.
    func update(_ done: UInt64) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let line: String? = state.withLock { state in
            guard now - state.started > .seconds(1), state.lastShown.map({ now - $0 > .milliseconds(200) }) ?? true
            else {
                return nil
            }
            state.lastShown = now
            let seconds =
                Double((now - state.started).components.seconds) + 1e-18
                * Double((now - state.started).components.attoseconds)
            return "\r\(label): \(done) (\(Int(Double(done) / max(seconds, 0.001)))/s)"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Ends the line if one was shown.
    func finish() {
        guard enabled, state.withLock({ $0.lastShown != nil }) else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
