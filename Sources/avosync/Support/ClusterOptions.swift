import ArgumentParser
import Cluster
import Foundation

/// `--cluster URLS` and what goes with it: the options of a command that works on a cluster.
struct ClusterConnectionOptions: ParsableArguments {
    @Option(
        help: "Run in cluster mode on these NATS JetStream servers: nats://HOST:PORT[,nats://HOST:PORT...]."
    )
    var cluster: String?

    /// The server URLs, when in cluster mode.
    var servers: [String]? {
        cluster.map { $0.split(separator: ",").map { String($0.trimmingCharacters(in: .whitespaces)) } }
    }

    func validate() throws {
        guard let servers else { return }
        guard !servers.isEmpty, servers.allSatisfy({ $0.hasPrefix("nats://") && $0.count > 7 }) else {
            throw ValidationError("--cluster must be nats://HOST:PORT[,nats://HOST:PORT...], got '\(cluster ?? "")'")
        }
    }
}

/// The options of one node of a cluster (`serve --cluster`).
struct ClusterNodeOptions: ParsableArguments {
    @Option(help: "This node's name, unique in the cluster (cluster mode).") var node: String?

    @Option(help: "Partitions, when this node creates the cluster (default 64; fixed for the cluster's life).")
    var partitions: Int?

    @Option(
        help: "Seconds a partition's lease lasts without renewal, when this node creates the cluster (default 10)."
    )
    var leaseSeconds: Double?

    @Option(
        help: "The file of 32 random bytes that seals the accounts' credentials in the cluster (every node's own copy)."
    )
    var credentialsKeyFile: String?

    func validate(inCluster: Bool) throws {
        guard inCluster else {
            if node != nil || partitions != nil || leaseSeconds != nil || credentialsKeyFile != nil {
                throw ValidationError(
                    "--node, --partitions, --lease-seconds and --credentials-key-file go with --cluster"
                )
            }
            return
        }
        guard let node, !node.isEmpty, node.utf8.count <= 64 else {
            throw ValidationError("cluster mode needs --node NAME (1 to 64 bytes, unique in the cluster)")
        }
        guard credentialsKeyFile != nil else {
            throw ValidationError(
                "cluster mode needs --credentials-key-file F (32 random bytes: head -c 32 /dev/urandom > F), the same on every node"
            )
        }
        if let partitions, !(1...4096).contains(partitions) {
            throw ValidationError("--partitions must be from 1 to 4096")
        }
        if let leaseSeconds, !(1...600).contains(leaseSeconds) {
            throw ValidationError("--lease-seconds must be from 1 to 600")
        }
    }

    var lease: Duration? { leaseSeconds.map { .milliseconds(Int64($0 * 1000)) } }
}
