import EventLog
import Foundation
import Projection
import SyncModel

extension AccountLane {
    /// The lane has answered everything routed to it below `through`: parked and re-driven events
    /// are looked at again, and the checkpoint moves to `through`, so that a restart need not read
    /// back to this account's last event. Done when the lane first catches up, at the end of a
    /// `--once` run (`final`), and every recheck interval while following.
    func caughtUp(through: UInt64, final: Bool) async throws {
        guard pending == nil, !heldByPause else { return }
        let due = ContinuousClock.now - lastRecheck >= options.recheckInterval
        guard !caughtUp || final || due else { return }
        caughtUp = true
        lastRecheck = .now
        guard try await revisit() else { return }
        if !waitingForConnection, (state.checkpoint?.nextOffset ?? 0) < through {
            try await record([
                Outcome(
                    account: account,
                    at: options.clock(),
                    kind: .checkpoint(nextOffset: through, dispatched: state.events)
                )
            ])
        }
        reportFigures()
    }

    /// Looks again at the parked events of contacts that can be looked up and at re-driven dead
    /// letters, with the settings now in force; false when the account is held back (paused or failing).
    func revisit() async throws -> Bool {
        if state.blockedReason != nil, let access = try? await orgAccess() {
            // The org may have been fixed since: describe the objects the settings name again.
            await context.registry.refresh(org: access.org, objects: targetObjects)
        }
        // A contact without a phone cannot be looked up: its parked events wait for one.
        let lookable = state.parked.filter { _, parked in
            guard let contact = parked.contact.flatMap({ state.contacts[$0] }) else { return false }
            return contact.fields[.phone] != nil || contact.fields[.mobilePhone] != nil
        }
        let offsets = (Array(lookable.keys) + Array(state.redriven)).sorted()
        guard !offsets.isEmpty, state.connection != nil else { return true }
        let items = try readEvents(at: offsets).map { WorkItem(offset: $0.offset, event: $0.event, isRevisit: true) }
        switch await send(items) {
        case .outcomes(let outcomes):
            try await record(outcomes)
            return true
        case .paused(let pause):
            try await notePause(pause)
            return false
        case .failed(let reason):
            _ = try await fail(reason)
            return false
        case .stopping:
            return false
        }
    }

    /// The objects the account's settings look up: described again while it is blocked.
    private var targetObjects: Set<String> {
        switch state.settings.syncObject {
        case .leadsAndContacts: ["Lead", "Contact"]
        case .object(let name): [name]
        }
    }

    /// Reads the events at `offsets` (sorted) from the events log.
    func readEvents(at offsets: [UInt64]) throws -> [(offset: UInt64, event: Event)] {
        var result: [(offset: UInt64, event: Event)] = []
        var reader: LogCursor?
        for offset in offsets {
            if reader == nil || reader!.nextOffset != offset {
                reader = try LogCursor(directory: context.layout.events, from: .offset(offset))
            }
            guard let record = try reader?.next(), record.offset == offset else {
                throw DispatchError("events log offset \(offset) cannot be read")
            }
            if case .event(let event) = try DispatchState.decode(record, .events) { result.append((offset, event)) }
        }
        return result
    }
}
