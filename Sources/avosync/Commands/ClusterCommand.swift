import ArgumentParser
import Cluster
import JetStream
import SyncModel

/// `avosync cluster`: commands about a cluster as a whole.
struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Look at a cluster of avosync nodes on NATS JetStream.",
        subcommands: [ClusterStatusCommand.self]
    )
}

/// `avosync cluster status --cluster URLS [--json]`.
struct ClusterStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "The cluster's nodes, each partition's owner and lag, and the streams' replication health."
    )

    @OptionGroup var clusterConnection: ClusterConnectionOptions
    @Flag(help: "Print one JSON document.") var json = false

    func validate() throws {
        guard clusterConnection.servers != nil else {
            throw ValidationError("cluster status needs --cluster nats://HOST:PORT[,...]")
        }
    }

    func run() async throws {
        do {
            let servers = clusterConnection.servers ?? []
            let status = try await BlockingCalls.run {
                try ClusterStatus.read(ClusterResources(existingAt: servers, clientName: "avosync-status"))
            }
            if json { printJSON(Self.document(status)) } else { Self.print(status) }
        } catch {
            throw failure("cluster status", error)
        }
    }

    static func document(_ status: ClusterStatus) -> JSONValue {
        .object([
            JSONMember("partitions", .integer(Int64(status.settings.partitions))),
            JSONMember("lease_ms", .integer(status.settings.leaseMilliseconds)),
            JSONMember("events", .integer(Int64(status.eventsInCluster))),
            JSONMember(
                "nodes",
                .array(
                    status.nodes.map { node in
                        .object([
                            JSONMember("name", .string(node.node)),
                            JSONMember("partitions", .array(node.partitions.map { .integer(Int64($0)) })),
                            JSONMember("copied_through", .integer(Int64(node.copiedThrough))),
                            JSONMember(
                                "dispatched_through",
                                node.dispatchedThrough.map { .integer(Int64($0)) } ?? .null
                            ),
                            JSONMember("lag_events", status.lag(of: node.node).map { .integer(Int64($0)) } ?? .null),
                        ])
                    }
                )
            ),
            JSONMember(
                "owners",
                .array(
                    status.owners.enumerated().map { partition, owner in
                        .object([
                            JSONMember("partition", .integer(Int64(partition))),
                            JSONMember("owner", owner.map { .string($0) } ?? .null),
                            JSONMember("lag_events", status.lag(of: owner).map { .integer(Int64($0)) } ?? .null),
                        ])
                    }
                )
            ),
            JSONMember("streams", .array(status.streams.map(stream))),
        ])
    }

    private static func stream(_ stream: StreamStatus) -> JSONValue {
        .object([
            JSONMember("name", .string(stream.name)),
            JSONMember("replicas", .integer(Int64(stream.replicas))),
            JSONMember("messages", .integer(Int64(stream.messages))),
            JSONMember("last_sequence", .integer(Int64(stream.lastSequence))),
            JSONMember("leader", stream.leader.map { .string($0) } ?? .null),
            JSONMember(
                "followers",
                .array(
                    stream.followers.map { follower in
                        .object([
                            JSONMember("server", .string(follower.server)),
                            JSONMember("current", .bool(follower.current)),
                            JSONMember("offline", .bool(follower.offline)),
                            JSONMember("lag", .integer(Int64(follower.lag))),
                        ])
                    }
                )
            ),
        ])
    }

    private static func print(_ status: ClusterStatus) {
        Swift.print(
            "cluster: \(status.settings.partitions) partitions, lease \(status.settings.leaseMilliseconds) ms, \(status.eventsInCluster) events"
        )
        Swift.print("nodes:")
        if status.nodes.isEmpty { Swift.print("  none alive") }
        for node in status.nodes {
            let lag = status.lag(of: node.node).map { "lag \($0) events" } ?? "not dispatching"
            Swift.print(
                "  \(node.node): \(node.partitions.count) partitions, copied through \(node.copiedThrough), \(lag)"
            )
        }
        let unowned = status.owners.indices.filter { status.owners[$0] == nil }
        Swift.print(
            "partitions:\(unowned.isEmpty ? "" : " \(unowned.count) without an owner (\(unowned.map(String.init).joined(separator: ",")))")"
        )
        let byOwner = Dictionary(grouping: status.owners.indices.filter { status.owners[$0] != nil }) {
            status.owners[$0]!
        }
        for (owner, partitions) in byOwner.sorted(by: { $0.key < $1.key }) {
            Swift.print("  \(owner) owns \(partitions.count): \(partitions.map(String.init).joined(separator: ","))")
        }
        Swift.print("streams:")
        for stream in status.streams {
            let followers = stream.followers.map { follower in
                "\(follower.server) \(follower.offline ? "offline" : follower.current ? "current" : "behind \(follower.lag)")"
            }
            Swift.print(
                "  \(stream.name): \(stream.messages) messages, \(stream.replicas) replica(s), leader \(stream.leader ?? (stream.replicas == 1 ? "(one server)" : "none"))"
                    + (followers.isEmpty ? "" : "; " + followers.joined(separator: ", "))
            )
        }
    }
}
