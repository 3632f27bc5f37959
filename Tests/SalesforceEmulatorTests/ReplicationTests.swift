import EmulatorTestSupport
import Foundation
import SalesforceEmulator
import Synchronization
import Testing

/// What change capture relies on: the audit fields every record carries and how writes move them,
/// `queryAll`, the replication resources, the second user, merges and conversions.
@Suite struct ReplicationTests {
    /// An org whose clock a test sets (seconds since 1970).
    final class Clock: Sendable {
        private let seconds = Mutex<TimeInterval>(1_796_083_200)  // 2026-12-01T00:00:00Z

        var now: @Sendable () -> Date { { [self] in Date(timeIntervalSince1970: self.read()) } }

        func read() -> TimeInterval { seconds.withLock { $0 } }
        func advance(_ delta: TimeInterval) { seconds.withLock { $0 += delta } }
    }

    static func person(_ org: OrgConnection) async throws -> OrgConnection {
        try await OrgConnection(org.emulator, refreshToken: "admin-refresh-token")
    }

    static func newLead(_ org: OrgConnection, _ name: String = "Audit") async -> String {
        await org.call("POST", "sobjects/Lead", json: ["LastName": .string(name), "Company": "Co"]).json?["id"]?
            .stringValue ?? ""
    }

    static func fields(_ org: OrgConnection, _ id: String, resource: String = "query") async -> [String: JSON] {
        let soql =
            "SELECT Id, CreatedDate, CreatedById, LastModifiedDate, LastModifiedById, SystemModstamp, IsDeleted, MasterRecordId FROM Lead WHERE Id = '\(id)'"
        let reply = await org.call("GET", "\(resource)?q=" + OrgConnection.formEncoded(soql))
        return reply.json?["records"]?.arrayValue?.first?.objectValue ?? [:]
    }

    @Test func everyWriteStampsWholeSecondsAndItsUserAndATaskMovesOnlyItsParentsSystemModstamp() async throws {
        let clock = Clock()
        let org = try await OrgConnection.standard(clock: clock.now)
        clock.advance(0.7)
        let lead = await Self.newLead(org)
        var record = await Self.fields(org, lead)
        #expect(record["CreatedDate"]?.stringValue == "2026-12-01T00:00:00.000+0000")
        #expect(record["CreatedById"]?.stringValue == "0055e0000000001AAA")
        #expect(record["IsDeleted"] == false)

        clock.advance(60)
        let task = await org.call(
            "POST",
            "sobjects/Task",
            json: ["Subject": "Call", "Status": "Completed", "WhoId": .string(lead)]
        )
        #expect(task.status == 201)
        record = await Self.fields(org, lead)
        #expect(record["LastModifiedDate"]?.stringValue == "2026-12-01T00:00:00.000+0000")
        #expect(record["SystemModstamp"]?.stringValue == "2026-12-01T00:01:00.000+0000")

        clock.advance(60)
        let edit = try await Self.person(org).call("PATCH", "sobjects/Lead/\(lead)", json: ["Email": "p@example.com"])
        #expect(edit.status == 204)
        record = await Self.fields(org, lead)
        #expect(record["LastModifiedById"]?.stringValue == "0055e0000000002AAA")
        #expect(record["LastModifiedDate"]?.stringValue == "2026-12-01T00:02:00.000+0000")
    }

    @Test func queryAllReturnsDeletedAndMergedRowsThatQueryDoesNot() async throws {
        let org = try await OrgConnection.standard()
        let kept = await Self.newLead(org, "Kept")
        let merged = await Self.newLead(org, "Merged")
        let deleted = await Self.newLead(org, "Deleted")
        #expect(await org.call("DELETE", "sobjects/Lead/\(deleted)").status == 204)
        let merge = await org.call(
            "POST",
            "/__emulator/merge",
            json: ["object": "Lead", "master": .string(kept), "duplicates": [.string(merged)]]
        )
        #expect(merge.status == 200)
        let live = (await Self.fields(org, merged), await Self.fields(org, deleted))
        #expect(live.0.isEmpty && live.1.isEmpty)
        let gone = await Self.fields(org, merged, resource: "queryAll")
        #expect(gone["IsDeleted"] == true && gone["MasterRecordId"]?.stringValue == kept)
        let removed = await Self.fields(org, deleted, resource: "queryAll")
        #expect(removed["IsDeleted"] == true && removed["MasterRecordId"] == .null)
        #expect(await Self.fields(org, kept)["IsDeleted"] == false)
    }

    @Test func aMergeMovesTheDuplicatesTasksToTheMasterAndRefusesBadRequests() async throws {
        let org = try await OrgConnection.standard()
        let master = await Self.newLead(org, "Master")
        let duplicate = await Self.newLead(org, "Duplicate")
        _ = await org.call(
            "POST",
            "sobjects/Task",
            json: ["Subject": "Text", "Status": "Completed", "WhoId": .string(duplicate)]
        )
        let merge = await org.call(
            "POST",
            "/__emulator/merge",
            json: ["object": "Lead", "master": .string(master), "duplicates": [.string(duplicate)]]
        )
        #expect(merge.status == 200)
        let tasks = await org.query("SELECT Id FROM Task WHERE WhoId = '\(master)'")
        #expect(tasks.count == 1)
        let again = await org.call(
            "POST",
            "/__emulator/merge",
            json: ["object": "Lead", "master": .string(master), "duplicates": [.string(duplicate)]]
        )
        #expect(again.status == 400 && again.json?.arrayValue?.first?["errorCode"] == "ENTITY_IS_DELETED")
        let task = await org.call(
            "POST",
            "/__emulator/merge",
            json: ["object": "Task", "master": .string(master), "duplicates": [.string(duplicate)]]
        )
        #expect(task.status == 400 && task.json?.arrayValue?.first?["errorCode"] == "INVALID_TYPE")
    }

    @Test func aConvertedLeadNamesItsContactAndRefusesUpdates() async throws {
        let org = try await OrgConnection.standard()
        let lead = await Self.newLead(org, "Convert")
        let reply = await org.call("POST", "/__emulator/convert", json: ["lead": .string(lead)])
        let contact = try #require(reply.json?["contactId"]?.stringValue)
        #expect(contact.hasPrefix("003"))
        let row = await org.query("SELECT IsConverted, ConvertedContactId FROM Lead WHERE Id = '\(lead)'").first
        #expect(row?["IsConverted"] == true && row?["ConvertedContactId"]?.stringValue == contact)
        let update = await org.call("PATCH", "sobjects/Lead/\(lead)", json: ["Email": "x@example.com"])
        #expect(update.status == 400)
    }

    @Test func theUpdatedAndDeletedResourcesAnswerIdsInTheirWindowAndRefuseShortOrOldOnes() async throws {
        let clock = Clock()
        let org = try await OrgConnection.standard(clock: clock.now)
        clock.advance(120)
        let changed = await Self.newLead(org, "Changed")
        let removed = await Self.newLead(org, "Removed")
        #expect(await org.call("DELETE", "sobjects/Lead/\(removed)").status == 204)
        clock.advance(300)
        let window = "start=2026-12-01T00:01:30%2B00:00&end=2026-12-01T00:05:00%2B00:00"
        let updated = await org.call("GET", "sobjects/Lead/updated/?\(window)")
        #expect(updated.status == 200)
        #expect(updated.json?["ids"] == [.string(changed)])
        #expect(updated.json?["latestDateCovered"]?.stringValue == "2026-12-01T00:05:00.000+0000")
        let deleted = await org.call("GET", "sobjects/Lead/deleted/?\(window)")
        #expect(deleted.json?["deletedRecords"]?.arrayValue?.map { $0["id"] } == [.string(removed)])
        #expect(deleted.json?["deletedRecords"]?.arrayValue?.first?["deletedDate"] == "2026-12-01T00:02:00.000+0000")
        #expect(deleted.json?["earliestDateAvailable"] != nil)

        let short = await org.call("GET", "sobjects/Lead/updated/?start=2026-12-01T00:01:00Z&end=2026-12-01T00:01:30Z")
        #expect(short.status == 400 && short.json?.arrayValue?.first?["errorCode"] == "INVALID_REPLICATION_DATE")
        let old = await org.call("GET", "sobjects/Lead/deleted/?start=2026-11-01T00:00:00Z&end=2026-12-01T00:05:00Z")
        #expect(old.status == 400 && old.json?.arrayValue?.first?["errorCode"] == "INVALID_REPLICATION_DATE")
        let missing = await org.call("GET", "sobjects/Lead/updated/")
        #expect(missing.status == 400)
    }
}
