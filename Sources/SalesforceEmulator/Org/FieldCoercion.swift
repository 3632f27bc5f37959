import Foundation

/// Turns a value a client sent for a field into the value Salesforce stores, or refuses it with
/// the error Salesforce gives.
enum FieldCoercion {
    static func coerce(_ value: JSON, for field: FieldSchema) throws(RecordError) -> JSON {
        if value == .null { return field.type == .boolean ? .bool(false) : .null }
        switch field.type {
        case .boolean:
            guard case .bool = value else { throw cannotDeserialize(value, as: "boolean", field: field) }
            return value
        case .int:
            guard let number = number(value), number.rounded() == number, abs(number) < 1e15 else {
                throw cannotDeserialize(value, as: "int", field: field)
            }
            return .int(Int(number))
        case .double, .currency, .percent:
            guard let number = number(value) else { throw cannotDeserialize(value, as: "double", field: field) }
            return .double(number)
        case .date:
            guard let text = value.stringValue, SalesforceTime.isDate(text) else {
                throw cannotDeserialize(value, as: "date", field: field)
            }
            return value
        case .datetime:
            guard let text = value.stringValue, let date = SalesforceTime.parseDateTime(text) else {
                throw cannotDeserialize(value, as: "datetime", field: field)
            }
            return .string(SalesforceTime.format(date))
        case .id, .reference:
            guard let text = value.stringValue, let id = RecordID.normalized(text) else {
                throw RecordError.malformedID(field.name, textForm(value))
            }
            return .string(id)
        case .string, .textarea, .phone, .email, .url, .picklist:
            return try text(value, for: field)
        }
    }

    private static func text(_ value: JSON, for field: FieldSchema) throws(RecordError) -> JSON {
        let text: String
        switch value {
        case .string(let string): text = string
        case .int, .double, .bool: text = textForm(value)
        default: throw cannotDeserialize(value, as: "String", field: field)
        }
        // Salesforce stores an empty text value as null.
        if text.isEmpty { return .null }
        if text.count > field.length {
            throw RecordError(
                "STRING_TOO_LONG",
                "\(field.label): data value too large: \(text.prefix(40)) (max length=\(field.length))",
                fields: [field.name]
            )
        }
        if field.type == .email, !isEmailAddress(text) {
            throw RecordError(
                "INVALID_EMAIL_ADDRESS",
                "\(field.label): invalid email address: \(text)",
                fields: [field.name]
            )
        }
        if field.type == .picklist, field.restrictedPicklist, !field.picklistValues.contains(text) {
            throw RecordError(
                "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                "\(field.label): bad value for restricted picklist field: \(text)",
                fields: [field.name]
            )
        }
        return .string(text)
    }

    /// Something@something.something, without spaces: the shape Salesforce checks.
    private static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: \.isWhitespace) else { return false }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
    }

    private static func number(_ value: JSON) -> Double? {
        switch value {
        case .int, .double: value.doubleValue
        case .string(let text): Double(text.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }

    private static func textForm(_ value: JSON) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): String(flag)
        case .null: "null"
        case .array, .object: String(decoding: value.encoded(), as: UTF8.self)
        }
    }

    private static func cannotDeserialize(_ value: JSON, as type: String, field: FieldSchema) -> RecordError {
        RecordError(
            "JSON_PARSER_ERROR",
            "Cannot deserialize instance of \(type) from \(token(of: value)) value \(textForm(value)) or request may be missing a required field",
            fields: [field.name]
        )
    }

    private static func token(of value: JSON) -> String {
        switch value {
        case .string: "VALUE_STRING"
        case .int: "VALUE_NUMBER_INT"
        case .double: "VALUE_NUMBER_FLOAT"
        case .bool(let flag): flag ? "VALUE_TRUE" : "VALUE_FALSE"
        case .array: "START_ARRAY"
        case .object: "START_OBJECT"
        case .null: "VALUE_NULL"
        }
    }
}
