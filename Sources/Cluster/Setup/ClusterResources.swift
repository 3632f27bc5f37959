import Foundation
public import JetStream

/// A node's handles on the cluster: the connection, the streams it checked or created, the
/// buckets, and the settings every node shares.
public final class ClusterResources: Sendable {
    public let connection: NATSConnection
    public let settings: ClusterSettings
    public let leases: KeyValueBucket
    public let nodes: KeyValueBucket
    public let credentials: KeyValueBucket
    /// Things an operator should know (fewer replicas than asked, settings taken from the cluster).
    public let warnings: [String]

    /// Replicas of every stream and bucket (fewer when the cluster has fewer servers).
    public static let replicas = 3

    /// Connects to an existing cluster, for a command that is not a node (`connect`, `cluster
    /// status`): throws, saying to start a node first, when there is no cluster there yet.
    public convenience init(existingAt servers: [String], clientName: String) throws {
        let connection = try NATSConnection(servers: servers, name: clientName)
        do {
            _ = try KeyValueBucket(
                .init(name: ClusterNames.settingsBucket, replicas: Self.replicas),
                on: connection,
                create: false
            )
        } catch {
            throw ClusterError(
                "there is no avosync cluster at \(servers.joined(separator: ",")) yet (\(error)): start its first node with serve --cluster"
            )
        }
        try self.init(connection: connection)
    }

    /// Connects as a node and makes sure the streams and buckets exist. `partitions` and
    /// `lease`, when given, must match the cluster's if it exists already; when nil, the
    /// cluster's (or the defaults, for a new cluster) are used.
    public convenience init(
        servers: [String],
        clientName: String,
        partitions: Int? = nil,
        lease: Duration? = nil,
        dedupWindow: Duration = .seconds(7 * 24 * 3600)
    ) throws {
        try self.init(
            connection: try NATSConnection(servers: servers, name: clientName),
            partitions: partitions,
            lease: lease,
            dedupWindow: dedupWindow
        )
    }

    private init(
        connection: NATSConnection,
        partitions: Int? = nil,
        lease: Duration? = nil,
        dedupWindow: Duration = .seconds(7 * 24 * 3600)
    ) throws {
        self.connection = connection
        var warnings: [String] = []
        let settingsBucket = try KeyValueBucket(
            .init(name: ClusterNames.settingsBucket, replicas: Self.replicas),
            on: connection
        )
        settings = try Self.agreeOnSettings(
            in: settingsBucket,
            asked: ClusterSettings(
                partitions: partitions ?? ClusterSettings.defaultPartitions,
                lease: lease ?? ClusterSettings.defaultLease
            ),
            partitionsGiven: partitions != nil,
            leaseGiven: lease != nil
        )
        for stream in [
            StreamConfiguration(
                name: ClusterNames.eventsStream,
                subjects: ["avosync.events.>"],
                replicas: Self.replicas,
                duplicateWindow: dedupWindow
            ),
            StreamConfiguration(
                name: ClusterNames.outcomesStream,
                subjects: ["avosync.outcomes.>"],
                replicas: Self.replicas,
                duplicateWindow: .seconds(120)
            ),
        ] {
            let status = try connection.ensureStream(stream)
            if status.replicas < Self.replicas {
                warnings.append(
                    "the stream \(status.name) has \(status.replicas) replica(s), not \(Self.replicas): the cluster has fewer servers, and losing one may lose what it alone holds"
                )
            }
        }
        leases = try KeyValueBucket(
            .init(name: ClusterNames.leasesBucket, ttl: settings.lease, replicas: Self.replicas),
            on: connection
        )
        nodes = try KeyValueBucket(
            .init(name: ClusterNames.nodesBucket, ttl: settings.lease, replicas: Self.replicas),
            on: connection
        )
        credentials = try KeyValueBucket(
            .init(name: ClusterNames.credentialsBucket, replicas: Self.replicas),
            on: connection
        )
        self.warnings = warnings
    }

    /// A sink that publishes events to the cluster's events stream.
    public func eventSink() -> ClusterEventSink {
        ClusterEventSink(connection: connection, partitioning: settings.partitioning)
    }

    /// The cluster's settings: `asked` when this node creates them; else the stored ones, which
    /// must match whatever was given explicitly.
    private static func agreeOnSettings(
        in bucket: KeyValueBucket,
        asked: ClusterSettings,
        partitionsGiven: Bool,
        leaseGiven: Bool
    ) throws -> ClusterSettings {
        let encoded = try JSONEncoder().encode(asked)
        if try bucket.create("settings", Array(encoded)) != nil { return asked }
        guard let entry = try bucket.get("settings") else { return asked }
        let stored: ClusterSettings
        do {
            stored = try JSONDecoder().decode(ClusterSettings.self, from: Data(entry.value))
        } catch {
            throw ClusterError(
                "the cluster's settings (\(ClusterNames.settingsBucket)/settings) cannot be read: \(error)"
            )
        }
        if partitionsGiven && stored.partitions != asked.partitions {
            throw ClusterError(
                "the cluster has \(stored.partitions) partitions, fixed when it was created; --partitions \(asked.partitions) differs (leave it out, or give \(stored.partitions))"
            )
        }
        if leaseGiven && stored.leaseMilliseconds != asked.leaseMilliseconds {
            throw ClusterError(
                "the cluster's lease time is \(stored.leaseMilliseconds) ms, fixed when it was created; the lease time given (\(asked.leaseMilliseconds) ms) differs"
            )
        }
        return stored
    }
}

/// A cluster-mode failure that says what to do.
public struct ClusterError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
