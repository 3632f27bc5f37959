import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import Projection
import SalesforceEmulator
import SyncModel
import Testing

/// DESIGN.md section 7, activities.
@Suite("Rules: activities")
struct ActivityRuleTests {
    @Test("every call, text and note becomes one closed Task with its details, keyed by the event id")
    func everyActivityBecomesOneClosedTask() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([
                lines.contact("grace", ["phone": "4155550102"]),
                lines.call("grace", seconds: 125, direction: "outbound", id: "e1"),
                lines.textMessage("grace", "Is my order ready?", direction: "inbound", id: "e2"),
                lines.note("grace", "Wants a callback", id: "e3"),
            ])
            try await org.sync()
            let tasks = await org.tasks(on: "0035e0000000002AAA")
            #expect(tasks.count == 3)
            for task in tasks {
                #expect(task["Status"]?.stringValue == "Completed")
                #expect(task["IsClosed"]?.boolValue == true)
                #expect(task["WhoId"]?.stringValue == "0035e0000000002AAA")
            }
            let byID = Dictionary(
                uniqueKeysWithValues: tasks.map { ($0["Avochato_Event_Id__c"]?.stringValue ?? "", $0) }
            )
            #expect(byID["acme/e1"]?["CallType"]?.stringValue == "Outbound")
            #expect(byID["acme/e1"]?["CallDurationInSeconds"]?.doubleValue == 125)
            #expect(byID["acme/e1"]?["Subject"]?.stringValue == "Outbound call (2m 05s)")
            #expect(byID["acme/e2"]?["Subject"]?.stringValue == "Inbound text")
            #expect(byID["acme/e2"]?["Description"]?.stringValue?.hasPrefix("Is my order ready?") == true)
            #expect(byID["acme/e3"]?["Subject"]?.stringValue == "Note")
            #expect(byID["acme/e3"]?["Description"]?.stringValue?.hasPrefix("Wants a callback") == true)
        }
    }

    @Test("a body longer than Task.Description allows is cut to fit, with a visible marker")
    func longBodiesFitWithAMarker() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            let body = String(repeating: "0123456789", count: 4_000)
            try await org.append([lines.contact("grace", ["phone": "4155550102"]), lines.textMessage("grace", body)])
            try await org.sync()
            let description = try #require(await org.tasks(on: "0035e0000000002AAA").first?["Description"]?.stringValue)
            #expect(description.count <= 32_000)
            #expect(description.hasPrefix("0123456789"))
            #expect(description.contains("[truncated by avosync: 40000 characters"))
        }
    }
}
