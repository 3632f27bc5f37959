/// A tokens file, read: each token's digest and grant, by line.
///
/// A line is either
/// - `sha256:HEX name=NAME accounts=A,B,...|* roles=ROLE,ROLE` (HEX: the token's SHA-256 in 64
///   lowercase hex digits; NAME unique in the file, by the rule of account names, and not one of
///   the names the audit trail gives to other appenders), or
/// - a bare token (the format before names and scopes): every account and every role, named
///   `token` in the audit trail; still accepted, and reported as `legacyLines`.
///
/// Blank lines and lines starting with `#` are skipped; spaces around a line are not part of it.
public struct TokenFile: Sendable {
    /// One token of the file.
    public struct Entry: Sendable, Hashable {
        /// The line it is on, from 1.
        public let line: Int
        public let digest: TokenDigest
        public let grant: Grant
    }

    public private(set) var entries: [Entry] = []

    /// Lines holding a bare token, from 1.
    public var legacyLines: [Int] { entries.filter(\.grant.isLegacy).map(\.line) }
    /// How many bare tokens are shorter than 16 characters: easy to guess.
    public private(set) var shortLegacyTokens = 0

    /// Names the audit trail gives to appenders that are not tokens, and to bare tokens: a named
    /// token may not take one, or its events would pass for theirs.
    public static let reservedNames: Set<String> = ["cli", "avosync", "token"]
    /// The name bare tokens appear under.
    public static let legacyName = "token"

    /// Reads `text`; throws naming the first line that cannot be used.
    public init(text: String) throws(TokenFileProblem) {
        var names: Set<String> = []
        var digests: Set<TokenDigest> = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingSpaces()
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let entry = try Self.entry(line, number: index + 1)
            if entry.grant.isLegacy {
                if line.utf8.count < 16 { shortLegacyTokens += 1 }
            } else {
                guard names.insert(entry.grant.name).inserted else {
                    throw TokenFileProblem(
                        line: index + 1,
                        reason: "the name \(entry.grant.name) is used by an earlier line"
                    )
                }
            }
            guard digests.insert(entry.digest).inserted else {
                throw TokenFileProblem(line: index + 1, reason: "the same token is on an earlier line")
            }
            entries.append(entry)
        }
        guard !entries.isEmpty else { throw TokenFileProblem(line: nil, reason: "holds no token") }
    }

    /// The entry of one non-blank, non-comment line.
    private static func entry(_ line: Substring, number: Int) throws(TokenFileProblem) -> Entry {
        guard line.hasPrefix("sha256:") else {
            return Entry(
                line: number,
                digest: TokenDigest(of: line),
                grant: Grant(name: legacyName, accounts: .all, roles: .all, isLegacy: true)
            )
        }
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let digest = TokenDigest(hex: fields[0].dropFirst("sha256:".count)) else {
            throw TokenFileProblem(line: number, reason: "sha256: must be followed by 64 lowercase hex digits")
        }
        var values: [String: Substring] = [:]
        for field in fields.dropFirst() {
            guard let equals = field.firstIndex(of: "=") else {
                throw TokenFileProblem(line: number, reason: "'\(field)' is not KEY=VALUE")
            }
            let key = String(field[..<equals])
            guard ["name", "accounts", "roles"].contains(key) else {
                throw TokenFileProblem(line: number, reason: "unknown key '\(key)' (keys: name, accounts, roles)")
            }
            guard values.updateValue(field[field.index(after: equals)...], forKey: key) == nil else {
                throw TokenFileProblem(line: number, reason: "\(key)= is given twice")
            }
        }
        guard let name = values["name"], let accountsText = values["accounts"], let rolesText = values["roles"] else {
            throw TokenFileProblem(line: number, reason: "a sha256: line needs name=, accounts= and roles=")
        }
        if let problem = nameProblem(name) { throw TokenFileProblem(line: number, reason: problem) }
        let accounts: AccountScope
        switch AccountScope.parse(accountsText) {
        case .success(let scope): accounts = scope
        case .failure(let error): throw TokenFileProblem(line: number, reason: "accounts: \(error)")
        }
        let roles: Roles
        switch Roles.parse(rolesText) {
        case .success(let parsed): roles = parsed
        case .failure(let error): throw TokenFileProblem(line: number, reason: "roles: \(error)")
        }
        return Entry(line: number, digest: digest, grant: Grant(name: String(name), accounts: accounts, roles: roles))
    }

    /// Why `name` cannot name a token, or nil when it can.
    public static func nameProblem(_ name: some StringProtocol) -> String? {
        guard AccessName.isValid(name) else {
            return "the name '\(name)' breaks the rule of names: 1-64 characters of A-Z a-z 0-9 _ . : -"
        }
        guard !reservedNames.contains(String(name)) else {
            return "the name '\(name)' is reserved: the audit trail uses cli, avosync and token for other appenders"
        }
        return nil
    }

    /// The line that grants `grant` to the token whose digest is `digest`.
    public static func line(digest: TokenDigest, grant: Grant) -> String {
        "sha256:\(digest.hex) name=\(grant.name) accounts=\(grant.accounts) roles=\(grant.roles)"
    }
}

/// Why a tokens file cannot be used: the line (from 1) and what is wrong with it.
public struct TokenFileProblem: Error, Sendable, CustomStringConvertible {
    public let line: Int?
    public let reason: String

    public var description: String { line.map { "line \($0): \(reason)" } ?? reason }
}

extension Substring {
    /// The text without spaces, tabs or a carriage return around it.
    func trimmingSpaces() -> Substring {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
