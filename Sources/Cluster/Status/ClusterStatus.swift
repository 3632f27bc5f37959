public import JetStream

/// What `cluster status` shows: the cluster's settings, its live nodes, each partition's owner
/// and lag, and the streams' replication.
public struct ClusterStatus: Sendable {
    public var settings: ClusterSettings
    public var nodes: [NodeHeartbeat]
    /// Each partition's owner (nil: no live lease), in partition order.
    public var owners: [String?]
    public var streams: [StreamStatus]

    /// The events stream's last sequence: how many events the cluster holds.
    public var eventsInCluster: UInt64 {
        streams.first { $0.name == ClusterNames.eventsStream }?.lastSequence ?? 0
    }

    /// Events of the stream not yet dispatched by `node`'s slowest lane (nil: unknown, or not
    /// dispatching).
    public func lag(of node: String?) -> UInt64? {
        guard let node, let heartbeat = nodes.first(where: { $0.node == node }),
            let position = heartbeat.dispatchedThrough
        else { return nil }
        return eventsInCluster > position ? eventsInCluster - position : 0
    }

    /// Reads everything from the cluster's buckets and streams.
    public static func read(_ resources: ClusterResources) throws -> ClusterStatus {
        let nodes = try resources.nodes.entries().map { NodeHeartbeat.decode($0.value) }.sorted { $0.node < $1.node }
        var owners = [String?](repeating: nil, count: resources.settings.partitions)
        for entry in try resources.leases.entries() {
            if let partition = ClusterNames.partition(ofLeaseKey: entry.key), owners.indices.contains(partition) {
                owners[partition] = String(decoding: entry.value, as: UTF8.self)
            }
        }
        let streams = try [ClusterNames.eventsStream, ClusterNames.outcomesStream].compactMap {
            try resources.connection.streamStatus($0)
        }
        return ClusterStatus(settings: resources.settings, nodes: nodes, owners: owners, streams: streams)
    }
}
