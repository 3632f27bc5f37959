/// Why Salesforce refused one record or one request: an error code such as
/// `REQUIRED_FIELD_MISSING`, a message, and the fields involved.
public struct RecordError: Error, Sendable, Equatable {
    public var code: String
    public var message: String
    public var fields: [String]

    public init(_ code: String, _ message: String, fields: [String] = []) {
        self.code = code
        self.message = message
        self.fields = fields
    }

    /// The body element of a REST error response: `{"message", "errorCode", "fields"}`.
    var restBody: JSON {
        ["message": .string(message), "errorCode": .string(code), "fields": .array(fields.map { .string($0) })]
    }

    /// The element of `errors` inside a collection or upsert result, which names the code `statusCode`.
    var resultBody: JSON {
        ["statusCode": .string(code), "message": .string(message), "fields": .array(fields.map { .string($0) })]
    }
}

extension RecordError {
    static func notFound() -> RecordError {
        RecordError("NOT_FOUND", "The requested resource does not exist")
    }

    static func unknownObject(_ name: String) -> RecordError {
        RecordError("INVALID_TYPE", "sObject type '\(name)' is not supported.")
    }

    static func noSuchField(_ field: String, on object: String) -> RecordError {
        RecordError("INVALID_FIELD", "No such column '\(field)' on sobject of type \(object)", fields: [field])
    }

    static func requiredMissing(_ fields: [String]) -> RecordError {
        RecordError(
            "REQUIRED_FIELD_MISSING",
            "Required fields are missing: [\(fields.joined(separator: ", "))]",
            fields: fields
        )
    }

    static func malformedID(_ field: String, _ value: String) -> RecordError {
        RecordError("MALFORMED_ID", "\(field): id value of incorrect type: \(value)", fields: [field])
    }

    static func deleted() -> RecordError {
        RecordError("ENTITY_IS_DELETED", "entity is deleted")
    }

    static func jsonParser(_ message: String) -> RecordError {
        RecordError("JSON_PARSER_ERROR", message)
    }
}
