import Logging
import Projection
import SalesforceClient
import SyncModel

/// One account's share of a batch: reads what it needs from the org, links, creates, writes
/// fields and Tasks, and returns the outcomes. Nothing is appended here; the dispatcher appends
/// the outcomes and then moves the checkpoint.
struct AccountBatch {
    let account: String
    /// The account's state with the batch's events folded in (contacts' latest fields), and every
    /// outcome already in the sync log.
    let state: AccountState
    let access: OrgAccess
    let work: [ContactWork]
    let now: EventTime
    let logger: Logger

    var client: SalesforceClient { access.client }

    func run() async throws -> [Outcome] {
        let started = ContinuousClock.now
        var outcomes = OutcomeCollector(account: account, at: now)
        var names: Set<String> = ["Task", "Lead", "Contact"]
        if case .object(let name) = state.settings.syncObject { names.insert(name) }
        for contact in work { if let link = state.contacts.link(of: contact.contact) { names.insert(link.object) } }
        let objects = try await access.describe(names)
        guard let task = objects["Task"] else {
            throw SalesforceError.invalidResponse(
                request: "GET sobjects/Task/describe",
                reason: "the org has no Task object"
            )
        }
        let target = resolveTarget(objects, &outcomes)

        var resolved: [String: ResolvedRecord] = [:]
        var unresolved: [String: Unresolved] = [:]
        let linked = work.compactMap { work in state.contacts.link(of: work.contact).map { (work.contact, $0) } }
        let unlinked = work.filter { state.contacts.link(of: $0.contact) == nil }.map(\.contact)

        async let readRecords = read(linked, objects: objects)
        async let lookups = lookUp(unlinked, target: target, objects: objects)
        let (read, lookup) = try await (readRecords, lookups)
        let looked = ContinuousClock.now
        resolved.merge(read.resolved) { $1 }
        unresolved.merge(read.unresolved) { $1 }
        resolved.merge(lookup.resolved) { $1 }
        unresolved.merge(lookup.unresolved) { $1 }

        let writes = plan(resolved, unresolved: &unresolved, objects: objects, task: task, &outcomes)
        let failures = try await send(writes)
        record(
            writes,
            failures: failures,
            resolved: resolved,
            unresolved: unresolved,
            objects: objects,
            &outcomes
        )
        logger.debug(
            "batch planned and written",
            metadata: [
                "account": "\(account)", "contacts": "\(work.count)", "linked": "\(linked.count)",
                "looked_up": "\(unlinked.count)",
                "updates": "\(writes.updates.count)", "tasks": "\(writes.tasks.count)",
                "read_and_look_up": "\(looked - started)", "write": "\(ContinuousClock.now - looked)",
            ]
        )
        return outcomes.outcomes
    }

    /// The target in force, or nil when the settings cannot be used with this org (the account's
    /// new look-ups are then blocked, with the reason recorded once).
    private func resolveTarget(
        _ objects: [String: ObjectDescription],
        _ outcomes: inout OutcomeCollector
    ) -> Result<ResolvedTarget, TargetProblem> {
        let resolution = TargetEligibility.resolve(state.settings) { objects[$0] }
        var blocked = state.blockedReason
        // Calls went through: a pause or a failure is over, as is a block the settings no longer cause.
        if state.pausedReason != nil || state.failure != nil || (blocked != nil && (try? resolution.get()) != nil) {
            outcomes.add(.unblocked)
            blocked = nil
        }
        if case .failure(let problem) = resolution, blocked != problem.description {
            outcomes.add(.blocked(reason: problem.description))
        }
        return resolution
    }
}
