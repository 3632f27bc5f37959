public import SalesforceClient
public import SyncModel

/// Which Salesforce field each Avochato contact field maps to, and which of them are protected.
public enum FieldMapping {
    /// Salesforce's standard field for each Avochato field.
    public static func standardName(_ field: ContactField) -> String {
        switch field {
        case .firstName: "FirstName"
        case .lastName: "LastName"
        case .phone: "Phone"
        case .mobilePhone: "MobilePhone"
        case .email: "Email"
        case .company: "Company"
        case .rating: "Rating"
        }
    }

    /// The field `field` is written to on `object`: the standard name, except that a custom
    /// target's phone goes to its chosen phone field (`phoneField`) when the object has no Phone.
    public static func salesforceName(
        _ field: ContactField,
        on object: ObjectDescription,
        phoneField: String?
    ) -> String {
        if field == .phone, object.field("Phone") == nil, let phoneField { return phoneField }
        return standardName(field)
    }

    /// The value Salesforce gets for a custom field's value.
    public static func value(_ custom: CustomFieldValue?) -> SalesforceValue {
        switch custom {
        case nil: .null
        case .string(let text)?: .string(text)
        case .integer(let number)?: .int(number)
        case .number(let number)?: .double(number)
        case .boolean(let flag)?: .bool(flag)
        }
    }
}

/// What one `contact.upserted` event does to its linked record.
public struct FieldEventPlan: Sendable, Hashable {
    public var written: [String] = []
    public var skipped: [SkippedField] = []
}

/// The field-sync rules, applied to a record's current values: the seven standard fields are
/// filled only where Salesforce has nothing and Avochato has something; mapped custom fields are
/// always overwritten; fields the object lacks or cannot update are skipped and said so.
public struct FieldPlanner: Sendable {
    public var object: ObjectDescription
    /// The custom target's chosen phone field, for objects without a Phone field.
    public var phoneField: String?
    /// Custom field definitions in force.
    public var customFields: [String: CustomFieldDefinition]
    /// The record's values, updated by each event planned.
    public private(set) var values: [String: SalesforceValue]
    /// The fields to send, with their final values.
    public private(set) var writes: [String: SalesforceValue] = [:]

    public init(
        object: ObjectDescription,
        phoneField: String?,
        customFields: [String: CustomFieldDefinition],
        currentValues: [String: SalesforceValue]
    ) {
        self.object = object
        self.phoneField = phoneField
        self.customFields = customFields
        self.values = currentValues
    }

    /// Plans one event's changes, in log order after the events planned before it.
    public mutating func plan(_ upsert: ContactUpsert) -> FieldEventPlan {
        var plan = FieldEventPlan()
        for (field, value) in upsert.fields {
            let name = FieldMapping.salesforceName(field, on: object, phoneField: phoneField)
            if let problem = problem(name) {
                plan.skipped.append(SkippedField(field: name, reason: problem))
            } else if let value {
                if values[name]?.isEmpty ?? true {
                    set(name, .string(value))
                    plan.written.append(name)
                } else {
                    plan.skipped.append(
                        SkippedField(
                            field: name,
                            reason: "Salesforce already has a value; this field is only filled when empty"
                        )
                    )
                }
            } else {
                plan.skipped.append(
                    SkippedField(field: name, reason: "cleared in Avochato; this field is never cleared in Salesforce")
                )
            }
        }
        for key in upsert.customFields.keys.sorted() {
            guard let name = customFields[key]?.salesforceField else {
                plan.skipped.append(
                    SkippedField(field: key, reason: "custom field \(key) has no Salesforce field mapped")
                )
                continue
            }
            if let direction = customFields[key]?.direction, !direction.writesToSalesforce {
                plan.skipped.append(
                    SkippedField(
                        field: name,
                        reason: "custom field \(key) syncs \(direction.rawValue); Avochato's value is not written"
                    )
                )
                continue
            }
            if let problem = problem(name) {
                plan.skipped.append(SkippedField(field: name, reason: problem))
            } else {
                set(name, FieldMapping.value(upsert.customFields[key] ?? nil))
                plan.written.append(name)
            }
        }
        return plan
    }

    /// A change brought back from Salesforce, in log order among the batch's edits: the record
    /// already holds it, so an earlier edit of the same field in this batch is not sent (the
    /// later value wins), and the brought-back value itself is never written back.
    public mutating func broughtBack(_ change: SalesforceRecordChange) {
        var names: [(String, SalesforceValue)] = change.fields.map { field, value in
            (FieldMapping.salesforceName(field, on: object, phoneField: phoneField), value.map { .string($0) } ?? .null)
        }
        for (key, value) in change.customFields {
            if let name = customFields[key]?.salesforceField { names.append((name, FieldMapping.value(value))) }
        }
        for (name, value) in names {
            writes[name] = nil
            values[name] = value
        }
    }

    /// Why `name` cannot be written on this object, or nil.
    func problem(_ name: String) -> String? {
        guard let field = object.field(name) else { return "\(object.name) has no field \(name)" }
        guard field.updateable else { return "\(name) cannot be updated on \(object.name)" }
        return nil
    }

    private mutating func set(_ name: String, _ value: SalesforceValue) {
        if values[name] != value || writes[name] != nil { writes[name] = value }
        values[name] = value
    }

    /// The plan when field sync is off: every field the event carries, skipped.
    public static func syncOff(_ upsert: ContactUpsert) -> FieldEventPlan {
        var plan = FieldEventPlan()
        let names = upsert.fields.map { FieldMapping.standardName($0.key) } + upsert.customFields.keys.sorted()
        plan.skipped = names.map { SkippedField(field: $0, reason: "sync_field_updates is off") }
        return plan
    }
}
