/// The accounts a token reaches: every account, present and future (`*`), or a fixed set.
public enum AccountScope: Sendable, Hashable, CustomStringConvertible {
    case all
    case only(Set<String>)

    /// Whether the token reaches `account`.
    @inlinable
    public func covers(_ account: String) -> Bool {
        switch self {
        case .all: true
        case .only(let accounts): accounts.contains(account)
        }
    }

    /// The accounts of a fixed scope, sorted; nil for every account.
    public var accounts: [String]? {
        switch self {
        case .all: nil
        case .only(let accounts): accounts.sorted()
        }
    }

    /// Parses `*` or names separated by commas (`acme,globex`), each by the rule of an account name.
    public static func parse(_ text: some StringProtocol) -> Result<AccountScope, ScopeError> {
        if text == "*" { return .success(.all) }
        var accounts: Set<String> = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard AccessName.isValid(name) else { return .failure(ScopeError(name: String(name))) }
            accounts.insert(String(name))
        }
        return .success(.only(accounts))
    }

    /// `*`, or the accounts separated by commas, as a tokens file writes them.
    public var description: String { accounts?.joined(separator: ",") ?? "*" }
}

/// An account name in a scope that breaks the rule of account names.
public struct ScopeError: Error, Sendable, CustomStringConvertible {
    public let name: String
    public var description: String {
        "'\(name)' is not an account name (1-64 characters of A-Z a-z 0-9 _ . : -), nor * for every account"
    }
}

/// The rule names of accounts and tokens follow: 1 to 64 characters of `A-Z a-z 0-9 _ . : -`.
public enum AccessName {
    public static func isValid(_ name: some StringProtocol) -> Bool {
        let utf8 = name.utf8
        guard (1...64).contains(utf8.count) else { return false }
        return utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"),
                UInt8(ascii: "-"):
                true
            default: false
            }
        }
    }
}
