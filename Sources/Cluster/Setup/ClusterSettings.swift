import Foundation

/// What every node of a cluster must agree on, fixed by the node that creates the cluster.
public struct ClusterSettings: Codable, Sendable, Equatable {
    /// Partitions (accounts are spread over them by `Partitioning`).
    public var partitions: Int
    /// How long a lease or a node's heartbeat lasts without renewal.
    public var leaseMilliseconds: Int64

    public static let defaultPartitions = 64
    public static let defaultLease = Duration.seconds(10)

    public init(partitions: Int = defaultPartitions, lease: Duration = defaultLease) {
        self.partitions = partitions
        leaseMilliseconds = lease.components.seconds * 1000 + lease.components.attoseconds / 1_000_000_000_000_000
    }

    public var lease: Duration { .milliseconds(leaseMilliseconds) }
    public var partitioning: Partitioning { Partitioning(count: partitions) }

    enum CodingKeys: String, CodingKey {
        case partitions
        case leaseMilliseconds = "lease_ms"
    }
}
