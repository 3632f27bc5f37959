import Dispatch
import EventLog
import SyncModel

/// Folds chunks on every core at once by giving each core its own accounts.
///
/// Accounts never share state, so folding each account's records in log order on one thread
/// gives exactly the sequential fold's result. Every shard walks every record of a chunk but
/// folds only those whose account hash (taken by the reader) is its own.
struct ShardedFold {
    /// One shard's accounts. `@unchecked Sendable`: during `fold` each shard is touched by exactly
    /// one thread (the one with its index), and between folds only by the owner of the `ShardedFold`.
    private final class Shard: @unchecked Sendable {
        var accounts = AccountTable()
        var eventsNextOffset: UInt64 = 0
        var syncNextOffset: UInt64 = 0
        var unknownRecords: UInt64 = 0
        var error: ProjectionError?
        /// Folds this shard's records of `batch` (`hashes`: each record's account hash), the
        /// shard numbered `index` of `count`.
        func fold(
            _ batch: LogBatch,
            hashes: [UInt64],
            shard index: Int,
            of count: Int,
            log: LogName
        )
            throws(ProjectionError)
        {
            let first = batch.offsets.lowerBound
            try batch.forEachRecord { offset, bytes throws(ProjectionError) in
                let hash = hashes[Int(offset - first)]
                guard FoldChunk.shard(ofHash: hash, count: count) == index else { return }
                try apply(bytes, at: offset, hash: hash, from: log)
            }
            if let last = batch.offsets.last {
                if log == .events { eventsNextOffset = last + 1 } else { syncNextOffset = last + 1 }
            }
        }

        /// Folds the record at `offset` of `log`, whose stored account hashes to `hash`.
        func apply(
            _ bytes: UnsafeRawBufferPointer,
            at offset: UInt64,
            hash: UInt64,
            from log: LogName
        )
            throws(ProjectionError)
        {
            switch try FoldView(bytes, at: offset, from: log) {
            case .activity(let account):
                accounts.states[accounts.number(of: account.bytes(in: bytes), hash: hash)].applyActivity(at: offset)
            case .contactEdit(let edit):
                accounts.states[accounts.number(of: edit.account.bytes(in: bytes), hash: hash)]
                    .apply(edit, in: bytes, at: offset)
            case .record(.event(let event)):
                accounts.states[accounts.number(of: event.account)].apply(event, at: offset)
            case .record(.outcome(let outcome)): accounts.states[accounts.number(of: outcome.account)].apply(outcome)
            case .record(.unknown): unknownRecords += 1
            }
        }
    }

    private let shards: [Shard]

    /// Splits `state`'s accounts over `count` shards.
    init(_ state: ProjectionState, count: Int) {
        shards = (0..<max(count, 1)).map { _ in
            let shard = Shard()
            shard.eventsNextOffset = state.eventsNextOffset
            shard.syncNextOffset = state.syncNextOffset
            return shard
        }
        shards[0].unknownRecords = state.unknownRecords
        for (name, account) in state.accounts {
            let hash = FoldChunk.accountHash(name)
            shards[FoldChunk.shard(ofHash: hash, count: shards.count)].accounts.add(name, account, hash: hash)
        }
    }

    /// Folds `chunk` of `log`, in order, on every shard at once.
    func fold(_ chunk: FoldChunk, from log: LogName) throws(ProjectionError) {
        let shards = self.shards
        DispatchQueue.concurrentPerform(iterations: shards.count) { index in
            let shard = shards[index]
            do throws(ProjectionError) {
                for (batch, hashes) in zip(chunk.batches, chunk.accountHashes) {
                    try shard.fold(batch, hashes: hashes, shard: index, of: shards.count, log: log)
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
        state.eventsNextOffset = shards[0].eventsNextOffset
        state.syncNextOffset = shards[0].syncNextOffset
        for shard in shards {
            state.unknownRecords += shard.unknownRecords
            for (name, account) in zip(shard.accounts.names, shard.accounts.states) { state.accounts[name] = account }
        }
        return state
    }
}
