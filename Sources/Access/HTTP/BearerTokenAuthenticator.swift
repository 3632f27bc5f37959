public import Hummingbird
public import HummingbirdAuth

/// Authenticates `Authorization: Bearer TOKEN` against the tokens file: the request carries the
/// token's grant as its identity. A request without the header, or with a token that is not in
/// the file, goes on without one; each route decides how to answer that (`presentedUnknownToken`
/// tells the two apart).
public struct BearerTokenAuthenticator: AuthenticatorMiddleware {
    public typealias Context = AccessRequestContext
    let tokens: TokenStore

    public init(tokens: TokenStore) { self.tokens = tokens }

    public func authenticate(request: Request, context: AccessRequestContext) async throws -> Grant? {
        bearerToken(request.headers[.authorization]).flatMap { tokens.grant(for: $0) }
    }

    /// Whether the request sent an `Authorization` header that named no known token.
    public static func presentedUnknownToken(_ request: Request, _ context: AccessRequestContext) -> Bool {
        request.headers[.authorization] != nil && context.identity == nil
    }
}

/// The token of an `Authorization: Bearer TOKEN` header (the scheme in any case); nil for any
/// other header or none.
public func bearerToken(_ header: String?) -> Substring? {
    guard let header, header.utf8.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
    let token = header.dropFirst(7).drop { $0 == " " }
    return token.isEmpty ? nil : token
}
