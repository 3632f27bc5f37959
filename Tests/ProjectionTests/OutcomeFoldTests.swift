import Testing

@testable import Projection
@testable import SyncModel

/// The sync log's outcomes fold into links, parked activities, dead letters and checkpoints.
@Suite("Outcome fold")
struct OutcomeFoldTests {
    static let at = EventTime(seconds: 1_764_320_400)
    static let lead = RecordReference(object: "Lead", id: "00Q000000000001AAA")
    static let contact = RecordReference(object: "Contact", id: "003000000000001AAA")

    private func fold(_ kinds: [(UInt64?, OutcomeKind)], contact: String = "c-1") -> AccountState {
        var state = ProjectionState()
        for (offset, item) in kinds.enumerated() {
            state.apply(
                Outcome(account: "acme", at: Self.at, eventOffset: item.0, contact: contact, kind: item.1),
                at: UInt64(offset)
            )
        }
        return state.account("acme")
    }

    @Test("a link is kept, and follows a converted Lead to its Contact")
    func linksFollowConversion() {
        let linked = fold([(1, .linked(record: Self.lead, reason: .matched))])
        #expect(linked.contacts["c-1"]?.link == Self.lead)
        #expect(linked.linkCount == 1)
        let moved = fold([
            (1, .linked(record: Self.lead, reason: .matched)),
            (5, .linked(record: Self.contact, reason: .followedConversion(from: Self.lead))),
        ])
        #expect(moved.contacts["c-1"]?.link == Self.contact)
    }

    @Test("a parked activity stays parked until its Task is written")
    func parkedUntilWritten() {
        let parked = fold([(3, .parked(reason: "creation is off")), (4, .parked(reason: "creation is off"))])
        #expect(parked.parked.keys.sorted() == [3, 4])
        let written = fold([
            (3, .parked(reason: "creation is off")), (4, .parked(reason: "creation is off")),
            (3, .taskWritten(record: Self.lead, taskID: "00T1")),
        ])
        #expect(written.parked.keys.sorted() == [4])
    }

    @Test(
        "a dead letter is listed with Salesforce's code, leaves the list when re-driven, and returns if it fails again"
    )
    func deadLettersAndRedrive() {
        let failure = SalesforceFailure(
            errorCode: "REQUIRED_FIELD_MISSING",
            message: "Required fields are missing: [Company]",
            fields: ["Company"]
        )
        let dead = fold([(7, .deadLettered(failure))])
        #expect(dead.deadLetters[7]?.failure == failure)
        #expect(dead.lastError == "REQUIRED_FIELD_MISSING: Required fields are missing: [Company]")
        let redriven = fold([(7, .deadLettered(failure)), (7, .redriven)])
        #expect(redriven.deadLetters.isEmpty)
        #expect(redriven.redriven == [7])
        let failedAgain = fold([(7, .deadLettered(failure)), (7, .redriven), (7, .deadLettered(failure))])
        #expect(failedAgain.deadLetters.keys.sorted() == [7])
        #expect(failedAgain.redriven.isEmpty)
        let succeeded = fold([
            (7, .deadLettered(failure)), (7, .redriven), (7, .taskWritten(record: Self.lead, taskID: "00T1")),
        ])
        #expect(succeeded.deadLetters.isEmpty && succeeded.redriven.isEmpty)
    }

    @Test("pending events are the account's events past its checkpoint")
    func pendingFollowsTheCheckpoint() {
        var state = ProjectionState()
        for offset in 0..<10 {
            state.apply(
                Event(
                    id: "e\(offset)",
                    account: "acme",
                    at: Self.at,
                    payload: .noteAdded(Note(contact: "c", body: "b"))
                ),
                at: UInt64(offset)
            )
        }
        #expect(state.account("acme").pendingEvents == 10)
        state.apply(Outcome(account: "acme", at: Self.at, kind: .checkpoint(nextOffset: 6, dispatched: 6)), at: 0)
        #expect(state.account("acme").pendingEvents == 4)
        #expect(state.account("acme").checkpoint == Checkpoint(nextOffset: 6, dispatched: 6))
    }

    @Test("blocked and paused accounts say why until they resume")
    func blockedAndPaused() {
        let blocked = fold([(nil, .blocked(reason: "NoFeed__c has no feed tracking"))])
        #expect(blocked.blockedReason == "NoFeed__c has no feed tracking")
        let resumed = fold([(nil, .blocked(reason: "x")), (nil, .paused(reason: "y")), (nil, .unblocked)])
        #expect(resumed.blockedReason == nil && resumed.pausedReason == nil)
        #expect(resumed.lastError == "y")
    }
}
