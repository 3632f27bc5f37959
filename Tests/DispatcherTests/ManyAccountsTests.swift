import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import Projection
import SalesforceEmulator
import SyncModel
import Testing

/// A hundred accounts over three orgs, end to end through `avosync sync --once`.
@Suite("Lanes: many accounts on many orgs")
struct ManyAccountsTests {
    /// What an account's own settings say.
    enum Profile: Int, CaseIterable {
        case defaults, customTarget, creationOff, fieldSyncOff
    }

    struct Account {
        var name: String
        var org: Int
        var profile: Profile
        var lines: EventLines

        /// The phone of the account's contact `contact` (0 or 1): unique over every account.
        func phone(_ contact: Int) -> String { "4157" + name.suffix(3) + String(format: "%03d", contact) }
    }

    static let accounts = (0..<100).map { index in
        Account(
            name: String(format: "acct-%03d", index),
            org: index % 3,
            profile: Profile(rawValue: index % 4)!,
            lines: EventLines(account: String(format: "acct-%03d", index))
        )
    }

    @Test(
        "100 accounts over 3 orgs: each account's settings decide, every event lands once, describes are fetched once per org and reused after a restart"
    )
    func hundredAccountsOverThreeOrgs() async throws {
        try await withFleet(3) { fleet in
            var accounts = Self.accounts
            var first: [String] = []
            for index in accounts.indices {
                try await fleet.connect(accounts[index].name, to: accounts[index].org)
                switch accounts[index].profile {
                case .defaults: break
                case .customTarget:
                    first.append(
                        accounts[index].lines.settings([
                            "sync_object": "AvoCustomer__c", "phone_field": "CustomPhoneNumber__c",
                        ])
                    )
                case .creationOff: first.append(accounts[index].lines.settings(["create_missing_records": false]))
                case .fieldSyncOff: first.append(accounts[index].lines.settings(["sync_field_updates": false]))
                }
                for contact in 0..<2 {
                    let phone = accounts[index].phone(contact)
                    first.append(
                        accounts[index].lines.contact("c\(contact)", ["phone": phone, "last_name": "L\(contact)"])
                    )
                    first.append(accounts[index].lines.textMessage("c\(contact)", "first"))
                }
            }
            try await fleet.append(first)
            try await fleet.sync()
            var describes: [JSON] = []
            for org in 0..<3 { describes.append(await fleet.stats(org)["describes"] ?? [:]) }
            for (org, counted) in describes.enumerated() {
                for object in ["Task", "Lead", "Contact", "AvoCustomer__c"] {
                    #expect(counted[object]?.doubleValue == 1, "org \(org) described \(object) once: \(counted)")
                }
            }

            // A restart: new emails and texts; the cached describes serve, and field sync off holds.
            var second: [String] = []
            for index in accounts.indices {
                for contact in 0..<2 {
                    second.append(accounts[index].lines.contact("c\(contact)", ["email": "c\(contact)@example.com"]))
                    second.append(accounts[index].lines.textMessage("c\(contact)", "second"))
                }
            }
            try await fleet.append(second)
            try await fleet.sync()
            for org in 0..<3 {
                #expect(await fleet.stats(org)["describes"] == describes[org], "no describe after the restart")
            }
            try await Self.expectEachAccountsRules(fleet, accounts)
        }
    }

    /// Each account's records are in its own org, made as its own settings say, with each
    /// activity one Task.
    static func expectEachAccountsRules(_ fleet: OrgFleet, _ accounts: [Account]) async throws {
        let state = try fleet.state()
        var leads: [[String: JSON]] = []
        var tasks: [[String: JSON]] = []
        var customers: [[String: JSON]] = []
        for org in 0..<3 {
            leads.append(
                keyed(
                    await fleet.query(
                        org,
                        "SELECT Avochato_Contact_Id__c, Email FROM Lead WHERE Avochato_Contact_Id__c != null"
                    ),
                    by: "Avochato_Contact_Id__c"
                )
            )
            tasks.append(
                keyed(await fleet.query(org, "SELECT Avochato_Event_Id__c FROM Task"), by: "Avochato_Event_Id__c")
            )
            customers.append(
                keyed(
                    await fleet.query(org, "SELECT CustomPhoneNumber__c FROM AvoCustomer__c"),
                    by: "CustomPhoneNumber__c"
                )
            )
        }
        #expect(leads.map(\.count).reduce(0, +) == 100, "two Leads for each of 50 accounts, none twice")
        #expect(customers.map(\.count).reduce(0, +) == 50, "two AvoCustomer__c for each of 25 accounts, none twice")
        #expect(tasks.map(\.count).reduce(0, +) == 300, "four Tasks for each of 75 accounts, none twice")
        for account in accounts {
            let mine = state.account(account.name)
            let ownTasks = tasks[account.org].keys.filter { $0.hasPrefix(account.name + "/") }.count
            #expect(mine.pendingEvents == 0)
            for contact in 0..<2 {
                let link = mine.contacts["c\(contact)"]?.link
                let lead = leads[account.org][account.name + "/c\(contact)"]
                switch account.profile {
                case .defaults, .fieldSyncOff:
                    #expect(link?.object == "Lead", "\(account.name)")
                    let email = lead?["Email"]?.stringValue
                    #expect(
                        email == (account.profile == .defaults ? "c\(contact)@example.com" : nil),
                        "\(account.name)"
                    )
                case .customTarget:
                    #expect(link?.object == "AvoCustomer__c", "\(account.name)")
                    #expect(customers[account.org]["+1" + account.phone(contact)] != nil, "\(account.name)")
                case .creationOff:
                    #expect(link == nil && lead == nil, "\(account.name)")
                }
            }
            #expect(ownTasks == (account.profile == .creationOff ? 0 : 4), "\(account.name)")
            // With creation off, every event of a contact without a record waits: two edits and two texts each.
            #expect(mine.parked.count == (account.profile == .creationOff ? 8 : 0), "\(account.name)")
            for other in 0..<3 where other != account.org {
                #expect(
                    !tasks[other].keys.contains { $0.hasPrefix(account.name + "/") },
                    "\(account.name) only in its org"
                )
            }
        }
    }

    /// Records by a field's value; a value seen twice fails the test (a duplicate).
    static func keyed(_ records: [JSON], by field: String) -> [String: JSON] {
        var result: [String: JSON] = [:]
        for record in records {
            guard let key = record[field]?.stringValue else { continue }
            #expect(result[key] == nil, "\(field) \(key) twice")
            result[key] = record
        }
        return result
    }
}
