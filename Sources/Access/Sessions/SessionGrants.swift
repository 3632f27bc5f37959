public import HummingbirdAuth

/// The grant a dashboard session stands for: that of its token, looked up again on every request,
/// so that a session ends the moment its token leaves the tokens file and the file is re-read.
public struct SessionGrants: UserSessionRepository {
    let tokens: TokenStore

    public init(tokens: TokenStore) { self.tokens = tokens }

    public func getUser(from session: SignedInSession, context: UserRepositoryContext) async throws -> Grant? {
        TokenDigest(hex: session.tokenDigest).flatMap { tokens.grant(for: $0) }
    }
}
