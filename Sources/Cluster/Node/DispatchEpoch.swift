import Dispatcher
import Logging
import Projection
import Synchronization

/// One run of the dispatcher over a fixed set of owned partitions. The node ends an epoch and
/// starts another whenever what it owns changes; an ended epoch's requests to Salesforce are no
/// longer sent and its outcomes no longer recorded, even while its lanes are still winding down.
final class DispatchEpoch: Sendable {
    let partitions: Set<Int>
    private let dispatcher: Dispatcher
    private let outcomes: EpochOutcomes
    private let flags = EpochFlags()
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)
    private let logger: Logger

    init(
        partitions: Set<Int>,
        partitioning: Partitioning,
        layout: DataLayout,
        options base: DispatchOptions,
        outcomes fenced: FencedOutcomes,
        leasesCurrent: @escaping @Sendable () -> Bool,
        logger: Logger
    ) throws {
        self.partitions = partitions
        self.logger = logger
        outcomes = EpochOutcomes(fenced)
        var options = base
        options.ownsAccount = { partitions.contains(partitioning.partition(of: $0)) }
        let flags = self.flags
        options.admitRequest = {
            guard flags.open.load(ordering: .acquiring) else { throw ClusterError("the dispatch epoch has ended") }
            guard leasesCurrent() else {
                throw ClusterError(
                    "this node's leases could not be renewed in time; it writes nothing until it holds them again"
                )
            }
        }
        dispatcher = try Dispatcher(layout: layout, options: options, logger: logger, outcomes: outcomes)
    }

    /// Starts following.
    func start() {
        let dispatcher = self.dispatcher
        let flags = self.flags
        let logger = self.logger
        let started = Task {
            do {
                let report = try await dispatcher.follow { !flags.open.load(ordering: .acquiring) }
                logger.info("dispatch epoch ended", metadata: ["dispatched": "\(report.dispatched)"])
            } catch {
                logger.warning("dispatch epoch failed", metadata: ["error": "\(error)"])
            }
            flags.finished.store(true, ordering: .releasing)
        }
        task.withLock { $0 = started }
    }

    /// Whether the dispatcher stopped on its own (a failure, or fenced).
    var hasFinished: Bool { flags.finished.load(ordering: .acquiring) }

    /// Ends the epoch: nothing more is sent or recorded at once; waits up to `patience` for the
    /// lanes to wind down.
    func end(patience: Duration = .seconds(30)) async {
        flags.open.store(false, ordering: .releasing)
        try? outcomes.close()
        if let task = task.withLock({ $0 }) {
            let waited = await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    await task.value
                    return true
                }
                group.addTask {
                    try? await Task.sleep(for: patience)
                    return false
                }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
            if !waited { logger.warning("a dispatch epoch did not wind down in time; it can no longer write") }
        }
        await dispatcher.close()
    }
}

/// Whether an epoch may still write, and whether its dispatcher has stopped.
private final class EpochFlags: Sendable {
    let open = Atomic(true)
    let finished = Atomic(false)
}
