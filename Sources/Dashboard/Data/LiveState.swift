import Dispatch
import Projection

/// The projection of the data directory as the dashboard shows it: loaded once (from the newest
/// snapshot, as the command line loads it), then folded on from where it was as the logs grow.
/// Loads run one at a time on a queue of their own, off Swift's cooperative threads, because
/// they read files.
final class LiveState: Sendable {
    let layout: DataLayout
    private let queue = DispatchQueue(label: "avosync.dashboard.state")
    /// Touched only on `queue`.
    nonisolated(unsafe) private var last: ProjectionState?

    init(layout: DataLayout) {
        self.layout = layout
    }

    /// Runs `report` on the state up to the current ends of both logs, on the state's queue
    /// (reports read the logs as well).
    func read<T: Sendable>(_ report: @escaping @Sendable (ProjectionState) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try report(try self.load()) }) }
        }
    }

    private func load() throws -> ProjectionState {
        var loader = ProjectionLoader(layout: layout)
        loader.startingState = last
        // Snapshots are the service's and the command line's to write, not a reader's.
        loader.snapshotInterval = 0
        let state = try loader.load().state
        last = state
        return state
    }
}
