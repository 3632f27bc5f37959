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
    /// The account's state to compare against, with the contacts whose writes may race a query
    /// begun when the account had answered `since` pieces of work; nil: leave the account for
    /// the next poll.
    func view(_ account: String, since: UInt64?) async -> CaptureView?
    /// Records the account's outcomes; its events are durable by then.
    func record(_ account: String, _ outcomes: [Outcome]) async throws
}

/// An account as change capture sees it at one moment.
struct CaptureView: Sendable {
    var state: AccountState
    /// Pieces of Salesforce work the account had answered then.
    var answered: UInt64
    /// Contacts whose rows are left for the next poll: avosync may have written them while the
    /// query ran, so the row and the state could disagree on what avosync wrote.
    var busy: Set<String>
}

/// What one poll did.
public struct CaptureReport: Sendable {
    /// Events appended to the events log.
    public var events = 0
    /// Queries sent (pages included).
    public var queries = 0
    /// Orgs whose changes could not be read this time (tried again at the next poll).
    public var failedOrgs = 0
    /// Where the events went in the events log.
    var appended: [String: UInt64] = [:]

    mutating func add(_ part: CaptureReport) {
        events += part.events
        queries += part.queries
        failedOrgs += part.failedOrgs
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

    /// Reads the changes of every org the host's accounts are on (those `only` accepts).
    func poll(_ host: some CaptureHost, only: (OrgKey) -> Bool = { _ in true }) async -> CaptureReport {
        var report = CaptureReport()
        var byOrg: [OrgKey: [(account: String, access: OrgAccess)]] = [:]
        for account in await host.accounts() {
            guard let access = try? await registry.access(for: account), only(access.org) else { continue }
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
        // Nothing waits for the poll: lanes go on, and rows that may have raced their writes are
        // left for the next one.
        var taking: [(account: String, before: CaptureView)] = []
        for (account, _) in members {
            guard let view = await host.view(account, since: nil) else { continue }
            let state = view.state
            if state.connection != nil, state.settings.importSalesforceChanges,
                state.linkCount > 0
            {
                taking.append((account, view))
            }
        }
        guard let access = members.first?.access, !taking.isEmpty else { return }
        var found: [String: CapturedChanges] = [:]
        do {
            found = try await read(taking, host, access: access, report: &report)
            let events = taking.flatMap { found[$0.account]?.events ?? [] }
            if !events.isEmpty {
                let range = try append(events)
                CrashPoint.reached(.captureAppended)
                report.events += events.count
                for (account, _) in taking where !(found[account]?.events.isEmpty ?? true) {
                    report.appended[account] = range.upperBound
                }
                logger.info(
                    "changes made in Salesforce brought back",
                    metadata: ["org": "\(org)", "events": "\(events.count)", "offsets": "\(range)"]
                )
            }
        } catch {
            report.failedOrgs += 1
            logger.warning(
                "changes made in Salesforce could not be read; trying again at the next poll",
                metadata: ["org": "\(org)", "error": "\(error)"]
            )
            return
        }
        for (account, _) in taking {
            for problem in found[account]?.refused ?? [] {
                logger.warning(
                    "a value from Salesforce was not brought back",
                    metadata: ["account": "\(account)", "problem": "\(problem)"]
                )
            }
            do {
                try await host.record(account, found[account]?.outcomes ?? [])
            } catch {
                logger.error(
                    "what change capture found could not be recorded; it is read again at the next poll",
                    metadata: ["account": "\(account)", "error": "\(error)"]
                )
            }
        }
    }

    /// Reads each object with links once for the org's accounts and splits the rows, comparing
    /// them with each account's state as it stands after the query.
    private func read(
        _ taking: [(account: String, before: CaptureView)],
        _ host: some CaptureHost,
        access: OrgAccess,
        report: inout CaptureReport
    ) async throws -> [String: CapturedChanges] {
        var objects: Set<String> = []
        for (_, view) in taking {
            for (_, link) in view.state.contacts.linked { objects.insert(link.object) }
        }
        let descriptions = try await access.describe(objects)
        var found: [String: CapturedChanges] = [:]
        for object in objects.sorted() {
            guard let description = descriptions[object] else { continue }
            let linking = taking.filter { $0.before.state.contacts.linked.contains { $0.record.object == object } }
            let states = linking.map { account, view in
                var current = view.state
                if let read = unrecorded.withLock({ $0[CursorKey(account: account, object: object)] }) {
                    current.captureCursors[object] = max(read, view.state.captureCursors[object] ?? read)
                }
                return current
            }
            guard let query = ChangeQuery.query(for: description, accounts: states, overlap: options.captureOverlap)
            else { continue }
            let began = options.clock()
            let rows = try await access.client.queryAll(query)
            report.queries += 1 + rows.count / Self.rowsPerPage
            let newest = ChangeQuery.cursor(
                after: began,
                newest: rows.compactMap(ChangeDetector.stamp).max(),
                overlap: options.captureOverlap
            )
            let now = options.clock()
            for (account, before) in linking {
                guard let after = await host.view(account, since: before.answered) else { continue }
                let detector = ChangeDetector(account: account, state: after.state, object: description, now: now)
                var changes = detector.changes(in: rows, leaving: after.busy)
                // Rows left for the next poll must still be in its window.
                let cursor = changes.leftBehind.map { min($0, newest) } ?? newest
                if let cursor = nextCursor(account, object, cursor, recorded: after.state, found: changes) {
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
        if let appendEvents = options.appendEvents { return try appendEvents(events) }
        let writer = try LogWriter.waitingForLock(directory: layout.events)
        defer { try? writer.close() }
        return try writer.append(contentsOf: events.map(StoredEncoding.encode), appendedBy: Appender.avosync)
    }

    /// Rows Salesforce returns in one page of a query.
    static let rowsPerPage = 2000
}
