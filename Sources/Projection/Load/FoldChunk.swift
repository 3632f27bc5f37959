import EventLog
import SyncModel

/// Batches read ahead of the fold, with the hash of every record's stored account: which shard
/// folds a record, and how that shard finds its account, taken once by the reader.
struct FoldChunk: Sendable {
    var batches: [LogBatch] = []
    /// Per batch, per record it hands out: `accountHash` of its stored account (0 for a record
    /// whose account cannot be read without decoding it).
    var accountHashes: [[UInt64]] = []
    var records: UInt64 = 0

    mutating func append(_ batch: LogBatch) {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(batch.count)
        batch.forEachRecord { _, bytes in hashes.append(StoredEncoding.accountBytes(bytes).map(Self.accountHash) ?? 0) }
        batches.append(batch)
        accountHashes.append(hashes)
        records += UInt64(batch.count)
    }

    /// FNV-1a 64 of an account's UTF-8 bytes: the same for a name and for its stored bytes.
    static func accountHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// `accountHash` of an account's name.
    static func accountHash(_ name: String) -> UInt64 {
        var name = name
        return name.withUTF8 { accountHash(UnsafeRawBufferPointer($0)) }
    }

    /// The shard, of `count`, that folds the records of the account hashing to `hash`.
    static func shard(ofHash hash: UInt64, count: Int) -> Int { Int(hash % UInt64(count)) }
}
