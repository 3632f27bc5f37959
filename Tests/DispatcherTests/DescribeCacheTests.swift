import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import Projection
import SalesforceEmulator
import SyncModel
import Testing

/// An org's describes are fetched once for all its accounts, kept in the data directory, and asked
/// for again when they are too old, when Salesforce says the schema changed, or on request.
@Suite("Describe cache")
struct DescribeCacheTests {
    static func describes(_ org: SyncHarness) async -> JSON {
        await org.org.call("GET", "/__emulator/stats").json?["describes"] ?? [:]
    }

    @Test("objects reads the describes sync cached, and --refresh asks the org again")
    func objectsUsesTheCacheAndRefreshes() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([lines.contact("grace", ["phone": "4155550102"]), lines.note("grace", "hi")])
            try await org.sync()
            #expect(await Self.describes(org)["Lead"]?.doubleValue == 1)

            let first = try await org.avosync(["objects", "--account", "acme", "--json"])
            #expect(first.status == 0, "\(first.errors)")
            let afterFirst = await Self.describes(org)
            #expect(afterFirst["Lead"]?.doubleValue == 1, "Lead came from the cache sync filled")
            #expect(afterFirst["AvoCustomer__c"]?.doubleValue == 1)
            #expect(afterFirst["*"]?.doubleValue == 1)

            let second = try await org.avosync(["objects", "--account", "acme", "--json"])
            #expect(second.text == first.text)
            #expect(await Self.describes(org) == afterFirst, "nothing asked again")
            #expect(second.errors.contains("from the describes cached at"), "\(second.errors)")

            let refreshed = try await org.avosync(["objects", "--account", "acme", "--refresh", "--json"])
            #expect(refreshed.text == first.text)
            let afterRefresh = await Self.describes(org)
            #expect(afterRefresh["*"]?.doubleValue == 2)
            #expect(afterRefresh["Lead"]?.doubleValue == 2)
            #expect(afterRefresh["AvoCustomer__c"]?.doubleValue == 2)
        }
    }

    @Test(
        "a cached describe that no longer matches the org is described again when Salesforce says a field is missing, and nothing becomes a dead letter"
    )
    func schemaChangeRefreshesTheCache() async throws {
        try await withHarness { org in
            try await org.connect("acme")
            var lines = EventLines()
            try await org.append([lines.contact("grace", ["phone": "4155550102"])])
            try await org.sync()
            // The cache says Lead has Ghost__c, as if the field had been deleted in the org since.
            let file = org.data + "/cache/describes/00D5e0000000001EAA/Lead.json"
            var cached = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any]
            )
            var description = try #require(cached["description"] as? [String: Any])
            var fields = try #require(description["fields"] as? [[String: Any]])
            var ghost = try #require(fields.first { $0["name"] as? String == "Email" })
            ghost["name"] = "Ghost__c"
            ghost["label"] = "Ghost"
            ghost["type"] = "string"
            fields.append(ghost)
            description["fields"] = fields
            cached["description"] = description
            // Described an hour ago: the field went away since.
            cached["fetched_at"] = Date().timeIntervalSince1970 - 3600
            try JSONSerialization.data(withJSONObject: cached).write(to: URL(fileURLWithPath: file))

            try await org.append([
                lines.customField("ghost", salesforceField: "Ghost__c"),
                lines.contact("ada", ["phone": "4155550177", "last_name": "Lovelace"], custom: ["ghost": "boo"]),
                lines.note("ada", "hello"),
            ])
            try await org.sync()
            #expect(await Self.describes(org)["Lead"]?.doubleValue == 2, "Lead was described again")
            let state = try org.state().account("acme")
            #expect(state.deadLetters.isEmpty, "\(state.deadLetters)")
            #expect(state.contacts["ada"]?.link?.object == "Lead")
            let written = try org.outcomes().compactMap { outcome -> [SkippedField]? in
                if case .fieldsWritten(_, _, let skipped) = outcome.kind, outcome.contact == "ada" { return skipped }
                return nil
            }
            #expect(written.flatMap { $0 }.contains { $0.field == "ghost" || $0.field == "Ghost__c" }, "\(written)")
        }
    }
}
