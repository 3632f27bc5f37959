import EventLog
import Foundation
import Logging
import Projection
import SalesforceClient
import SyncModel
import Synchronization

/// Whose changes a poll reads, and how what it finds is recorded: the lanes while following,
/// the loaded state after a `sync --once` pass.
protocol CaptureHost: Sendable {
    /// The accounts that may be polled.
    func accounts() async -> [String]
    /// The account's state, once it is safe to compare against (no write of its in flight, and
    /// every event capture appended for it folded); nil: leave it for the next poll.
    func hold(_ account: String) async -> AccountState?
    /// Records the account's outcomes (its events are durable by then) and lets it go on.
    func release(_ account: String, recording outcomes: [Outcome]) async throws
}

/// What one poll did.
public struct CaptureReport: Sendable {
    /// Events appended to the events log.
    public var events = 0
    /// Queries sent (pages included).
    public var queries = 0
    /// Orgs whose changes could not be read this time (tried again at the next poll).
    public var failedOrgs = 0
    /// Accounts whose state was not current yet (their lane still catching up).
    public var skipped = 0
    /// Where the events went in the events log.
    var appended: [String: UInt64] = [:]

    mutating func add(_ part: CaptureReport) {
        events += part.events
        queries += part.queries
        failedOrgs += part.failedOrgs
        skipped += part.skipped
        appended.merge(part.appended) { max($0, $1) }
    }
}

/// Brings the changes people make in Salesforce to linked records back into the events log
/// (two-way sync). One `queryAll` per org and object with links reads every change since the
/// accounts' cursors (which trail by an overlap, since stamps are whole seconds and transactions
/// commit late), each account keeps what concerns its links, the events are appended (durable), and
/// only then are the cursors and what each record holds recorded in the sync log.
final class ChangeCapture: Sendable {
    let layout: DataLayout
    let options: DispatchOptions
    let registry: OrgRegistry
    let logger: Logger
    /// Cursors read this process's life but not recorded yet, by account and object: a cursor is
    /// recorded only with findings, or once it moved `cursorStride` past the recorded one, so
    /// that a quiet org's polls do not write to the sync log every minute.
    private let unrecorded = Mutex<[CursorKey: EventTime]>([:])

    private struct CursorKey: Hashable {
        var account: String
        var object: String
    }

    /// How far a cursor may run ahead of the sync log's before it is recorded: at most this much
    /// more (plus the overlap) is read again after a restart.
    static let cursorStride: Int64 = 600

    init(layout: DataLayout, options: DispatchOptions, registry: OrgRegistry, logger: Logger) {
        self.layout = layout
        self.options = options
        self.registry = registry
        self.logger = logger
    }

    func poll(_ host: some CaptureHost) async -> CaptureReport {
        var report = CaptureReport()
        var byOrg: [OrgKey: [(account: String, access: OrgAccess)]] = [:]
        for account in await host.accounts() {
            guard let access = try? await registry.access(for: account) else { continue }
            byOrg[access.org, default: []].append((account, access))
        }
        // Orgs are read side by side, a bounded number at a time: each poll is mostly a round trip.
        let orgs = byOrg.sorted { $0.key.description < $1.key.description }
        await withTaskGroup(of: CaptureReport.self) { group in
            var next = orgs.makeIterator()
            func start() {
                guard let (org, members) = next.next() else { return }
                group.addTask {
                    var part = CaptureReport()
                    if await self.registry.activePause(of: org) == nil {
                        await self.poll(org: org, members, host, &part)
                    }
                    return part
                }
            }
            for _ in 0..<Self.orgsAtOnce { start() }
            for await part in group {
                report.add(part)
                start()
            }
        }
        return report
    }

    /// Orgs read at the same time.
    static let orgsAtOnce = 16

    private func poll(
        org: OrgKey,
        _ members: [(account: String, access: OrgAccess)],
        _ host: some CaptureHost,
        _ report: inout CaptureReport
    ) async {
        // One org's accounts are held while it is read (their writes would race the comparison);
        // the others go on.
        var held: [(account: String, state: AccountState)] = []
        var idle: [String] = []
        // All at once: each waits for its own batch in flight, none for the others'.
        let states = await withTaskGroup(of: (String, AccountState?).self) { group in
            for (account, _) in members { group.addTask { (account, await host.hold(account)) } }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        for (account, _) in members {
            guard let state = states[account] ?? nil else {
                report.skipped += 1
                continue
            }
            let linked = state.contacts.values.contains { $0.link != nil }
            if state.connection != nil, state.settings.importSalesforceChanges, linked {
                held.append((account, state))
            } else {
                idle.append(account)
            }
        }
        var found: [String: CapturedChanges] = [:]
        do {
            if let access = members.first?.access, !held.isEmpty {
                found = try await read(held, access: access, report: &report)
            }
            let events = held.flatMap { found[$0.account]?.events ?? [] }
            if !events.isEmpty {
                let range = try append(events)
                CrashPoint.reached(.captureAppended)
                report.events += events.count
                for (account, _) in held where !(found[account]?.events.isEmpty ?? true) {
                    report.appended[account] = range.upperBound
                }
                logger.info(
                    "changes made in Salesforce brought back",
                    metadata: ["org": "\(org)", "events": "\(events.count)", "offsets": "\(range)"]
                )
            }
        } catch {
            report.failedOrgs += 1
            found = [:]
            logger.warning(
                "changes made in Salesforce could not be read; trying again at the next poll",
                metadata: ["org": "\(org)", "error": "\(error)"]
            )
        }
        for (account, _) in held {
            for problem in found[account]?.refused ?? [] {
                logger.warning(
                    "a value from Salesforce was not brought back",
                    metadata: ["account": "\(account)", "problem": "\(problem)"]
                )
            }
        }
        for account in held.map(\.account) + idle {
            do {
                try await host.release(account, recording: found[account]?.outcomes ?? [])
            } catch {
                logger.error(
                    "what change capture found could not be recorded; it is read again at the next poll",
                    metadata: ["account": "\(account)", "error": "\(error)"]
                )
            }
        }
    }

    /// Reads each object with links once for the org's held accounts and splits the rows.
    private func read(
        _ held: [(account: String, state: AccountState)],
        access: OrgAccess,
        report: inout CaptureReport
    ) async throws -> [String: CapturedChanges] {
        var objects: Set<String> = []
        for (_, state) in held {
            for contact in state.contacts.values { if let link = contact.link { objects.insert(link.object) } }
        }
        let descriptions = try await access.describe(objects)
        let now = options.clock()
        var found: [String: CapturedChanges] = [:]
        for object in objects.sorted() {
            guard let description = descriptions[object] else { continue }
            let linking = held.filter { $0.state.contacts.values.contains { $0.link?.object == object } }
            let states = linking.map { account, state in
                var current = state
                if let read = unrecorded.withLock({ $0[CursorKey(account: account, object: object)] }) {
                    current.captureCursors[object] = max(read, state.captureCursors[object] ?? read)
                }
                return current
            }
            guard let query = ChangeQuery.query(for: description, accounts: states, overlap: options.captureOverlap)
            else { continue }
            let began = options.clock()
            let rows = try await access.client.queryAll(query)
            report.queries += 1 + rows.count / Self.rowsPerPage
            let cursor = ChangeQuery.cursor(
                after: began,
                newest: rows.compactMap(ChangeDetector.stamp).max(),
                overlap: options.captureOverlap
            )
            for (account, state) in linking {
                let detector = ChangeDetector(account: account, state: state, object: description, now: now)
                var changes = detector.changes(in: rows, links: detector.links)
                if let cursor = nextCursor(account, object, cursor, recorded: state, found: changes) {
                    changes.outcomes.append(
                        Outcome(account: account, at: now, kind: .captured(object: object, through: cursor))
                    )
                }
                found[account, default: CapturedChanges()].add(changes)
            }
        }
        return found
    }

    /// The cursor to record for `object`, if any: with findings, first, or once it ran
    /// `cursorStride` ahead of the recorded one; otherwise it is only remembered.
    private func nextCursor(
        _ account: String,
        _ object: String,
        _ newest: EventTime,
        recorded state: AccountState,
        found: CapturedChanges
    ) -> EventTime? {
        let key = CursorKey(account: account, object: object)
        guard let recorded = state.captureCursors[object] else { return newest }
        guard newest > recorded else { return nil }
        if found.events.isEmpty, found.outcomes.isEmpty, newest.seconds - recorded.seconds < Self.cursorStride {
            unrecorded.withLock { $0[key] = max($0[key] ?? newest, newest) }
            return nil
        }
        return newest
    }

    /// Appends the events in one durable append, waiting for an `append` in progress.
    private func append(_ events: [Event]) throws -> Range<UInt64> {
        let writer = try LogWriter.waitingForLock(directory: layout.events)
        defer { try? writer.close() }
        return try writer.append(contentsOf: events.map(StoredEncoding.encode))
    }

    /// Rows Salesforce returns in one page of a query.
    static let rowsPerPage = 2000
}
