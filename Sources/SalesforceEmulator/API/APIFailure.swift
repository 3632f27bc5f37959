/// A request the API refuses as a whole: an HTTP status and Salesforce's error array.
struct APIFailure: Error {
    var status: Int
    var errors: [RecordError]

    init(_ status: Int, _ error: RecordError) {
        self.status = status
        self.errors = [error]
    }

    var response: APIResult {
        APIResult(status, .array(errors.map(\.restBody)))
    }

    static let notFound = APIFailure(404, RecordError.notFound())

    static func methodNotAllowed(_ method: String, allowed: [String]) -> APIFailure {
        APIFailure(
            405,
            RecordError(
                "METHOD_NOT_ALLOWED",
                "HTTP Method '\(method)' not allowed. Allowed are \(allowed.joined(separator: ","))"
            )
        )
    }

    static func badRequest(_ error: RecordError) -> APIFailure {
        APIFailure(400, error)
    }
}

/// What a resource answers: status and JSON body (none for 204).
struct APIResult {
    var status: Int
    var body: JSON?

    init(_ status: Int, _ body: JSON?) {
        self.status = status
        self.body = body
    }
}
