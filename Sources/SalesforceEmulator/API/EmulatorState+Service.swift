import Foundation

extension EmulatorState {
    /// Answers a request under `/services/`: OAuth, the versions list, or the versioned REST API
    /// with authentication, the daily allowance, injected faults and the limit header.
    mutating func service(_ request: APIRequest, segments: [String], now: Date) -> APIResponse {
        if segments == ["services", "oauth2", "token"] {
            return SalesforceEmulator.response(oauthToken(request, now: now))
        }
        if segments == ["services", "oauth2", "revoke"] {
            return SalesforceEmulator.response(oauthRevoke(request))
        }
        guard segments.count >= 2, segments[1] == "data" else {
            return SalesforceEmulator.response(APIFailure.notFound.response)
        }
        guard segments.count > 2 else {
            return SalesforceEmulator.response(
                request.method == "GET"
                    ? versions() : APIFailure.methodNotAllowed(request.method, allowed: ["GET", "HEAD"]).response
            )
        }
        guard let version = APIVersions.number(segments[2]) else {
            return SalesforceEmulator.response(APIFailure.notFound.response)
        }
        guard let token = Self.bearerToken(request), let userID = sessions.user(ofAccessToken: token, at: now) else {
            return SalesforceEmulator.response(Self.invalidSession)
        }
        let data = DataRequest(
            method: request.method,
            resource: Array(segments.dropFirst(3)),
            query: request.queryParameters,
            headers: request.headers,
            body: request.body,
            version: version,
            userID: userID,
            now: now
        )
        if usage.exhausted {
            usage.countRefusal()
            return respond(Self.requestLimitExceeded)
        }
        var dropsConnection = false
        switch faults.draw(isWrite: data.isWrite) {
        case .http500:
            return injected(data, 500, "UNKNOWN_EXCEPTION", "An unexpected error occurred")
        case .http503:
            return injected(data, 503, "SERVER_UNAVAILABLE", "Server temporarily unavailable")
        case .rowLock:
            return injected(data, 400, "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record")
        case .requestLimit:
            return respond(Self.requestLimitExceeded)
        case .sessionExpired:
            sessions.expire(token)
            return SalesforceEmulator.response(Self.invalidSession)
        case .dropConnection:
            // The request is carried out and its answer lost, as when a connection breaks after
            // Salesforce committed: the nastiest case for a client's retries.
            dropsConnection = true
        case nil:
            break
        }
        usage.count(data)
        // Route first, then build the answer: `respond(route(data))` would copy the whole state
        // (records included) to keep `respond`'s view of it apart from `route`'s mutation.
        let result = route(data)
        var response = respond(result)
        response.dropsConnection = dropsConnection
        return response
    }

    /// Dispatches a versioned request to its resource; also used for composite subrequests.
    mutating func route(_ request: DataRequest) -> APIResult {
        do throws(APIFailure) {
            let resource = request.resource
            switch resource.first {
            case nil: return try versionRoot(request)
            case "sobjects": return try sobjects(request)
            case "query", "queryAll": return try query(request)
            case "search": return try search(request)
            case "composite" where resource.count > 1 && resource[1] == "sobjects": return try collections(request)
            case "composite" where resource.count == 1: return try composite(request)
            case "limits" where resource.count == 1: return try limits(request)
            default: throw APIFailure.notFound
            }
        } catch {
            return error.response
        }
    }

    /// An injected failure that Salesforce would have counted: it reached the API and did nothing.
    private mutating func injected(
        _ request: DataRequest,
        _ status: Int,
        _ code: String,
        _ message: String
    ) -> APIResponse {
        usage.count(request)
        return respond(APIResult(status, [RecordError(code, "\(message) (injected by the emulator)").restBody]))
    }

    private func respond(_ result: APIResult) -> APIResponse {
        SalesforceEmulator.response(result, headers: [("Sforce-Limit-Info", usage.header)])
    }

    static let invalidSession = APIResult(
        401,
        [["message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"]]
    )

    static let requestLimitExceeded = APIResult(
        403,
        [RecordError("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.").restBody]
    )

    /// The token of `Authorization: Bearer ...` (or Salesforce's older `OAuth ...`).
    static func bearerToken(_ request: APIRequest) -> String? {
        guard let header = request.headers["authorization"] else { return nil }
        for scheme in ["Bearer ", "OAuth "] where header.hasPrefix(scheme) {
            return String(header.dropFirst(scheme.count)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
