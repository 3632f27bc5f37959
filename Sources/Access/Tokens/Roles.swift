/// What a token may do, whatever its accounts: post events (`ingest`), change where an account
/// syncs and call the admin endpoints (`admin`), read the dashboard and the read endpoints
/// (`read`). Roles combine: posting a control event needs both `ingest` and `admin`.
public struct Roles: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Posting contact events, activities and custom field definitions.
    public static let ingest = Roles(rawValue: 1 << 0)
    /// Posting control events (settings, connections) and calling admin endpoints.
    public static let admin = Roles(rawValue: 1 << 1)
    /// Signing in to the dashboard and reading.
    public static let read = Roles(rawValue: 1 << 2)
    /// Every role: what a bare (legacy) token line grants.
    public static let all: Roles = [.ingest, .admin, .read]

    /// The roles by name, in the order files and listings write them.
    public static let named: [(name: String, role: Roles)] = [("ingest", .ingest), ("admin", .admin), ("read", .read)]

    /// Parses names separated by commas (`ingest,read`); refuses an unknown or missing name.
    public static func parse(_ text: some StringProtocol) -> Result<Roles, RoleError> {
        var roles: Roles = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let role = named.first(where: { $0.name == name })?.role else {
                return .failure(RoleError(name: String(name)))
            }
            roles.insert(role)
        }
        return .success(roles)
    }

    /// The names, in the order of `named`.
    public var names: [String] { Self.named.filter { contains($0.role) }.map(\.name) }

    /// The names separated by commas, as a tokens file writes them.
    public var description: String { names.joined(separator: ",") }
}

/// A role name that is not one of `ingest`, `admin` and `read`.
public struct RoleError: Error, Sendable, CustomStringConvertible {
    public let name: String
    public var description: String {
        name.isEmpty
            ? "an empty role name (roles: ingest, admin, read)" : "unknown role '\(name)' (roles: ingest, admin, read)"
    }
}
