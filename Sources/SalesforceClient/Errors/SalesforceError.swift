/// One entry of Salesforce's error body: `{"message": ..., "errorCode": ..., "fields": [...]}`.
public struct SalesforceErrorItem: Sendable, Hashable, Codable, CustomStringConvertible {
    public var errorCode: String
    public var message: String
    public var fields: [String]

    public init(errorCode: String, message: String, fields: [String] = []) {
        self.errorCode = errorCode
        self.message = message
        self.fields = fields
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        errorCode = try container.decodeIfPresent(String.self, forKey: .errorCode) ?? "UNKNOWN_ERROR"
        message = try container.decodeIfPresent(String.self, forKey: .message) ?? ""
        fields = try container.decodeIfPresent([String].self, forKey: .fields) ?? []
    }

    public var description: String {
        fields.isEmpty
            ? "\(errorCode): \(message)" : "\(errorCode): \(message) (fields: \(fields.joined(separator: ", ")))"
    }
}

/// Why a call to Salesforce failed.
public enum SalesforceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Salesforce answered with an error status and its error body.
    case api(status: Int, errors: [SalesforceErrorItem], request: String)
    /// The org's API allowance is used up (403 REQUEST_LIMIT_EXCEEDED); calls resume when it resets.
    case requestLimitExceeded(message: String)
    /// The login host refused the OAuth grant (`invalid_grant`, `invalid_client_id`, ...).
    case authentication(error: String, description: String)
    /// No answer: a refused or dropped connection, or a timeout. The request may have been carried out.
    case transport(request: String, reason: String)
    /// The server's TLS certificate could not be verified (a private CA needs `--ca-file`).
    case untrustedServer(request: String, reason: String)
    /// A URL that would send credentials in clear text or that cannot be used.
    case insecureURL(String)
    /// An answer that is not what the API documents.
    case invalidResponse(request: String, reason: String)

    /// The first error code of an API error.
    public var errorCode: String? {
        switch self {
        case .api(_, let errors, _): errors.first?.errorCode
        case .requestLimitExceeded: "REQUEST_LIMIT_EXCEEDED"
        case .authentication(let error, _): error
        case .transport, .untrustedServer, .insecureURL, .invalidResponse: nil
        }
    }

    /// Whether trying again later may succeed: server errors, lost connections, timeouts and
    /// locked rows. Everything else would fail the same way again.
    public var isTransient: Bool {
        switch self {
        case .api(let status, let errors, _):
            // A 401 here came after a fresh sign-in (the client refreshes once): try again later.
            status >= 500 || status == 401
                || errors.contains { SalesforceErrorItem.transientCodes.contains($0.errorCode) }
        case .transport: true
        case .requestLimitExceeded, .authentication, .untrustedServer, .insecureURL, .invalidResponse: false
        }
    }

    /// Whether Salesforce says an object or field avosync named does not exist (or cannot be
    /// written): the org's schema changed since it was described.
    public var indicatesSchemaChange: Bool {
        guard case .api(_, let errors, _) = self else { return false }
        return errors.contains(where: \.indicatesSchemaChange)
    }

    public var description: String {
        switch self {
        case .api(let status, let errors, let request):
            "\(request): HTTP \(status): "
                + (errors.isEmpty ? "no error body" : errors.map(\.description).joined(separator: "; "))
        case .requestLimitExceeded(let message): "REQUEST_LIMIT_EXCEEDED: \(message)"
        case .authentication(let error, let description): "sign-in refused: \(error): \(description)"
        case .transport(let request, let reason): "\(request): no answer: \(reason)"
        case .untrustedServer(let request, let reason):
            "\(request): the server's TLS certificate is not trusted (\(reason)); for a private CA, pass its certificate with --ca-file"
        case .insecureURL(let reason): reason
        case .invalidResponse(let request, let reason): "\(request): unexpected answer: \(reason)"
        }
    }
}

extension SalesforceErrorItem {
    /// Codes that mean "this time", not "this record": worth a retry.
    static let transientCodes: Set<String> = ["UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE", "REQUEST_RUNNING_TOO_LONG"]

    /// Whether retrying the same write later may succeed.
    public var isTransient: Bool { Self.transientCodes.contains(errorCode) }

    /// Codes that name an object or field the org does not have (any more), or no longer lets be written.
    static let schemaCodes: Set<String> = ["INVALID_FIELD", "INVALID_TYPE", "INVALID_FIELD_FOR_INSERT_UPDATE"]

    /// Whether the error says the org's schema is not what its describe said.
    public var indicatesSchemaChange: Bool { Self.schemaCodes.contains(errorCode) }
}
