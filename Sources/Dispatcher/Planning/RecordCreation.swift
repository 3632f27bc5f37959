public import Projection
public import SalesforceClient
public import SyncModel

/// The fields of a record avosync creates for an unmatched contact.
public enum RecordCreation {
    /// Placeholder for a required field Avochato has no value for: says plainly that it is one.
    public static func placeholder(for field: String) -> String { "[no \(field) in Avochato]" }

    /// The external id of a record created for a contact: account and contact id.
    public static func externalID(account: String, contact: String) -> String { "\(account)/\(contact)" }

    /// The record for `contact`, on `object`: its mapped fields that the object can create, the
    /// phone in the target's phone field, the external id if the object has one, and honest
    /// placeholders for fields Salesforce requires and Avochato lacks (a Lead's LastName and Company).
    public static func fields(
        account: String,
        contactID: String,
        contact: ContactState,
        object: ObjectDescription,
        phoneField: String,
        customFields: [String: CustomFieldDefinition]
    ) -> [String: SalesforceValue] {
        var fields: [String: SalesforceValue] = [:]
        func put(_ name: String, _ value: SalesforceValue) {
            guard let field = object.field(name), field.createable else { return }
            if case .string(let text) = value, field.length > 0, text.count > field.length {
                fields[name] = .string(String(text.prefix(field.length)))
            } else {
                fields[name] = value
            }
        }
        for (field, value) in contact.fields {
            put(FieldMapping.salesforceName(field, on: object, phoneField: phoneField), .string(value))
        }
        if let phone = contact.fields[.phone] ?? contact.fields[.mobilePhone], fields[phoneField] == nil {
            put(phoneField, .string(phone))
        }
        for (key, value) in contact.customFields {
            guard let definition = customFields[key], definition.direction.writesToSalesforce,
                let name = definition.salesforceField
            else { continue }
            put(name, FieldMapping.value(value))
        }
        if object.field("Avochato_Contact_Id__c")?.externalId == true {
            fields["Avochato_Contact_Id__c"] = .string(externalID(account: account, contact: contactID))
        }
        var required = object.fields.filter(\.isRequiredOnCreate).map(\.name)
        // Salesforce requires a Lead's Company, though describe calls it nillable.
        if object.name == "Lead" { required.append("Company") }
        for name in required where fields[name]?.isEmpty ?? true {
            if name == "Name" {
                let full = [contact.fields[.firstName], contact.fields[.lastName]].compactMap { $0 }.joined(
                    separator: " "
                )
                put(name, .string(full.isEmpty ? (contact.fields[.phone] ?? placeholder(for: "name")) : full))
            } else if let field = object.field(name), ["string", "textarea"].contains(field.type) {
                put(name, .string(placeholder(for: field.label.lowercased())))
            }
        }
        return fields
    }
}
