import DequeModule

/// Decides which lanes may talk to Salesforce now: at most `limit` at once, and at most
/// `orgLimit` of one org, handed out first come, first served.
///
/// A lane holds a slot for one batch and queues again for the next, so an account back-filling a
/// million events takes turns with the quiet accounts instead of keeping its slot. The per-org
/// limit keeps a few slow or failing orgs from holding every slot while their calls hang.
actor LaneScheduler {
    private struct Waiter {
        var org: OrgKey
        var admitted: CheckedContinuation<Bool, Never>
    }

    let limit: Int
    let orgLimit: Int
    private var running = 0
    private var runningByOrg: [OrgKey: Int] = [:]
    private var waiting: Deque<Waiter> = []
    private var stopped = false

    init(limit: Int, orgLimit: Int) {
        self.limit = max(1, limit)
        self.orgLimit = max(1, min(orgLimit, limit))
    }

    /// Waits for a slot; false when the dispatcher is stopping (no slot is then held).
    func acquire(org: OrgKey) async -> Bool {
        if stopped { return false }
        // Every waiter that could be admitted already was (see `admitWaiting`): whoever waits is
        // held by its org's limit or by the global one, so admitting this lane jumps nobody's turn.
        if admits(org) {
            take(org)
            return true
        }
        return await withCheckedContinuation { waiting.append(Waiter(org: org, admitted: $0)) }
    }

    /// Gives a slot back and admits whoever waited longest among those their org's limit allows.
    func release(org: OrgKey) {
        running -= 1
        runningByOrg[org, default: 1] -= 1
        if runningByOrg[org] == 0 { runningByOrg[org] = nil }
        admitWaiting()
    }

    /// Refuses every waiting and later request: the dispatcher is stopping.
    func stop() {
        stopped = true
        while let waiter = waiting.popFirst() { waiter.admitted.resume(returning: false) }
    }

    /// Lanes with a slot, and lanes waiting for one.
    var load: (running: Int, waiting: Int) { (running, waiting.count) }

    private func admits(_ org: OrgKey) -> Bool {
        running < limit && runningByOrg[org, default: 0] < orgLimit
    }

    private func take(_ org: OrgKey) {
        running += 1
        runningByOrg[org, default: 0] += 1
    }

    private func admitWaiting() {
        var index = waiting.startIndex
        while running < limit, index < waiting.endIndex {
            let org = waiting[index].org
            guard admits(org) else {
                index += 1
                continue
            }
            let waiter = waiting.remove(at: index)
            take(org)
            waiter.admitted.resume(returning: true)
        }
    }
}
