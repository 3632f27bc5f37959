public import HummingbirdAuth

/// What one token may do: the identity a request carries once its token (or its session's
/// token) is known. Everything that decides who may do what asks a grant.
public struct Grant: Sendable, Hashable, RoleProviding {
    /// The token's name: the audit trail's `appended_by` for what it posts.
    public let name: String
    public let accounts: AccountScope
    public let roles: Roles
    /// A bare token line of a tokens file written before names, scopes and roles.
    public let isLegacy: Bool

    public init(name: String, accounts: AccountScope, roles: Roles, isLegacy: Bool = false) {
        self.name = name
        self.accounts = accounts
        self.roles = roles
        self.isLegacy = isLegacy
    }

    /// Whether the token may act as `role` on `account`.
    @inlinable
    public func may(_ role: Roles, on account: String) -> Bool {
        roles.isSuperset(of: role) && accounts.covers(account)
    }
}
