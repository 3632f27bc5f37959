import Testing

@testable import Projection
@testable import SyncModel

/// Settings are per account; a new account starts from the defaults.
@Suite("Account settings")
struct SettingsFoldTests {
    private func fold(_ lines: [String]) throws -> ProjectionState {
        var state = ProjectionState()
        let parser = EventParser(makeID: { "id" })
        for (offset, line) in lines.enumerated() {
            let event = try parser.parse(line: Array(line.utf8), number: offset + 1) { _ in .unitedStates }.get()
            state.apply(event, at: UInt64(offset))
        }
        return state
    }

    @Test("a new account has the defaults: Leads and Contacts, Phone or MobilePhone, creation and field sync on, US")
    func newAccountHasDefaults() throws {
        let state = try fold([
            #"{"type":"note.added","account":"acme","contact":"c","at":"2026-11-28T09:00:00Z","body":"hi"}"#
        ])
        for account in [state.account("acme"), state.account("never-seen")] {
            #expect(account.settings.syncObject == .leadsAndContacts)
            #expect(account.settings.phoneField == .automatic)
            #expect(account.settings.createMissingRecords)
            #expect(account.settings.syncFieldUpdates)
            #expect(account.settings.defaultCountry == .unitedStates)
            #expect(SettingName.allCases.allSatisfy(account.isDefault))
        }
    }

    @Test("a partial settings.changed changes only what it names")
    func partialChangeChangesOnlyWhatItNames() throws {
        let state = try fold([
            #"{"type":"settings.changed","account":"acme","at":"2026-11-28T09:00:00Z","settings":{"sync_object":"AvoCustomer__c","phone_field":"CustomPhoneNumber__c"}}"#,
            #"{"type":"settings.changed","account":"acme","at":"2026-11-28T09:01:00Z","settings":{"create_missing_records":false}}"#,
        ])
        let account = state.account("acme")
        #expect(account.settings.syncObject == .object("AvoCustomer__c"))
        #expect(account.settings.phoneField == .field("CustomPhoneNumber__c"))
        #expect(account.settings.createMissingRecords == false)
        #expect(account.settings.syncFieldUpdates)
        #expect(account.settingsChangedAt == [.syncObject: 0, .phoneField: 0, .createMissingRecords: 1])
        #expect(account.isDefault(.syncFieldUpdates) && account.isDefault(.defaultCountry))
    }

    @Test("two accounts never see each other's settings, custom fields or contacts")
    func accountsAreIsolated() throws {
        let state = try fold([
            #"{"type":"settings.changed","account":"marketing","at":"2026-11-28T09:00:00Z","settings":{"sync_field_updates":false}}"#,
            #"{"type":"custom_field.defined","account":"marketing","at":"2026-11-28T09:00:00Z","key":"food","label":"Food","salesforce_field":"FavoriteFood__c"}"#,
            #"{"type":"contact.upserted","account":"marketing","contact":"c-1","at":"2026-11-28T09:00:00Z","fields":{"first_name":"Ada"}}"#,
            #"{"type":"settings.changed","account":"support","at":"2026-11-28T09:00:00Z","settings":{"sync_object":"AvoCustomer__c"}}"#,
        ])
        #expect(state.account("marketing").settings.syncFieldUpdates == false)
        #expect(state.account("marketing").settings.syncObject == .leadsAndContacts)
        #expect(state.account("support").settings.syncFieldUpdates)
        #expect(state.account("support").settings.syncObject == .object("AvoCustomer__c"))
        #expect(state.account("support").customFields.isEmpty)
        #expect(state.account("support").contacts.isEmpty)
        #expect(state.account("marketing").contacts["c-1"]?.fields[.firstName] == "Ada")
    }

    @Test("a contact's fields are the latest values; null clears; absent keys are kept")
    func contactFieldsArePartialUpdates() throws {
        let state = try fold([
            #"{"type":"contact.upserted","account":"acme","contact":"c-1","at":"2026-11-28T09:00:00Z","fields":{"first_name":"Ada","email":"a@x.io","phone":"4155550101"},"custom_fields":{"food":"Toast"}}"#,
            #"{"type":"contact.upserted","account":"acme","contact":"c-1","at":"2026-11-28T09:01:00Z","fields":{"email":null,"last_name":"Lovelace"},"custom_fields":{"food":"Hamburgers"}}"#,
        ])
        let contact = state.account("acme").contacts["c-1"]
        #expect(contact?.fields == [.firstName: "Ada", .lastName: "Lovelace", .phone: "+14155550101"])
        #expect(contact?.customFields == ["food": .string("Hamburgers")])
        #expect(contact?.lastEventOffset == 1)
    }

    @Test("connecting and disconnecting keep only the connection, never a secret")
    func connection() throws {
        let state = try fold([
            #"{"type":"salesforce.connected","account":"acme","at":"2026-11-28T09:00:00Z","environment":"sandbox","instance_url":"https://acme--dev.sandbox.my.salesforce.com"}"#
        ])
        #expect(state.account("acme").connection?.environment == .sandbox)
        let disconnected = try fold([
            #"{"type":"salesforce.connected","account":"acme","at":"2026-11-28T09:00:00Z","environment":"production","instance_url":"https://acme.my.salesforce.com"}"#,
            #"{"type":"salesforce.disconnected","account":"acme","at":"2026-11-28T09:01:00Z"}"#,
        ])
        #expect(disconnected.account("acme").connection == nil)
    }
}
