import BenchmarkFixtures
import BenchmarkSupport
import Dispatcher
import EventLog
import Foundation
import Projection
import SalesforceClient
import SyncModel

/// Accounts spread over the orgs, each with contacts of its own, and data directories connected
/// the way `avosync connect` leaves them: credentials per account, `salesforce.connected`, history.
struct Tenants {
    struct Account {
        var name: String
        var index: Int
        var org: Int
    }

    let accounts: [Account]
    /// Contacts each account's history makes.
    let contacts: Int

    init(accounts count: Int, orgs: Int, contacts: Int, firstIndex: Int = 0) {
        accounts = (0..<count).map { index in
            Account(
                name: String(format: "tenant-%04d", firstIndex + index),
                index: firstIndex + index,
                org: index % orgs
            )
        }
        self.contacts = contacts
    }

    /// The phone of `contact` of the account with `index`: unique over every account.
    static func phone(account index: Int, contact: Int) -> String { "+1415\(2_000_000 + index * 100 + contact)" }

    static let time = EventTime(seconds: 1_764_000_000)

    /// Each account's new contacts, each an upsert, a text and a call (`withActivities`), and as
    /// many notes as make up `eventsPerAccount`; interleaved across accounts, as a live log is.
    func history(eventsPerAccount: Int, withActivities: Bool = true) -> [Event] {
        var perAccount: [[Event]] = []
        for account in accounts {
            var events: [Event] = []
            for contact in 0..<contacts {
                let id = "c\(contact)"
                events.append(
                    event(
                        account,
                        "u\(contact)",
                        .contactUpserted(
                            ContactUpsert(
                                contact: id,
                                fields: [
                                    .phone: Self.phone(account: account.index, contact: contact),
                                    .lastName: "Tenant \(account.index) \(contact)",
                                ]
                            )
                        )
                    )
                )
                guard withActivities else { continue }
                events.append(
                    event(
                        account,
                        "t\(contact)",
                        .textLogged(TextLog(contact: id, direction: .inbound, body: "hello \(contact)"))
                    )
                )
                events.append(
                    event(
                        account,
                        "k\(contact)",
                        .callLogged(CallLog(contact: id, direction: .outbound, durationSeconds: Int64(contact * 7)))
                    )
                )
            }
            var note = 0
            while events.count < eventsPerAccount {
                events.append(
                    event(account, "n\(note)", .noteAdded(Note(contact: "c\(note % contacts)", body: "note \(note)")))
                )
                note += 1
            }
            perAccount.append(events)
        }
        var interleaved: [Event] = []
        for position in 0..<(perAccount.map(\.count).max() ?? 0) {
            for events in perAccount where position < events.count { interleaved.append(events[position]) }
        }
        return interleaved
    }

    func event(_ account: Account, _ id: String, _ payload: EventPayload) -> Event {
        Event(id: id, account: account.name, at: Self.time, payload: payload)
    }

    /// A fresh data directory whose accounts are connected to their orgs (one sign-in per org to
    /// learn the instance), holding `events`.
    func dataDirectory(_ orgs: EmulatedOrgs, events: [Event]) async throws -> DataLayout {
        let layout = DataLayout(root: NSTemporaryDirectory() + "avosync-many-\(UUID().uuidString)")
        let store = CredentialsStore(layout: layout)
        var connected: [Event] = []
        for (org, served) in orgs.orgs.enumerated() {
            let members = accounts.filter { $0.org == org }
            guard !members.isEmpty else { continue }
            let connection = try await StandardConnection.signIn(served.baseURL)
            for account in members {
                try store.save(connection.credentials, for: account.name)
                connected.append(event(account, "connected", .salesforceConnected(connection.connection)))
            }
        }
        let writer = try LogWriter(directory: layout.events)
        _ = try writer.append(contentsOf: (connected + events).map(StoredEncoding.encode))
        try writer.close()
        return layout
    }
}
