import EventLog
import Foundation

/// Builds the projection of a data directory: the newest good snapshot, then the rest of both logs.
public struct ProjectionLoader: Sendable {
    /// The data directory.
    public var layout: DataLayout
    /// Start from a snapshot when one is good (`replay` turns this off).
    public var useSnapshots = true
    /// Records folded between periodic snapshots; 0 never writes one.
    public var snapshotInterval: UInt64 = 1_000_000
    /// Called after every chunk of records with the records folded so far.
    public var progress: (@Sendable (UInt64) -> Void)?
    /// Threads folding at once (each takes its own accounts); the machine's cores by default.
    public var shards = ProcessInfo.processInfo.activeProcessorCount

    /// Records read ahead in one chunk, which every core then folds at once: large enough to keep
    /// every core busy, small enough to bound memory (at most four chunks are held).
    public var chunkRecords: UInt64 = 65_536

    /// A state loaded earlier from the same logs, to fold on from instead of a snapshot: how a
    /// long-running reader (the dashboard) keeps up without folding everything again.
    public var startingState: ProjectionState?

    public init(layout: DataLayout) { self.layout = layout }

    /// What loading did, besides producing the state.
    public struct Result: Sendable {
        public var state: ProjectionState
        /// The snapshot the fold started from, if any.
        public var startedFrom: SnapshotStore.File?
        /// Snapshots passed over, newest first, with why.
        public var ignoredSnapshots: [(file: SnapshotStore.File, reason: String)] = []
        /// Records folded from each log.
        public var foldedEvents: UInt64 = 0
        public var foldedOutcomes: UInt64 = 0
        /// Snapshots written along the way.
        public var savedSnapshots: [SnapshotStore.File] = []
        /// Why a snapshot could not be written (the state is still right).
        public var snapshotWriteError: String?
    }

    /// Loads the projection; throws a `LogError` for damage in a log and a `ProjectionError` for a
    /// record that does not decode.
    public func load() throws -> Result {
        let store = SnapshotStore(layout: layout)
        var result = Result(state: startingState ?? ProjectionState())
        if useSnapshots, startingState == nil {
            for file in store.files().reversed() {
                do {
                    result.state = try store.readCurrent(file)
                    result.startedFrom = file
                    break
                } catch let error as SnapshotError {
                    result.ignoredSnapshots.append((file, error.description))
                }
            }
        }
        var sinceSnapshot: UInt64 = 0
        let fold = ShardedFold(result.state, count: shards)
        for log in LogName.allCases {
            let start = log == .events ? result.state.eventsNextOffset : result.state.syncNextOffset
            guard let cursor = try LogCursor.ifPresent(directory: log.directory(in: layout), from: .offset(start))
            else { continue }
            // A thread reads chunks ahead while every core folds the chunk before.
            let reader = ChunkReader(cursor, chunkRecords: chunkRecords)
            defer { reader.stop() }
            while let chunk = try reader.next() {
                try fold.fold(chunk, from: log)
                if log == .events {
                    result.foldedEvents += chunk.records
                } else {
                    result.foldedOutcomes += chunk.records
                }
                sinceSnapshot += chunk.records
                progress?(result.foldedEvents + result.foldedOutcomes)
                if snapshotInterval > 0, sinceSnapshot >= snapshotInterval {
                    save(fold.merged, to: store, into: &result)
                    sinceSnapshot = 0
                }
            }
        }
        result.state = fold.merged
        result.state.compactContacts()
        // A load that folded a good part of an interval leaves a snapshot for the next one.
        if snapshotInterval > 0, sinceSnapshot >= max(1, snapshotInterval / 10) {
            save(result.state, to: store, into: &result)
        }
        return result
    }

    private func save(_ state: ProjectionState, to store: SnapshotStore, into result: inout Result) {
        do {
            result.savedSnapshots.append(try store.save(state))
        } catch {
            result.snapshotWriteError = "\(error)"
        }
    }
}
