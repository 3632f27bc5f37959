import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import SalesforceEmulator
import Synchronization

/// What a person does in Salesforce, by hand: through the standard org's second user's session
/// (its own `LastModifiedById`), or the emulator's merge and convert endpoints.
struct Person {
    let session: OrgConnection

    func edit(_ object: String, _ id: String, _ fields: JSON) async throws {
        let reply = await session.call("PATCH", "sobjects/\(object)/\(id)", json: fields)
        guard reply.status == 204 else {
            throw HarnessError("edit refused: \(reply.status) \(String(describing: reply.json))")
        }
    }

    func delete(_ object: String, _ id: String) async throws {
        let reply = await session.call("DELETE", "sobjects/\(object)/\(id)")
        guard reply.status == 204 else { throw HarnessError("delete refused: \(reply.status)") }
    }

    func merge(_ object: String, into master: String, _ duplicates: [String]) async throws {
        let body: JSON = [
            "object": .string(object), "master": .string(master), "duplicates": .array(duplicates.map { .string($0) }),
        ]
        let reply = await session.call("POST", "/__emulator/merge", json: body)
        guard reply.status == 200 else { throw HarnessError("merge refused: \(String(describing: reply.json))") }
    }

    /// Converts a Lead into a new Contact; returns the Contact's id.
    func convert(_ lead: String) async throws -> String {
        let reply = await session.call("POST", "/__emulator/convert", json: ["lead": .string(lead)])
        guard let contact = reply.json?["contactId"]?.stringValue else {
            throw HarnessError("convert refused: \(String(describing: reply.json))")
        }
        return contact
    }
}

extension SyncHarness {
    /// The second user, signed in.
    func personInSalesforce() async throws -> Person { Person(session: try await person()) }

    /// `contacts --account A --json`, parsed: contact id -> its object.
    func contactsView(_ account: String = "acme") async throws -> [String: [String: Any]] {
        let run = try await avosync(["contacts", "--account", account, "--json"])
        guard run.status == 0,
            let document = try JSONSerialization.jsonObject(with: Data(run.text.utf8)) as? [String: Any],
            let contacts = document["contacts"] as? [[String: Any]]
        else { throw HarnessError("contacts failed (\(run.status)): \(run.errors)") }
        return Dictionary(uniqueKeysWithValues: contacts.map { ($0["contact"] as? String ?? "", $0) })
    }

    /// One field of `contacts --json`: its value and source.
    func shown(
        _ contact: String,
        _ field: String,
        custom: Bool = false
    ) async throws -> (value: String?, source: String?) {
        let entry = try await contactsView()[contact]?[custom ? "custom_fields" : "fields"] as? [String: Any]
        let value = entry?[field] as? [String: Any]
        return (value?["value"].map { "\($0)" }, value?["source"] as? String)
    }

    /// `log --type T --json` lines, parsed.
    func logged(_ type: String) async throws -> [[String: Any]] {
        let run = try await avosync(["log", "--type", type, "--json"])
        guard run.status == 0 else { throw HarnessError("log failed: \(run.errors)") }
        return try run.text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// Every `salesforce.*` event of the events log.
    func broughtBack() async throws -> [[String: Any]] {
        var all: [[String: Any]] = []
        for type in ["salesforce.record_changed", "salesforce.record_merged", "salesforce.record_deleted"] {
            all += try await logged(type)
        }
        return all
    }

    /// The record's fields, read as avosync's user.
    func record(_ object: String, _ id: String, _ fields: String) async -> [String: JSON] {
        await query("SELECT \(fields) FROM \(object) WHERE Id = '\(id)'").first?.objectValue ?? [:]
    }
}

/// A clock that tests can move: the emulator stamps writes with it.
final class MovableClock: Sendable {
    private let shift = Shift(0)

    var now: @Sendable () -> Date {
        let shift = self.shift
        return { Date().addingTimeInterval(shift.withLock { value in value }) }
    }

    func set(_ seconds: TimeInterval) { shift.withLock { $0 = seconds } }
}

/// A shared offset in seconds.
final class Shift: Sendable {
    private let value: Mutex<TimeInterval>

    init(_ seconds: TimeInterval) { value = Mutex(seconds) }

    func withLock<T>(_ body: (inout TimeInterval) -> T) -> T { value.withLock { body(&$0) } }
}
