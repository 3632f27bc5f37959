import Foundation
import Testing

@testable import SyncModel

/// The Salesforce side of two-way sync in the event catalogue: only avosync writes those events,
/// and directions and the import setting round-trip.
@Suite("Events from Salesforce")
struct SalesforceEventTests {
    private func parse(_ line: String) -> Result<Event, IngestError> {
        EventParser().parse(line: Array(line.utf8), number: 7) { _ in .unitedStates }
    }

    @Test(
        "append refuses the three salesforce.* types with a reason naming the type",
        arguments: [
            "salesforce.record_changed", "salesforce.record_merged", "salesforce.record_deleted",
        ]
    )
    func appendRefusesSalesforceTypes(type: String) {
        let line =
            #"{"type":"\#(type)","account":"acme","contact":"c-1","at":"2026-11-28T09:00:00Z","object":"Lead","record_id":"00Q5e0000000001EAA"}"#
        guard case .failure(let error) = parse(line) else {
            Issue.record("\(type) was accepted")
            return
        }
        #expect(error.line == 7 && error.field == "type")
        #expect(error.reason.contains(type) && error.reason.contains("written only by avosync"), "\(error.reason)")
    }

    @Test("the three salesforce.* events round-trip through the stored encoding and show the contract's keys")
    func salesforceEventsRoundTrip() throws {
        let lead = RecordReference(object: "Lead", id: "00Q5e0000000005EAA")
        let at = try EventTime.parse("2026-12-01T06:54:23Z").get()
        var fields = ContactFieldMap<String?>()
        fields[.email] = .some("ada@lovelace.example")
        fields[.company] = .some(nil)
        let events = [
            Event(
                id: "sfc-1",
                account: "acme",
                at: at,
                payload: .salesforceRecordChanged(
                    SalesforceRecordChange(
                        contact: "c-42",
                        record: lead,
                        fields: fields,
                        customFields: ["favorite_food": .string("Pho"), "visits": .integer(3)]
                    )
                )
            ),
            Event(
                id: "sfm-1",
                account: "acme",
                at: at,
                payload: .salesforceRecordMerged(
                    SalesforceRecordMerge(contact: "c-42", record: lead, mergedInto: "00Q5e0000000001EAA")
                )
            ),
            Event(
                id: "sfd-1",
                account: "acme",
                at: at,
                payload: .salesforceRecordDeleted(SalesforceRecordDeletion(contact: "c-42", record: lead))
            ),
        ]
        for event in events {
            guard case .event(let decoded) = try StoredEncoding.decode(StoredEncoding.encode(event)) else {
                Issue.record("\(event.type) did not decode as an event")
                continue
            }
            #expect(decoded == event)
        }
        let changed = events[0].jsonObject.jsonText
        #expect(changed.contains(#""object":"Lead","record_id":"00Q5e0000000005EAA""#), "\(changed)")
        #expect(changed.contains(#""fields":{"email":"ada@lovelace.example","company":null}"#), "\(changed)")
        #expect(events[1].jsonObject.jsonText.contains(#""merged_into":"00Q5e0000000001EAA""#))
    }

    @Test("a custom field's direction is kept, both by default, and an unknown one is refused")
    func directionsRoundTrip() throws {
        for direction in SyncDirection.allCases {
            let line =
                #"{"type":"custom_field.defined","account":"acme","at":"2026-11-28T09:01:00Z","key":"k","label":"K","salesforce_field":"K__c","direction":"\#(direction.rawValue)"}"#
            let event = try parse(line).get()
            guard case .customFieldDefined(let definition) = event.payload else {
                throw IngestError(line: 0, field: nil, reason: "")
            }
            #expect(definition.direction == direction)
            guard case .event(let decoded) = try StoredEncoding.decode(StoredEncoding.encode(event)) else { continue }
            #expect(decoded == event)
        }
        let plain = try parse(
            #"{"type":"custom_field.defined","account":"acme","at":"2026-11-28T09:01:00Z","key":"k","label":"K","salesforce_field":"K__c"}"#
        ).get()
        #expect(
            plain.payload == .customFieldDefined(CustomFieldDefinition(key: "k", label: "K", salesforceField: "K__c"))
        )
        guard
            case .failure(let error) = parse(
                #"{"type":"custom_field.defined","account":"acme","at":"2026-11-28T09:01:00Z","key":"k","label":"K","salesforce_field":"K__c","direction":"sideways"}"#
            )
        else {
            Issue.record("an unknown direction was accepted")
            return
        }
        #expect(error.field == "direction" && error.reason.contains("sideways"))
    }

    @Test("import_salesforce_changes is a setting, on by default, that a settings.changed may turn off")
    func importSettingRoundTrips() throws {
        #expect(AccountSettings.defaults.importSalesforceChanges)
        let event = try parse(
            #"{"type":"settings.changed","account":"acme","at":"2026-11-28T09:00:00Z","settings":{"import_salesforce_changes":false}}"#
        ).get()
        #expect(event.payload == .settingsChanged(SettingsChange(importSalesforceChanges: false)))
        guard case .event(let decoded) = try StoredEncoding.decode(StoredEncoding.encode(event)) else {
            Issue.record("did not decode")
            return
        }
        #expect(decoded == event)
        guard case .settingsChanged(let change) = event.payload else { return }
        #expect(!AccountSettings.defaults.applying(change).importSalesforceChanges)
    }
}
