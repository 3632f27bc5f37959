public import Foundation
public import Logging

/// A Salesforce REST API client: signs in with the OAuth refresh-token flow, sends requests with
/// the session's token, refreshes it once when Salesforce says it expired, retries transient
/// failures with backoff, and reads the API usage header of every answer.
///
/// It knows nothing of Avochato. Credentials never reach its log messages or errors.
public actor SalesforceClient {
    /// The REST API version used when none is chosen.
    public static let preferredVersion = "v59.0"

    private var credentials: OAuthCredentials
    private let transport: HTTPTransport
    private let retry: RetryPolicy
    private let logger: Logger
    /// Called with a rotated refresh token before the session that brought it is used, so that a
    /// crash cannot lose it.
    private let persistRefreshToken: @Sendable (String) async throws -> Void
    private var session: OAuthSession?
    private var refreshing: Task<OAuthSession, any Error>?
    private var random = SystemRandomNumberGenerator()
    private var cachedDescriptions: [String: ObjectDescription] = [:]
    private var cachedGlobal: [ObjectSummary]?

    /// The API version in use (`v59.0`).
    public private(set) var apiVersion: String
    /// The latest usage the org reported.
    public private(set) var usage: APIUsage?
    /// Requests sent, retries and token refreshes included.
    public private(set) var requestsSent = 0
    /// Attempts that failed transiently and were tried again.
    public private(set) var retries = 0
    /// Told of every request as it is sent, in the sending task (so a task-local value of the
    /// caller's can say on whose behalf).
    private let observe: (@Sendable (RequestNotice) -> Void)?

    public init(
        credentials: OAuthCredentials,
        transport: HTTPTransport,
        apiVersion: String = SalesforceClient.preferredVersion,
        retry: RetryPolicy = RetryPolicy(),
        logger: Logger = Logger(label: "avosync.salesforce"),
        persistRefreshToken: @escaping @Sendable (String) async throws -> Void = { _ in },
        observe: (@Sendable (RequestNotice) -> Void)? = nil
    ) throws(SalesforceError) {
        _ = try EndpointSecurity.checkedURL(credentials.loginURL.absoluteString, role: "the login URL")
        self.credentials = credentials
        self.transport = transport
        self.apiVersion = apiVersion
        self.retry = retry
        self.logger = logger
        self.persistRefreshToken = persistRefreshToken
        self.observe = observe
    }

    /// The signed-in session, signing in first if need be.
    public func signIn() async throws -> OAuthSession {
        if let session { return session }
        return try await refreshSession()
    }

    /// Forgets cached describe results, so that the next look reads the org again.
    public func forgetDescriptions() {
        cachedDescriptions = [:]
        cachedGlobal = nil
    }

    /// Chooses the API version: `preferred` when the org offers it, else the newest it offers.
    @discardableResult
    public func negotiateVersion(preferred: String = SalesforceClient.preferredVersion) async throws -> String {
        let session = try await signIn()
        let exchange = try await transport.send(
            "GET",
            session.instanceURL.absoluteString + "/services/data/",
            headers: [("Accept", "application/json")],
            body: nil
        )
        requestsSent += 1
        observe?(RequestNotice(kind: .call, isRetry: false))
        guard exchange.status == 200,
            let versions = try? JSONDecoder().decode([[String: String]].self, from: exchange.body)
        else {
            throw SalesforceError.invalidResponse(request: "GET /services/data/", reason: "HTTP \(exchange.status)")
        }
        let offered = versions.compactMap { $0["version"] }.compactMap(Double.init).sorted()
        let wanted = Double(preferred.dropFirst()) ?? 0
        let chosen = offered.contains(wanted) ? wanted : offered.last ?? wanted
        apiVersion = "v" + String(format: "%.1f", chosen)
        return apiVersion
    }

    // MARK: Requests

    /// Calls the REST API at `path` (relative to `/services/data/vXX.X/`, or absolute from `/`)
    /// and returns the decoded answer; an error status throws `SalesforceError`.
    ///
    /// `idempotent` says whether the request may be sent again after a lost connection or a
    /// server error, which may have happened after Salesforce carried it out.
    public func call(
        _ method: String,
        _ path: String,
        body: SalesforceValue? = nil,
        headers: [(String, String)] = [],
        idempotent: Bool
    ) async throws -> SalesforceValue? {
        let payload = try body.map { try JSONEncoder().encode($0) }
        let label = "\(method) \(HTTPTransport.pathForMessages(path))"
        var attempt = 0
        var refreshedAfter401 = false
        var retrying = false
        while true {
            attempt += 1
            let session = try await signIn()
            let url =
                session.instanceURL.absoluteString
                + (path.hasPrefix("/") ? path : "/services/data/\(apiVersion)/\(path)")
            var allHeaders: [(String, String)] = [
                ("Authorization", "Bearer \(session.accessToken)"), ("Accept", "application/json"),
            ]
            if payload != nil { allHeaders.append(("Content-Type", "application/json")) }
            allHeaders += headers
            let failure: SalesforceError
            do {
                requestsSent += 1
                observe?(RequestNotice(kind: .call, isRetry: retrying))
                let started = ContinuousClock.now
                let exchange = try await transport.send(method, url, headers: allHeaders, body: payload)
                // The request line only: never a header (the access token is one) or a body.
                logger.trace(
                    "request",
                    metadata: [
                        "request": "\(label)", "status": "\(exchange.status)",
                        "duration": "\(ContinuousClock.now - started)",
                    ]
                )
                if let header = exchange.header("Sforce-Limit-Info"), let reported = APIUsage(header: header) {
                    usage = reported
                }
                if (200..<300).contains(exchange.status) {
                    return exchange.body.isEmpty ? nil : try decode(exchange.body, label)
                }
                let errors = Self.errorItems(exchange.body)
                if exchange.status == 401, !refreshedAfter401 {
                    // The session expired or was revoked: sign in again once, then repeat.
                    refreshedAfter401 = true
                    invalidate(session)
                    logger.info("session expired; signing in again", metadata: ["request": "\(label)"])
                    attempt -= 1
                    continue
                }
                if exchange.status == 403, errors.contains(where: { $0.errorCode == "REQUEST_LIMIT_EXCEEDED" }) {
                    throw SalesforceError.requestLimitExceeded(message: errors.first?.message ?? "")
                }
                if exchange.status == 300 {
                    // Several records share an external id; the body lists their URLs, not errors.
                    throw SalesforceError.api(
                        status: 300,
                        errors: [
                            SalesforceErrorItem(
                                errorCode: "MULTIPLE_CHOICES",
                                message: "several records have this external id"
                            )
                        ],
                        request: label
                    )
                }
                failure = .api(status: exchange.status, errors: errors, request: label)
            } catch let error as SalesforceError {
                failure = error
            }
            let retriable = failure.isTransient && (idempotent || Self.refusedBeforeProcessing(failure))
            guard retriable, attempt < retry.maxAttempts else { throw failure }
            retries += 1
            retrying = true
            let pause = retry.delay(afterAttempt: attempt, using: &random)
            logger.debug(
                "retrying",
                metadata: ["request": "\(label)", "reason": "\(failure)", "attempt": "\(attempt)"]
            )
            try await Task.sleep(for: pause)
        }
    }

    /// Failures that prove the request was not carried out: a locked row or an unavailable
    /// server refuses the request before it changes anything.
    private static func refusedBeforeProcessing(_ error: SalesforceError) -> Bool {
        guard case .api(let status, let errors, _) = error else { return false }
        return status == 503 || errors.contains { $0.errorCode == "UNABLE_TO_LOCK_ROW" }
    }

    private func decode(_ body: Data, _ label: String) throws -> SalesforceValue {
        do {
            return try JSONDecoder().decode(SalesforceValue.self, from: body)
        } catch {
            throw SalesforceError.invalidResponse(request: label, reason: "the body is not JSON")
        }
    }

    static func errorItems(_ body: Data) -> [SalesforceErrorItem] {
        if let items = try? JSONDecoder().decode([SalesforceErrorItem].self, from: body) { return items }
        if let item = try? JSONDecoder().decode(SalesforceErrorItem.self, from: body) { return [item] }
        return []
    }

    // MARK: Sessions

    private func invalidate(_ stale: OAuthSession) {
        if session?.accessToken == stale.accessToken { session = nil }
    }

    /// Signs in with the refresh token; concurrent callers share one sign-in.
    private func refreshSession() async throws -> OAuthSession {
        if let refreshing { return try await refreshing.value }
        let task = Task { try await self.requestToken() }
        refreshing = task
        defer { refreshing = nil }
        let fresh = try await task.value
        session = fresh
        return fresh
    }

    private func requestToken() async throws -> OAuthSession {
        let form = [
            ("grant_type", "refresh_token"), ("client_id", credentials.clientID),
            ("client_secret", credentials.clientSecret), ("refresh_token", credentials.refreshToken),
        ]
        .map { "\($0.0)=\(Self.queryEncoded($0.1))" }.joined(separator: "&")
        let url = credentials.loginURL.absoluteString.trimmingSuffix("/") + "/services/oauth2/token"
        var attempt = 0
        while true {
            attempt += 1
            requestsSent += 1
            observe?(RequestNotice(kind: .signIn, isRetry: attempt > 1))
            do {
                let exchange = try await transport.send(
                    "POST",
                    url,
                    headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
                    body: Data(form.utf8)
                )
                let signedIn = try await session(from: exchange)
                logger.debug(
                    "signed in",
                    metadata: [
                        "instance_url": "\(signedIn.instanceURL.absoluteString)", "org_id": "\(signedIn.orgID ?? "?")",
                    ]
                )
                return signedIn
            } catch let error as SalesforceError where error.isTransient && attempt < retry.maxAttempts {
                retries += 1
                try await Task.sleep(for: retry.delay(afterAttempt: attempt, using: &random))
            }
        }
    }

    private func session(from exchange: HTTPExchange) async throws -> OAuthSession {
        guard exchange.status == 200 else {
            if let refusal = try? JSONDecoder().decode(TokenErrorResponse.self, from: exchange.body) {
                throw SalesforceError.authentication(error: refusal.error, description: refusal.error_description ?? "")
            }
            throw SalesforceError.api(
                status: exchange.status,
                errors: Self.errorItems(exchange.body),
                request: "POST /services/oauth2/token"
            )
        }
        guard let token = try? JSONDecoder().decode(TokenResponse.self, from: exchange.body) else {
            throw SalesforceError.invalidResponse(
                request: "POST /services/oauth2/token",
                reason: "no access_token or instance_url"
            )
        }
        let instance = try EndpointSecurity.checkedURL(token.instance_url, role: "the org's instance_url")
        var fresh = OAuthSession(accessToken: token.access_token, instanceURL: instance, identityURL: token.id)
        if let rotated = token.refresh_token, rotated != credentials.refreshToken {
            // Persisted before use: the old token may already be dead.
            try await persistRefreshToken(rotated)
            credentials.refreshToken = rotated
            fresh.rotatedRefreshToken = rotated
            logger.info("the org rotated the refresh token; stored the new one")
        }
        return fresh
    }

    /// Closes the connections.
    public func shutdown() async {
        await transport.shutdown()
    }

    // MARK: Describe cache

    func cachedDescription(_ object: String) -> ObjectDescription? { cachedDescriptions[object] }
    func remember(_ description: ObjectDescription) { cachedDescriptions[description.name] = description }
    func cachedGlobalDescription() -> [ObjectSummary]? { cachedGlobal }
    func remember(global: [ObjectSummary]) { cachedGlobal = global }
}

extension CharacterSet {
    /// RFC 3986's unreserved characters: everything else is percent-encoded.
    static let urlUnreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}

/// One request a client sent, as its observer hears of it.
public struct RequestNotice: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A REST API call, counted against the org's daily allowance.
        case call
        /// An OAuth token request, which the allowance does not count.
        case signIn
    }

    public var kind: Kind
    /// Whether it repeats a request that failed transiently.
    public var isRetry: Bool

    public init(kind: Kind, isRetry: Bool) {
        self.kind = kind
        self.isRetry = isRetry
    }
}
