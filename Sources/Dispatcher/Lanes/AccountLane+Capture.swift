import Projection
import SyncModel

extension AccountLane {
    /// The link moves that merges and deletions made in Salesforce ask for, when they concern
    /// the contact's current link (a later look-up may have moved it already).
    func linkMoves(_ items: [WorkItem]) -> [Outcome] {
        var outcomes: [Outcome] = []
        for item in items {
            let move: OutcomeKind
            switch item.event.payload {
            case .salesforceRecordMerged(let merge)
            where state.contacts[merge.contact]?.link == merge.record:
                let survivor = RecordReference(object: merge.record.object, id: merge.mergedInto)
                move = .linked(record: survivor, reason: .merged(from: merge.record))
            case .salesforceRecordDeleted(let deletion)
            where state.contacts[deletion.contact]?.link == deletion.record:
                move = .unlinked(record: deletion.record, reason: "deleted in Salesforce")
            default:
                continue
            }
            outcomes.append(
                Outcome(
                    account: account,
                    at: options.clock(),
                    eventOffset: item.offset,
                    contact: item.event.contact,
                    kind: move
                )
            )
        }
        return outcomes
    }

    /// Runs Salesforce work, once change capture lets go of the account.
    func working<T>(_ body: () async throws -> T) async throws -> T {
        while holds > 0 { await withCheckedContinuation { released.append($0) } }
        working = true
        defer {
            working = false
            let waiting = workEnded
            workEnded = []
            for waiter in waiting { waiter.resume() }
        }
        return try await body()
    }

    /// Holds the account for change capture: waits for work in flight to end (its outcomes
    /// recorded) and starts none until `releaseAfterCapture`. The state then, or nil when it is
    /// not current yet (the lane has not caught up, or has not folded `folded`, the end of what
    /// capture last appended for it): capture leaves the account for the next time.
    func holdForCapture(folded: UInt64) async -> AccountState? {
        holds += 1
        while working { await withCheckedContinuation { workEnded.append($0) } }
        guard caughtUp, position >= folded else {
            letGo()
            return nil
        }
        return state
    }

    /// Records what change capture found for this account (after the events it appended are
    /// durable) and lets the lane work again.
    func releaseAfterCapture(recording outcomes: [Outcome]) async throws {
        defer { letGo() }
        try await record(outcomes)
    }

    private func letGo() {
        holds -= 1
        guard holds == 0 else { return }
        let waiting = released
        released = []
        for waiter in waiting { waiter.resume() }
    }
}
