import Dispatch
import EventLog
import SyncModel

/// Folds batches on every core at once by giving each core its own accounts.
///
/// Accounts never share state, so folding each account's records in log order on one thread
/// gives exactly the sequential fold's result. Every shard scans every record but decodes only
/// those of its accounts, chosen by a hash of the account's stored bytes.
struct ShardedFold {
    /// One shard's state. `@unchecked Sendable`: during `fold` each box is touched by exactly
    /// one thread (the one with its index), and between folds only by the owner of the `ShardedFold`.
    private final class Shard: @unchecked Sendable {
        var state: ProjectionState
        var error: ProjectionError?
        init(_ state: ProjectionState) { self.state = state }
    }

    private let shards: [Shard]

    /// Splits `state`'s accounts over `count` shards.
    init(_ state: ProjectionState, count: Int) {
        var states = (0..<max(count, 1)).map { _ in
            var empty = ProjectionState()
            empty.eventsNextOffset = state.eventsNextOffset
            empty.syncNextOffset = state.syncNextOffset
            return empty
        }
        states[0].unknownRecords = state.unknownRecords
        for (name, account) in state.accounts {
            states[Self.shard(ofAccount: Array(name.utf8), count: states.count)].accounts[name] = account
        }
        shards = states.map(Shard.init)
    }

    /// Folds `batches` of `log`, in order, on every shard at once.
    func fold(_ batches: [LogBatch], from log: LogName) throws(ProjectionError) {
        let shards = self.shards
        DispatchQueue.concurrentPerform(iterations: shards.count) { index in
            let shard = shards[index]
            do throws(ProjectionError) {
                for batch in batches {
                    try batch.forEachRecord { offset, bytes throws(ProjectionError) in
                        if Self.shard(ofRecord: bytes, count: shards.count) == index {
                            try shard.state.apply(bytes, at: offset, from: log)
                        }
                    }
                    if let last = batch.offsets.last { shard.state.advance(log, past: last) }
                }
            } catch {
                shard.error = error
            }
        }
        if let error = shards.compactMap(\.error).min(by: { ($0.offset ?? 0) < ($1.offset ?? 0) }) { throw error }
    }

    /// The whole state: the shards' accounts together.
    var merged: ProjectionState {
        var state = ProjectionState()
        state.eventsNextOffset = shards[0].state.eventsNextOffset
        state.syncNextOffset = shards[0].state.syncNextOffset
        for shard in shards {
            state.unknownRecords += shard.state.unknownRecords
            state.accounts.merge(shard.state.accounts) { first, _ in first }
        }
        return state
    }

    /// The shard of a stored record: by its account when its envelope is readable, else 0.
    static func shard(ofRecord bytes: UnsafeRawBufferPointer, count: Int) -> Int {
        guard count > 1, let account = StoredEncoding.accountBytes(bytes) else { return 0 }
        return shard(ofAccount: account, count: count)
    }

    /// FNV-1a of the account's UTF-8 bytes: the same for a name and for its stored bytes.
    static func shard(ofAccount bytes: some Sequence<UInt8>, count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % UInt64(count))
    }
}
