import Foundation

/// Named places where the crash tests kill the process for real (SIGKILL), so that a test can
/// crash exactly between two durable steps. Set `AVOSYNC_CRASH_POINT` to a point's name; unset
/// (always, in production) it costs one dictionary look-up at start.
enum CrashPoint: String {
    /// Change capture appended the events it brought back, and has not yet recorded its cursor.
    case captureAppended = "capture-appended"

    private static let armed = ProcessInfo.processInfo.environment["AVOSYNC_CRASH_POINT"].flatMap(CrashPoint.init)

    /// Dies here by SIGKILL when armed for this point.
    static func reached(_ point: CrashPoint) {
        guard armed == point else { return }
        kill(getpid(), SIGKILL)
    }
}
