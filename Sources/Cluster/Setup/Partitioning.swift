/// Which partition an account belongs to: FNV-1a (64 bits) of the account name's UTF-8 bytes,
/// modulo the cluster's partition count. Stable across processes, machines and releases, so
/// that every node puts an account in the same partition.
public struct Partitioning: Sendable, Equatable {
    /// Partitions in the cluster (fixed for its life).
    public let count: Int

    public init(count: Int) {
        precondition(count > 0, "a cluster has at least one partition")
        self.count = count
    }

    /// The account's partition, from 0 to `count - 1`.
    public func partition(of account: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in account.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(count))
    }
}
