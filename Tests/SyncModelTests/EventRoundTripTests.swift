import Testing

@testable import SyncModel

/// Every event type, with every field it can carry, survives JSON ingest, the stored encoding and
/// the audit JSON unchanged.
@Suite("Event round trips")
struct EventRoundTripTests {
    @Test("contact.upserted keeps every standard field, custom value kind and clear")
    func contactUpserted() throws {
        let parsed = try event(
            #"{"type":"contact.upserted","account":"acme","contact":"c-42","at":"2026-11-28T09:02:00.125+02:00","id":"e-1","fields":{"phone":"(415) 555-0101","mobile_phone":"+44 20 7946 0958","first_name":"Ada","last_name":"Lovelace","email":"ada@example.com","company":null,"rating":"Hot"},"custom_fields":{"favorite_food":"Avocado Toast","visits":12,"score":4.5,"vip":true,"old":null}}"#
        )
        #expect(parsed.id == "e-1")
        #expect(parsed.account == "acme")
        #expect(parsed.contact == "c-42")
        #expect(parsed.at.description == "2026-11-28T09:02:00.125+02:00")
        guard case .contactUpserted(let upsert) = parsed.payload else {
            Issue.record("wrong payload \(parsed.payload)")
            return
        }
        #expect(upsert.fields[.phone] == .some("+14155550101"))
        #expect(upsert.fields[.mobilePhone] == .some("+442079460958"))
        #expect(upsert.fields[.firstName] == .some("Ada"))
        #expect(upsert.fields[.lastName] == .some("Lovelace"))
        #expect(upsert.fields[.email] == .some("ada@example.com"))
        #expect(upsert.fields[.company] == .some(nil))
        #expect(upsert.fields[.rating] == .some("Hot"))
        #expect(upsert.customFields["favorite_food"] == .some(.string("Avocado Toast")))
        #expect(upsert.customFields["visits"] == .some(.integer(12)))
        #expect(upsert.customFields["score"] == .some(.number(4.5)))
        #expect(upsert.customFields["vip"] == .some(.boolean(true)))
        #expect(upsert.customFields["old"] == .some(nil))
        #expect(try storedRoundTrip(parsed) == parsed)
        #expect(try jsonRoundTrip(parsed) == parsed)
    }

    @Test("call.logged keeps direction, duration, phones and every optional string")
    func callLogged() throws {
        let parsed = try event(
            #"{"type":"call.logged","account":"acme","contact":"c-42","at":"2026-11-28T09:05:00Z","direction":"outbound","duration_seconds":125,"from":"415.555.0199","to":"001 415 555 0101","disposition":"connected","recording_url":"https://rec.example/1","conversation":"conv-9","agent":"sam"}"#
        )
        #expect(
            parsed.payload
                == .callLogged(
                    CallLog(
                        contact: "c-42",
                        direction: .outbound,
                        durationSeconds: 125,
                        from: PhoneNumber(e164: "+14155550199"),
                        to: PhoneNumber(e164: "+14155550101"),
                        disposition: "connected",
                        recordingURL: "https://rec.example/1",
                        conversation: "conv-9",
                        agent: "sam"
                    )
                )
        )
        #expect(parsed.id == "assigned-id")
        #expect(try storedRoundTrip(parsed) == parsed)
        #expect(try jsonRoundTrip(parsed) == parsed)
        let minimal = try event(
            #"{"type":"call.logged","account":"acme","contact":"c-42","at":"2026-11-28T09:05:00Z","direction":"inbound","duration_seconds":0}"#
        )
        #expect(try storedRoundTrip(minimal) == minimal)
        #expect(try jsonRoundTrip(minimal) == minimal)
    }

    @Test("text.logged keeps body, media and optional strings, including empty and non-ASCII text")
    func textLogged() throws {
        let parsed = try event(
            #"{"type":"text.logged","account":"acme","contact":"c-42","at":"2026-11-28T09:03:00-08:00","direction":"inbound","body":"Is my order ready? 🥑\n\"quoted\"","conversation":"conv-9","agent":"sam","media_urls":["https://m.example/a.jpg",""]}"#
        )
        #expect(
            parsed.payload
                == .textLogged(
                    TextLog(
                        contact: "c-42",
                        direction: .inbound,
                        body: "Is my order ready? 🥑\n\"quoted\"",
                        conversation: "conv-9",
                        agent: "sam",
                        mediaURLs: ["https://m.example/a.jpg", ""]
                    )
                )
        )
        #expect(try storedRoundTrip(parsed) == parsed)
        #expect(try jsonRoundTrip(parsed) == parsed)
        let empty = try event(
            #"{"type":"text.logged","account":"acme","contact":"c-42","at":"2026-11-28T09:03:00Z","direction":"outbound","body":"","media_urls":[]}"#
        )
        #expect(try storedRoundTrip(empty) == empty)
        #expect(try jsonRoundTrip(empty) == empty)
    }

    @Test("note.added keeps body, author and conversation")
    func noteAdded() throws {
        let parsed = try event(
            #"{"type":"note.added","account":"acme","contact":"c-42","at":"2026-11-28T09:04:00Z","body":"Prefers texts","author":"sam","conversation":"conv-9"}"#
        )
        #expect(
            parsed.payload
                == .noteAdded(Note(contact: "c-42", body: "Prefers texts", author: "sam", conversation: "conv-9"))
        )
        #expect(try storedRoundTrip(parsed) == parsed)
        #expect(try jsonRoundTrip(parsed) == parsed)
    }

    @Test("custom_field.defined keeps a mapping and an explicit unmapped field")
    func customFieldDefined() throws {
        for (field, expected) in [("\"FavoriteFood__c\"", "FavoriteFood__c"), ("null", nil)] {
            let parsed = try event(
                #"{"type":"custom_field.defined","account":"acme","at":"2026-11-28T09:01:00Z","key":"favorite_food","label":"Favorite Food","salesforce_field":"#
                    + field + "}"
            )
            #expect(
                parsed.payload
                    == .customFieldDefined(
                        CustomFieldDefinition(key: "favorite_food", label: "Favorite Food", salesforceField: expected)
                    )
            )
            #expect(try storedRoundTrip(parsed) == parsed)
            #expect(try jsonRoundTrip(parsed) == parsed)
        }
    }

    @Test("settings.changed keeps each setting it names and only those")
    func settingsChanged() throws {
        let all = try event(
            #"{"type":"settings.changed","account":"acme","at":"2026-11-28T09:00:00Z","settings":{"sync_object":"AvoCustomer__c","phone_field":"CustomPhoneNumber__c","create_missing_records":false,"sync_field_updates":false,"default_country":"gb"}}"#
        )
        #expect(
            all.payload
                == .settingsChanged(
                    SettingsChange(
                        syncObject: .object("AvoCustomer__c"),
                        phoneField: .field("CustomPhoneNumber__c"),
                        createMissingRecords: false,
                        syncFieldUpdates: false,
                        defaultCountry: country("GB")
                    )
                )
        )
        let defaults = try event(
            #"{"type":"settings.changed","account":"acme","at":"2026-11-28T09:00:00Z","settings":{"sync_object":"default","phone_field":"default"}}"#
        )
        #expect(
            defaults.payload == .settingsChanged(SettingsChange(syncObject: .leadsAndContacts, phoneField: .automatic))
        )
        for parsed in [all, defaults] {
            #expect(try storedRoundTrip(parsed) == parsed)
            #expect(try jsonRoundTrip(parsed) == parsed)
        }
    }

    @Test("salesforce.connected and salesforce.disconnected round-trip")
    func connection() throws {
        let connected = try event(
            #"{"type":"salesforce.connected","account":"acme","at":"2026-11-28T08:00:00Z","environment":"sandbox","instance_url":"https://acme--dev.sandbox.my.salesforce.com","org_id":"00D000000000001AAA"}"#
        )
        #expect(
            connected.payload
                == .salesforceConnected(
                    SalesforceConnection(
                        environment: .sandbox,
                        instanceURL: "https://acme--dev.sandbox.my.salesforce.com",
                        orgID: "00D000000000001AAA"
                    )
                )
        )
        let disconnected = try event(
            #"{"type":"salesforce.disconnected","account":"acme","at":"2026-11-28T10:00:00Z"}"#
        )
        #expect(disconnected.payload == .salesforceDisconnected)
        for parsed in [connected, disconnected] {
            #expect(try storedRoundTrip(parsed) == parsed)
            #expect(try jsonRoundTrip(parsed) == parsed)
        }
    }

    @Test("every event type is covered by the catalogue's stored codes")
    func everyTypeHasACode() {
        let codes = EventType.allCases.map { StoredTypeCode.code(of: $0) }
        #expect(Set(codes).count == EventType.allCases.count)
        for type in EventType.allCases {
            #expect(StoredTypeCode.eventType(code: StoredTypeCode.code(of: type)) == type)
        }
    }
}
