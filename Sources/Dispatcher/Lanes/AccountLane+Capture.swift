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
            where state.contacts.link(of: merge.contact) == merge.record:
                let survivor = RecordReference(object: merge.record.object, id: merge.mergedInto)
                move = .linked(record: survivor, reason: .merged(from: merge.record))
            case .salesforceRecordDeleted(let deletion)
            where state.contacts.link(of: deletion.contact) == deletion.record:
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

    /// Runs Salesforce work, noting which contacts it wrote for when it ends.
    func working<T>(_ body: () async throws -> T) async throws -> T {
        defer {
            answeredWork += 1
            recentlyAnswered.append((answeredWork, inFlight))
            inFlight = []
            if recentlyAnswered.count > Self.answeredKept { recentlyAnswered.removeFirst() }
        }
        return try await body()
    }

    /// What change capture compares a poll's rows against, without stopping the lane: the state
    /// as it stands, and the contacts whose writes may have raced a query begun after
    /// `answeredWork` was `since` (in flight now, or answered since). nil when the state is not
    /// current (the lane has not caught up, or not folded `folded`, the end of what capture last
    /// appended for it), or when it no longer knows what was answered since.
    func captureView(since: UInt64?, folded: UInt64) -> CaptureView? {
        guard caughtUp, position >= folded else { return nil }
        var busy = inFlight
        if let since, since < answeredWork {
            // Every piece of work since then must still be remembered.
            guard let oldest = recentlyAnswered.first?.work, oldest <= since + 1 else { return nil }
            for entry in recentlyAnswered where entry.work > since { busy.formUnion(entry.contacts) }
        }
        return CaptureView(state: state, answered: answeredWork, busy: busy)
    }

    /// Records what change capture found for this account (its events are durable by then).
    func recordCapture(_ outcomes: [Outcome]) async throws {
        try await record(outcomes)
    }

    /// Pieces of work whose contacts are remembered for change capture.
    static let answeredKept = 256
}
