public import Dispatcher
import Foundation
import Ingest
import JetStream
public import Logging
public import Projection
public import ServiceLifecycle
import SyncModel
import Synchronization

/// One node of a cluster (`serve --cluster`): copies the events and outcomes streams into its
/// own LZ4 logs, holds leases on its share of the partitions, and dispatches the accounts of
/// those partitions with its outcomes fenced. The HTTP ingest publishes through `sink`.
public final class ClusterNode: Service {
    public let name: String
    /// Where the node's HTTP ingest puts events.
    public let sink: ClusterEventSink
    private let resources: ClusterResources
    private let layout: DataLayout
    private let dispatch: DispatchOptions?
    private let credentials: ClusterCredentials
    private let events: LocalLogMirror
    private let outcomes: LocalLogMirror
    private let fenced: FencedOutcomes
    private let keeper: LeaseKeeper
    private let logger: Logger
    private let epoch = Mutex<DispatchEpoch?>(nil)
    /// Where the slowest lane of the current epoch stands in the events log.
    private let dispatched = DispatchPosition()

    /// Opens the node: copies the cluster's credentials into `layout` (throws, naming the account,
    /// when the key does not open them) and positions the copies of both streams. `dispatch`:
    /// the dispatcher's options, or nil to only take events (`--no-sync`).
    public init(
        name: String,
        resources: ClusterResources,
        layout: DataLayout,
        credentials: ClusterCredentials,
        dispatch: DispatchOptions?,
        logger: Logger
    ) throws {
        self.name = name
        self.resources = resources
        self.layout = layout
        self.dispatch = dispatch
        self.credentials = credentials
        self.logger = logger
        let connection = resources.connection
        let partitioning = resources.settings.partitioning
        sink = ClusterEventSink(connection: connection, partitioning: partitioning)
        let copied = try credentials.copyAll(into: layout)
        if let (account, reason) = copied.failed.min(by: { $0.key < $1.key }) {
            throw ClusterError("\(reason) (\(copied.failed.count) account(s) in all; first: \(account))")
        }
        try FileManager.default.createDirectory(atPath: layout.root + "/cluster", withIntermediateDirectories: true)
        let sink = self.sink
        events = try LocalLogMirror(
            connection: connection,
            stream: ClusterNames.eventsStream,
            consumerName: "events-\(ClusterNames.hex(name))",
            logDirectory: layout.events,
            positionPath: layout.root + "/cluster/events.position",
            headers: [ClusterEventSink.appendedByHeader],
            logger: logger,
            records: { [$0.data] },
            appendedBy: { $0.headers[ClusterEventSink.appendedByHeader] },
            beforeAppend: { messages in
                try Self.learn(from: messages, sink: sink, credentials: credentials, layout: layout, logger: logger)
            }
        )
        outcomes = try LocalLogMirror(
            connection: connection,
            stream: ClusterNames.outcomesStream,
            consumerName: "outcomes-\(ClusterNames.hex(name))",
            logDirectory: layout.sync,
            positionPath: layout.root + "/cluster/outcomes.position",
            headers: ["Avosync-Claim"],
            logger: logger,
            records: { message in
                message.headers["Avosync-Claim"] != nil
                    ? [] : try OutcomeFrames.decode(message.data, sequence: message.sequence)
            }
        )
        fenced = FencedOutcomes(
            connection: connection,
            mirror: outcomes,
            partitioning: partitioning,
            node: name,
            logger: logger
        )
        let events = self.events
        let dispatched = self.dispatched
        keeper = LeaseKeeper(node: name, resources: resources, logger: logger) {
            (events.copiedThrough, dispatched.offset.withLock { $0 })
        }
    }

    /// The partitions this node owns now.
    public var ownedPartitions: Set<Int> { keeper.owned }

    public func run() async throws {
        logger.notice(
            "node joined the cluster",
            metadata: [
                "node": "\(name)", "partitions": "\(resources.settings.partitions)",
                "lease_ms": "\(resources.settings.leaseMilliseconds)",
            ]
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.events.run() }
            group.addTask { try await self.outcomes.run() }
            if dispatch != nil { group.addTask { await self.keepLeases() } }
            group.addTask { try? await gracefulShutdown() }
            // The first to end: the shutdown signal, or a mirror that cannot write its local log.
            do {
                try await group.next()
            } catch {
                sink.noteFailure("\(error)")
                group.cancelAll()
                await stopDispatching()
                throw error
            }
            group.cancelAll()
        }
        await stopDispatching()
        keeper.leave()
        events.close()
        outcomes.close()
        logger.notice("node left the cluster", metadata: ["node": "\(name)"])
    }

    /// Rounds of the lease keeper, and an epoch of dispatch for what the node owns.
    private func keepLeases() async {
        let partitioning = resources.settings.partitioning
        while !Task.isCancelled {
            let round = try? await BlockingCalls.run { self.keeper.round() }
            var changed = false
            if let round {
                for partition in round.lost {
                    fenced.forget(partition)
                    logger.warning("lost a partition's lease", metadata: ["partition": "\(partition)"])
                    changed = true
                }
                if !round.surplus.isEmpty {
                    await stopDispatching()
                    for partition in round.surplus { fenced.forget(partition) }
                    keeper.release(round.surplus)
                    logger.info("handed partitions over", metadata: ["partitions": "\(round.surplus)"])
                    changed = true
                }
                for partition in round.acquired {
                    do {
                        try await fenced.claim(partition)
                    } catch {
                        logger.warning(
                            "could not claim a partition",
                            metadata: ["partition": "\(partition)", "error": "\(error)"]
                        )
                        keeper.release([partition])
                    }
                    changed = true
                }
            }
            let current = epoch.withLock { $0 }
            if changed || current?.hasFinished == true || (current != nil && !keeper.isCurrent) {
                await stopDispatching()
                startDispatching(partitioning)
            } else if current == nil {
                startDispatching(partitioning)
            }
            try? await Task.sleep(for: keeper.interval)
        }
    }

    private func startDispatching(_ partitioning: Partitioning) {
        guard var dispatch, keeper.isCurrent else { return }
        let dispatched = self.dispatched
        dispatch.progress = { position, _ in dispatched.offset.withLock { $0 = position } }
        // Changes brought back from Salesforce go to the cluster's stream like any event: the
        // local events log has one writer, the copy.
        let sink = self.sink
        dispatch.appendEvents = { events in try sink.append(events, appendedBy: Appender.avosync).appended }
        let owned = keeper.owned
        guard !owned.isEmpty else { return }
        do {
            let keeper = self.keeper
            let next = try DispatchEpoch(
                partitions: owned,
                partitioning: partitioning,
                layout: layout,
                options: dispatch,
                outcomes: fenced,
                leasesCurrent: { keeper.isCurrent },
                logger: logger
            )
            epoch.withLock { $0 = next }
            next.start()
            logger.info("dispatching", metadata: ["partitions": "\(owned.count)"])
        } catch {
            logger.warning("could not start dispatching", metadata: ["error": "\(error)"])
        }
    }

    private func stopDispatching() async {
        guard
            let current = epoch.withLock({ state -> DispatchEpoch? in
                defer { state = nil }
                return state
            })
        else {
            return
        }
        await current.end()
    }

    /// What the node learns from events before they are copied: credentials of accounts that
    /// connect, and default countries.
    private static func learn(
        from messages: [StreamMessage],
        sink: ClusterEventSink,
        credentials: ClusterCredentials,
        layout: DataLayout,
        logger: Logger
    ) throws {
        var events: [Event] = []
        for message in messages {
            // Only connections and settings teach anything: the others are not decoded.
            let type = message.data.withUnsafeBytes { StoredEncoding.eventType($0) }
            guard type == nil || type == .salesforceConnected || type == .settingsChanged,
                case .event(let event) = try? StoredEncoding.decode(message.data)
            else { continue }
            if case .salesforceConnected = event.payload {
                do {
                    try credentials.copy(event.account, into: layout)
                } catch {
                    logger.error(
                        "the account's credentials cannot be used",
                        metadata: ["account": "\(event.account)", "error": "\(error)"]
                    )
                }
            }
            if case .settingsChanged = event.payload { events.append(event) }
        }
        sink.noteCountries(defaultCountryChanges(in: events))
    }
}

/// Where the slowest lane stands in the events log, shared with the heartbeat.
private final class DispatchPosition: Sendable {
    let offset = Mutex<UInt64?>(nil)
}
