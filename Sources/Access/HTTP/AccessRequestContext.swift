public import Hummingbird
public import HummingbirdAuth
public import NIOCore

/// The request context of the service's listener: Hummingbird's core context, the grant of the
/// token that authenticated the request (by bearer header or by a dashboard session), the
/// session, and the client's address (sign-in throttling goes by it).
public struct AccessRequestContext: AuthRequestContext, SessionRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// What the request's token may do; nil until an authenticator knew the token.
    public var identity: Grant?
    public let sessions: SessionContext<SignedInSession>
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        identity = nil
        sessions = SessionContext()
        remoteAddress = source.channel.remoteAddress
    }

    /// The largest body any route takes (the events endpoint's 16 MiB); each route enforces its
    /// own limit while reading.
    public var maxUploadSize: Int { 16 << 20 }
}

/// What a dashboard session keeps: the digest of the token that signed in, never the token.
/// The session is worth what that token is worth at each request: nothing once it is revoked.
public struct SignedInSession: Codable, Sendable, Hashable {
    public let tokenDigest: String

    public init(_ digest: TokenDigest) { tokenDigest = digest.hex }
}
