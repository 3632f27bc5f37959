import EventLog
import Foundation
import SyncModel

/// A data directory as a busy deployment leaves it: every account connected, `contacts`
/// contacts with phones and names over `accounts` accounts, and a text for every fourth.
enum Workload {
    static func write(_ data: String, contacts: Int, accounts: Int) throws -> Int {
        var configuration = LogConfiguration()
        configuration.durability = .os
        let writer = try LogWriter(directory: data + "/events", configuration: configuration)
        defer { try? writer.close() }
        var batch: [[UInt8]] = []
        var written = 0
        func add(_ event: Event) throws {
            batch.append(StoredEncoding.encode(event))
            written += 1
            if batch.count == 10_000 {
                try writer.append(contentsOf: batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        for account in 0..<accounts {
            let connection = SalesforceConnection(
                environment: .production,
                instanceURL: "https://org\(account % 10).example.my.salesforce.com",
                orgID: "00D00000000000\(account % 10)AAA"
            )
            try add(event(written, account: account, .salesforceConnected(connection)))
        }
        for contact in 0..<contacts {
            let account = contact % accounts
            var upsert = ContactUpsert(contact: "c-\(contact)")
            upsert.fields[.phone] = .some("+1415\(String(1_000_000 + contact % 9_000_000))")
            upsert.fields[.firstName] = .some("First\(contact)")
            upsert.fields[.lastName] = .some("Last\(contact)")
            try add(event(written, account: account, .contactUpserted(upsert)))
            if contact % 4 == 0 {
                let text = TextLog(contact: "c-\(contact)", direction: .inbound, body: "Is my order ready? \(contact)")
                try add(event(written, account: account, .textLogged(text)))
            }
        }
        if !batch.isEmpty { try writer.append(contentsOf: batch) }
        return written
    }

    /// More texts for the accounts, as JSON lines for `POST /v1/events`.
    static func texts(_ count: Int, accounts: Int, from start: Int) -> String {
        (0..<count).map { index in
            let number = start + index
            return
                #"{"type":"text.logged","account":"acct-\#(number % accounts)","id":"more-\#(number)","contact":"c-\#(number)","at":"2026-11-30T10:00:00Z","direction":"inbound","body":"and one more"}"#
        }.joined(separator: "\n") + "\n"
    }

    private static func event(_ index: Int, account: Int, _ payload: EventPayload) -> Event {
        let seconds = Int64(1_796_000_000 + index / 100)
        return Event(id: "e-\(index)", account: "acct-\(account)", at: EventTime(seconds: seconds), payload: payload)
    }
}
