import Dispatcher
import Foundation
import SalesforceClient
import SyncModel

/// The baseline: the same rules, one event at a time, one request per step. It remembers links
/// (a look-up per new contact), reads a record before filling its empty fields, and writes each
/// edit and each Task on its own.
struct NaiveBaseline {
    let client: SalesforceClient
    let account: String
    var links: [String: (object: String, id: String)] = [:]
    var phones: [String: String] = [:]
    var customFields: [String: String] = [:]

    init(client: SalesforceClient, account: String) {
        self.client = client
        self.account = account
    }

    mutating func run(_ events: [Event]) async throws {
        let eventID = try APIName("Avochato_Event_Id__c")
        for event in events {
            switch event.payload {
            case .customFieldDefined(let definition):
                customFields[definition.key] = definition.salesforceField
            case .contactUpserted(let upsert):
                if let phone = upsert.fields[.phone] ?? nil { phones[upsert.contact] = phone }
                guard let record = try await link(upsert.contact) else { continue }
                let object = try APIName(record.object)
                let fieldNames = ["FirstName", "LastName", "Email", "Phone"].filter {
                    record.object == "Lead" || $0 != "Company"
                }
                let current = try await client.query(
                    SOQLQuery(
                        select: try fieldNames.map(APIName.init),
                        from: object,
                        where: .equals(try APIName("Id"), .string(record.id))
                    )
                ).first
                var writes: [String: SalesforceValue] = [:]
                for (field, value) in upsert.fields {
                    let name = FieldMapping.standardName(field)
                    if let value, fieldNames.contains(name), current?[name].isEmpty ?? true {
                        writes[name] = .string(value)
                    }
                }
                for (key, value) in upsert.customFields {
                    if let name = customFields[key] { writes[name] = FieldMapping.value(value ?? nil) }
                }
                if !writes.isEmpty { try await client.update(object, id: record.id, fields: writes) }
            case .callLogged, .textLogged, .noteAdded:
                guard let contact = event.contact, let record = try await link(contact),
                    let fields = TaskPlan.fields(
                        for: event,
                        on: RecordReference(object: record.object, id: record.id),
                        task: try await taskObject()
                    )
                else { continue }
                _ = try await client.upsert(
                    try APIName("Task"),
                    by: eventID,
                    value: TaskPlan.externalID(account: account, eventID: event.id),
                    fields: fields
                )
            default:
                continue
            }
        }
    }

    private var task: ObjectDescription?

    private mutating func taskObject() async throws -> ObjectDescription {
        if let task { return task }
        guard let described = try await client.describe(try APIName("Task")) else { throw DispatchError("no Task") }
        task = described
        return described
    }

    /// The contact's record: remembered, or looked up by phone, or created.
    private mutating func link(_ contact: String) async throws -> (object: String, id: String)? {
        if let known = links[contact] { return known }
        guard let phone = phones[contact], let key = PhoneMatching.key(phone) else { return nil }
        let found = try await client.search(
            SOSLSearch(
                anyOf: [key],
                in: .phone,
                returning: [
                    SOSLReturning(try APIName("Contact"), fields: [try APIName("Id")]),
                    SOSLReturning(
                        try APIName("Lead"),
                        fields: [try APIName("Id")],
                        where: .equals(try APIName("IsConverted"), .bool(false))
                    ),
                ]
            )
        )
        if let first = found.first, let id = first.id {
            links[contact] = (first.type, id)
        } else {
            let saved = try await client.upsert(
                try APIName("Lead"),
                by: try APIName("Avochato_Contact_Id__c"),
                value: RecordCreation.externalID(account: account, contact: contact),
                fields: ["LastName": .string(contact), "Company": "[no company in Avochato]", "Phone": .string(phone)]
            )
            guard let id = saved.id else { return nil }
            links[contact] = ("Lead", id)
        }
        return links[contact]
    }
}
