import Foundation
import JetStream
import Logging
import Synchronization

/// Holds this node's partition leases in the leases bucket: heartbeats the node, renews each
/// lease by revision (a stale revision means someone else has it now), and moves partitions so
/// that every live node owns its share: `P / n` partitions, one more for the first `P % n` nodes
/// in name order. Free partitions are taken by `create`, which only one node can win.
///
/// A lease is trusted only until a margin before it could expire (counted from when its renewal
/// was sent), so that a node which cannot renew stops writing before another can take over.
final class LeaseKeeper: Sendable {
    let node: String
    let partitions: Int
    let lease: Duration
    private let leases: KeyValueBucket
    private let nodes: KeyValueBucket
    private let logger: Logger
    /// Where the node stands, for its heartbeat.
    private let progress: @Sendable () -> (copied: UInt64, dispatched: UInt64?)
    private let held = Mutex<[Int: Held]>([:])

    private struct Held {
        var revision: UInt64
        var trustedUntil: ContinuousClock.Instant
    }

    /// What a round changed.
    struct Round: Sendable {
        var acquired: [Int] = []
        var lost: [Int] = []
        /// Owned beyond this node's share: to hand over once their dispatch has stopped.
        var surplus: [Int] = []
    }

    init(
        node: String,
        resources: ClusterResources,
        logger: Logger,
        progress: @escaping @Sendable () -> (copied: UInt64, dispatched: UInt64?)
    ) {
        self.progress = progress
        self.node = node
        partitions = resources.settings.partitions
        lease = resources.settings.lease
        leases = resources.leases
        nodes = resources.nodes
        self.logger = logger
    }

    /// How often a round runs: four times per lease.
    var interval: Duration { lease / 4 }
    /// A lease is trusted until this long before it could expire.
    private var margin: Duration { max(lease / 5, .milliseconds(200)) }

    /// The partitions held now.
    var owned: Set<Int> { Set(held.withLock { $0.keys }) }

    /// Whether every lease held is still trusted.
    var isCurrent: Bool {
        let now = ContinuousClock.now
        return held.withLock { $0.values.allSatisfy { now < $0.trustedUntil } }
    }

    /// One round: heartbeat, renew, then take or give up partitions towards this node's share.
    func round() -> Round {
        var round = Round()
        let sent = ContinuousClock.now
        do {
            let (copied, dispatched) = progress()
            let heartbeat = NodeHeartbeat(
                node: node,
                partitions: owned.sorted(),
                copiedThrough: copied,
                dispatchedThrough: dispatched
            )
            try nodes.put(ClusterNames.nodeKey(node), heartbeat.encoded())
        } catch {
            logger.warning("heartbeat failed", metadata: ["error": "\(error)"])
        }
        for (partition, lease) in held.withLock({ $0 }) {
            do {
                if let revision = try leases.update(
                    ClusterNames.leaseKey(partition),
                    Array(node.utf8),
                    revision: lease.revision
                ) {
                    held.withLock { $0[partition] = Held(revision: revision, trustedUntil: sent + self.lease - margin) }
                } else {
                    held.withLock { _ = $0.removeValue(forKey: partition) }
                    round.lost.append(partition)
                }
            } catch {
                logger.warning("renewing a lease failed", metadata: ["partition": "\(partition)", "error": "\(error)"])
            }
        }
        do {
            try balance(&round, sent: sent)
        } catch {
            logger.warning("reading the leases failed", metadata: ["error": "\(error)"])
        }
        return round
    }

    private func balance(_ round: inout Round, sent: ContinuousClock.Instant) throws {
        let live = Set(try nodes.entries().map { NodeHeartbeat.decode($0.value).node }).union([node]).sorted()
        let index = live.firstIndex(of: node)!
        let share = partitions / live.count + (index < partitions % live.count ? 1 : 0)
        let entries = try leases.entries()
        var owners: [Int: (owner: String, revision: UInt64)] = [:]
        for entry in entries {
            if let partition = ClusterNames.partition(ofLeaseKey: entry.key) {
                owners[partition] = (String(decoding: entry.value, as: UTF8.self), entry.revision)
            }
        }
        var mine = owned
        if mine.count > share {
            round.surplus = mine.sorted(by: >).prefix(mine.count - share).sorted()
            return
        }
        // Leases left by an earlier run of this node (a restart within the lease time): taken back.
        for (partition, entry) in owners where entry.owner == node && !mine.contains(partition) && mine.count < share {
            if let revision = try leases.update(
                ClusterNames.leaseKey(partition),
                Array(node.utf8),
                revision: entry.revision
            ) {
                take(partition, revision: revision, sent: sent, &round, &mine)
            }
        }
        guard mine.count < share else { return }
        // Each node starts looking at a different place, so that nodes joining together rarely race.
        let start = index * partitions / live.count
        for step in 0..<partitions where mine.count < share {
            let partition = (start + step) % partitions
            guard owners[partition] == nil else { continue }
            if let revision = try leases.create(ClusterNames.leaseKey(partition), Array(node.utf8)) {
                take(partition, revision: revision, sent: sent, &round, &mine)
            }
        }
    }

    private func take(
        _ partition: Int,
        revision: UInt64,
        sent: ContinuousClock.Instant,
        _ round: inout Round,
        _ mine: inout Set<Int>
    ) {
        held.withLock { $0[partition] = Held(revision: revision, trustedUntil: sent + lease - margin) }
        mine.insert(partition)
        round.acquired.append(partition)
    }

    /// Gives the partitions up: forgets them and deletes their leases, so that others take them now.
    func release(_ partitions: [Int]) {
        for partition in partitions {
            held.withLock { _ = $0.removeValue(forKey: partition) }
            do {
                try leases.delete(ClusterNames.leaseKey(partition))
            } catch {
                logger.warning(
                    "releasing a lease failed; it expires on its own",
                    metadata: ["partition": "\(partition)"]
                )
            }
        }
    }

    /// Leaves the cluster: every lease released and the heartbeat deleted.
    func leave() {
        release(owned.sorted())
        try? nodes.delete(ClusterNames.nodeKey(node))
    }
}
