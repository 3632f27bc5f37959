import Foundation
import SalesforceClient
import SyncModel
import Testing

@testable import Dispatcher

/// The parts lanes are made of, as plain values: the router that carries the one reading of the
/// log, the scheduler that hands out slots, and the packing that lets batches share calls.
@Suite("Lanes: router, scheduler and shared calls")
struct LaneMechanicsTests {
    static func note(_ account: String, at offset: UInt64) -> (account: String, event: RoutedEvent) {
        let event = Event(
            id: "e\(offset)",
            account: account,
            at: EventTime(seconds: 1_764_000_000),
            payload: .noteAdded(Note(contact: "c", body: "n"))
        )
        return (account, RoutedEvent(offset: offset, event: event, appendedAt: 0))
    }

    static func settings(_ account: String, at offset: UInt64) -> (account: String, event: RoutedEvent) {
        let event = Event(
            id: "s\(offset)",
            account: account,
            at: EventTime(seconds: 1_764_000_000),
            payload: .customFieldDefined(CustomFieldDefinition(key: "k", label: "k", salesforceField: nil))
        )
        return (account, RoutedEvent(offset: offset, event: event, appendedAt: 0))
    }

    static func offsets(_ next: EventRouter.Next) -> [UInt64] {
        if case .events(let events) = next { return events.map(\.offset) }
        return []
    }

    // MARK: Router

    @Test("a lane that falls behind is detached at its limit, and the other lanes keep receiving")
    func fullLaneIsDetached() {
        let router = EventRouter(start: 0, laneLimit: 3, budget: 100)
        router.add("slow")
        router.add("quiet")
        router.route((0..<5).map { Self.note("slow", at: $0) } + [Self.note("quiet", at: 5)], through: 6)
        router.atEnd()
        #expect(Self.offsets(router.next("slow", limit: 10)) == [0, 1, 2])
        guard case .detached(let from) = router.next("slow", limit: 10) else {
            Issue.record("the full lane was not detached")
            return
        }
        #expect(from == 3, "it reads for itself from the first event it did not get")
        #expect(Self.offsets(router.next("quiet", limit: 10)) == [5])
        #expect(router.reattach("slow", at: 5) == false, "the reading is at 6: the lane must read on first")
        #expect(router.reattach("slow", at: 6))
        router.route([Self.note("slow", at: 6)], through: 7)
        router.atEnd()
        #expect(Self.offsets(router.next("slow", limit: 10)) == [6])
    }

    @Test("an account-wide event is taken alone and ends the batch before it")
    func accountWideEventCutsTheBatch() {
        let router = EventRouter(start: 0, laneLimit: 10, budget: 100)
        router.add("acme")
        router.route(
            [
                Self.note("acme", at: 0), Self.note("acme", at: 1), Self.settings("acme", at: 2),
                Self.note("acme", at: 3),
            ],
            through: 4
        )
        router.atEnd()
        #expect(Self.offsets(router.next("acme", limit: 10)) == [0, 1])
        #expect(Self.offsets(router.next("acme", limit: 10)) == [2])
        #expect(Self.offsets(router.next("acme", limit: 10)) == [3])
        guard case .idle(let through, let atEnd) = router.next("acme", limit: 10) else {
            Issue.record("an emptied lane is idle")
            return
        }
        #expect(through == 4 && atEnd)
    }

    @Test("while the reading is behind, a lane fills its batch; at the log's end it takes what there is")
    func lanesFillTheirBatches() {
        let router = EventRouter(start: 0, laneLimit: 10, budget: 100)
        router.add("acme")
        router.route([Self.note("acme", at: 0)], through: 1)
        guard case .filling(let have) = router.next("acme", limit: 5) else {
            Issue.record("with the reading behind, the lane waits for more")
            return
        }
        #expect(have == 1)
        router.route([Self.note("acme", at: 1)], through: 2)
        router.atEnd()
        #expect(Self.offsets(router.next("acme", limit: 5)) == [0, 1])
    }

    @Test("over the read-ahead budget, a lane waiting for events gets them: the fullest lane is detached instead")
    func budgetShedsTheFullestLane() async {
        let router = EventRouter(start: 0, laneLimit: 8, budget: 10)
        for account in ["backfill", "steady", "quiet"] { router.add(account) }
        router.atEnd()
        let waiting = Task { await router.wait("quiet") }
        while router.load.waiting == 0 { await Task.yield() }
        // 8 + 3 events: each lane under its limit of 8, together over the budget of 10.
        router.route(
            (0..<8).map { Self.note("backfill", at: $0) } + (8..<11).map { Self.note("steady", at: $0) },
            through: 11
        )
        await router.waitForRoom()
        router.route([Self.note("quiet", at: 11)], through: 12)
        router.atEnd()
        await waiting.value
        #expect(Self.offsets(router.next("quiet", limit: 10)) == [11])
        guard case .detached(let from) = router.next("backfill", limit: 10) else {
            Issue.record("the fullest lane was not detached")
            return
        }
        #expect(from == 0, "it reads for itself from its first dropped event")
        #expect(Self.offsets(router.next("steady", limit: 10)) == [8, 9, 10], "only the fullest lane was shed")
    }

    // MARK: Scheduler

    @Test("the scheduler admits at most its limit, at most the org's share of one org, first come first served")
    func schedulerLimitsAndOrder() async {
        let scheduler = LaneScheduler(limit: 2, orgLimit: 1)
        let slow = OrgKey.test("slow")
        let fast = OrgKey.test("fast")
        #expect(await scheduler.acquire(org: slow))
        let second = Task { await scheduler.acquire(org: slow) }
        while await scheduler.load.waiting == 0 { await Task.yield() }
        // The slow org has its one slot: the fast org's lane goes ahead of the slow org's second.
        #expect(await scheduler.acquire(org: fast))
        #expect(await scheduler.load == (2, 1))
        await scheduler.release(org: fast)
        #expect(await scheduler.load == (1, 1), "the slow org's second lane still waits for its org's slot")
        await scheduler.release(org: slow)
        #expect(await second.value)
        await scheduler.stop()
        #expect(await scheduler.acquire(org: fast) == false, "a stopping dispatcher admits nobody")
    }

    // MARK: Shared calls

    static func write(_ id: String?, _ object: String = "Lead") -> RecordWrite {
        RecordWrite(object: try! APIName(object), id: id, fields: ["Email": .string("x@example.com")])
    }

    @Test("batches' collections of one kind share a collection, never naming a record twice nor splitting a request")
    func collectionsAreMerged() throws {
        let task = try APIName("Task")
        let eventID = try APIName("Avochato_Event_Id__c")
        let packing = RequestPacking([
            [
                .collection(.update([Self.write("00Q1"), Self.write("00Q2")])),
                .collection(.upsert(task, by: eventID, [Self.write(nil, "Task")])),
            ],
            [
                .collection(.update([Self.write("00Q2"), Self.write("00Q3")])),
                .collection(.upsert(task, by: eventID, [Self.write(nil, "Task")])),
            ],
            [.collection(.update((0..<199).map { Self.write("00Q\($0 + 10)") }))],
        ])
        let shapes = packing.units.map { unit -> String in
            guard case .collection(let collection) = unit.request else { return "query" }
            return "\(collection.method) \(collection.path) \(collection.records.count)"
        }
        #expect(
            shapes == [
                "PATCH composite/sobjects 2", "PATCH composite/sobjects/Task/Avochato_Event_Id__c 2",
                "PATCH composite/sobjects 2", "PATCH composite/sobjects 199",
            ],
            "00Q2 would be in one collection twice; 2 + 199 records do not fit in 200"
        )
        #expect(packing.units[1].parts.map(\.records) == [0..<1, 1..<2])
        #expect(packing.calls == [[0, 1, 2, 3]], "four collections travel in one composite request")
        let answer = CompositeSubresponse(
            referenceID: "r1",
            status: 200,
            body: .array([
                .object(["id": .string("00T1"), "success": .bool(true)]),
                .object(["id": .string("00T2"), "success": .bool(true)]),
            ])
        )
        #expect(RequestPacking.share(of: answer, for: packing.units[1].parts[1]).saveResults.map(\.id) == ["00T2"])
        let failed = CompositeSubresponse(
            referenceID: "r1",
            status: 400,
            errors: [SalesforceErrorItem(errorCode: "X", message: "whole")]
        )
        #expect(RequestPacking.share(of: failed, for: packing.units[1].parts[1]).errors.first?.errorCode == "X")
    }

    @Test(
        "a create keeps its retry rule when it shares a call: a call is repeated after a lost answer only when all of it may be"
    )
    func createsKeepTheirRetryRule() {
        let packing = RequestPacking([
            [.collection(.create([Self.write(nil)]))], [.collection(.update([Self.write("00Q1")]))],
        ])
        #expect(packing.units.map(\.isIdempotent) == [false, true])
        #expect(packing.calls == [[0, 1]])
        let subrequests = packing.calls[0].map(packing.subrequest)
        #expect(subrequests.contains { !$0.isIdempotent })
    }
}

extension OrgKey {
    static func test(_ id: String) -> OrgKey {
        OrgKey(
            StoredCredentials(
                environment: "production",
                loginURL: "https://login.example.com",
                clientID: "c",
                clientSecret: "s",
                refreshToken: "t",
                instanceURL: "https://example.com",
                apiVersion: "v59.0",
                caFile: nil,
                orgID: id
            )
        )
    }
}
