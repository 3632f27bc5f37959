import CoreMetrics
import Foundation
import Logging
import Projection
import SalesforceClient
import SyncModel

/// What Salesforce shares, avosync shares: one registry per dispatcher owns the sessions (shared by
/// accounts with the same credentials), each org's view of its daily API allowance (the
/// `Sforce-Limit-Info` header is per org), the org's pause when that allowance runs low, and the
/// org's describes (cached in the data directory, fetched once for all its accounts).
actor OrgRegistry {
    /// An org's calls are held back until `until`.
    struct Pause: Sendable {
        var reason: String
        var until: ContinuousClock.Instant
        /// The same moment on the wall clock, for the sync log.
        var untilTime: EventTime
    }

    private struct Org {
        var usage: APIUsage?
        var pause: Pause?
        var describes: [String: DescribeCache.Entry] = [:]
        var accounts: Set<String> = []
        let metrics: OrgMetrics
    }

    private struct DescribeKey: Hashable {
        var org: OrgKey
        var object: String
    }

    /// Requests sent, per org and per account.
    let counter = RequestCounter()
    private let options: DispatchOptions
    private let logger: Logger
    private let store: CredentialsStore
    private let cache: DescribeCache
    private var sessions: [SessionKey: SharedSession] = [:]
    private var accountSessions: [String: SessionKey] = [:]
    private var orgs: [OrgKey: Org] = [:]
    private var fetching: [DescribeKey: Task<ObjectDescription?, any Error>] = [:]

    /// A describe younger than this is not fetched again, whatever asks: many lanes hitting one
    /// schema error must not each describe the org again.
    static let minimumRefreshAge: Duration = .seconds(10)

    init(layout: DataLayout, options: DispatchOptions, logger: Logger) {
        self.options = options
        self.logger = logger
        store = CredentialsStore(layout: layout)
        cache = DescribeCache(layout: layout)
    }

    // MARK: Sessions

    /// The account's way to its org, signing in lazily on the first call.
    func access(for account: String) throws -> OrgAccess {
        if let key = accountSessions[account], let session = sessions[key] {
            return OrgAccess(account: account, org: session.org, session: session, registry: self)
        }
        guard let stored = try store.load(account) else {
            throw DispatchError("account \(account) has no credentials; run avosync connect")
        }
        let key = SessionKey(stored, account: options.sharing == .none ? account : nil)
        let org = OrgKey(stored)
        let session =
            try sessions[key]
            ?? SharedSession(
                org: org,
                credentials: stored,
                store: store,
                options: options,
                logger: logger,
                observe: counter.observer(for: org)
            )
        sessions[key] = session
        session.join(account)
        accountSessions[account] = key
        orgs[org, default: Org(metrics: OrgMetrics(org))].accounts.insert(account)
        orgs[org]?.metrics.accounts.record(orgs[org]?.accounts.count ?? 0)
        counter.register(account)
        return OrgAccess(account: account, org: org, session: session, registry: self)
    }

    /// The account connected again (or disconnected): its next call reads its credentials anew.
    func forget(_ account: String) async {
        guard let key = accountSessions.removeValue(forKey: account), let session = sessions[key] else { return }
        orgs[session.org]?.accounts.remove(account)
        if session.leave(account) == 0 {
            sessions[key] = nil
            await session.client.shutdown()
        }
    }

    /// Closes every session's connections.
    func close() async {
        for session in sessions.values { await session.client.shutdown() }
        sessions = [:]
        accountSessions = [:]
    }

    // MARK: Allowance

    /// Takes the org's latest API usage from an answer; pauses the org (and returns the pause)
    /// when less than the reserve is left, before Salesforce refuses.
    func observe(_ usage: APIUsage?, org: OrgKey) -> Pause? {
        guard let usage else { return nil }
        orgs[org]?.usage = usage
        orgs[org]?.metrics.usage(usage)
        guard Double(usage.remaining) < Double(usage.limit) * options.apiReservePercent / 100 else { return nil }
        if let pause = activePause(of: org) { return pause }
        return pause(
            org,
            "\(usage); the last \(options.apiReservePercent)% is kept for the org's other integrations; resumes later"
        )
    }

    /// Holds the org's calls back for the pause duration; every account on the org waits.
    func pause(_ org: OrgKey, _ reason: String) -> Pause {
        let pause = Pause(
            reason: reason,
            until: .now + options.pauseDuration,
            untilTime: options.clock().adding(options.pauseDuration)
        )
        orgs[org]?.pause = pause
        orgs[org]?.metrics.paused.record(1)
        logger.warning("org paused", metadata: ["org": "\(org)", "reason": "\(reason)"])
        return pause
    }

    /// The org's pause while it lasts.
    func activePause(of org: OrgKey) -> Pause? {
        guard let pause = orgs[org]?.pause else { return nil }
        guard pause.until > .now else {
            orgs[org]?.pause = nil
            orgs[org]?.metrics.paused.record(0)
            return nil
        }
        return pause
    }

    // MARK: Describes

    /// Describes every object in `names` the org has; missing ones are absent. From memory, else
    /// from the cache file when younger than the age limit, else fetched once for every lane that asks.
    func describe(
        _ names: Set<String>,
        org: OrgKey,
        client: SalesforceClient
    ) async throws -> [String: ObjectDescription] {
        var result: [String: ObjectDescription] = [:]
        var waiting: [(String, Task<ObjectDescription?, any Error>)] = []
        for name in names.sorted() {
            if let entry = known(name, org: org) {
                result[name] = entry.description
                continue
            }
            guard let apiName = try? APIName(name) else { continue }
            let key = DescribeKey(org: org, object: name)
            let task =
                fetching[key]
                ?? Task {
                    let description = try await client.fetchDescription(apiName)
                    remember(description, name, org: org)
                    return description
                }
            fetching[key] = task
            waiting.append((name, task))
        }
        for (name, task) in waiting {
            defer { fetching[DescribeKey(org: org, object: name)] = nil }
            result[name] = try await task.value
        }
        return result
    }

    /// Forgets what the org's describes of `objects` said (all of them when nil), unless they are
    /// younger than `minimumRefreshAge`: the next look fetches them again. For a schema that changed
    /// (an error named a missing field or object) or settings that may have been fixed. True when
    /// anything was forgotten.
    @discardableResult
    func refresh(org: OrgKey, objects: Set<String>? = nil) -> Bool {
        let minimum = Double(Self.minimumRefreshAge.components.seconds)
        let names = objects ?? Set(orgs[org]?.describes.keys.map { $0 } ?? [])
        var forgotten = false
        for name in names {
            let entry = orgs[org]?.describes[name] ?? cache.entry(name, org: org, maxAge: options.describeMaxAge)
            guard let entry, entry.age() >= minimum else { continue }
            orgs[org]?.describes[name] = nil
            cache.remove(name, org: org)
            forgotten = true
        }
        return forgotten
    }

    private func known(_ name: String, org: OrgKey) -> DescribeCache.Entry? {
        if let entry = orgs[org]?.describes[name], entry.isFresh(maxAge: options.describeMaxAge) { return entry }
        guard let entry = cache.entry(name, org: org, maxAge: options.describeMaxAge) else { return nil }
        orgs[org]?.describes[name] = entry
        return entry
    }

    private func remember(_ description: ObjectDescription?, _ name: String, org: OrgKey) {
        let entry = DescribeCache.Entry(fetchedAt: Date(), description: description)
        orgs[org]?.describes[name] = entry
        if let problem = cache.store(entry, name, org: org) {
            logger.warning(
                "describe cache not written; the next start describes again",
                metadata: ["error": "\(problem)"]
            )
        }
    }
}

/// One org's figures: its API usage as `Sforce-Limit-Info` reports it, whether its accounts are
/// paused, and how many accounts use it.
struct OrgMetrics {
    let used: Gauge
    let limit: Gauge
    let remaining: Gauge
    let paused: Gauge
    let accounts: Gauge

    init(_ org: OrgKey) {
        let label = [("org", org.description)]
        used = Gauge(label: "avosync_org_api_requests_used", dimensions: label)
        limit = Gauge(label: "avosync_org_api_requests_limit", dimensions: label)
        remaining = Gauge(label: "avosync_org_api_requests_remaining", dimensions: label)
        paused = Gauge(label: "avosync_org_paused", dimensions: label)
        accounts = Gauge(label: "avosync_org_accounts", dimensions: label)
        paused.record(0)
    }

    func usage(_ usage: APIUsage) {
        used.record(usage.used)
        limit.record(usage.limit)
        remaining.record(usage.remaining)
    }
}
