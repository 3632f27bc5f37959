import Foundation
import Synchronization

/// The tokens the service accepts and what each may do: the tokens file, read at start and
/// again on SIGHUP.
///
/// Only digests are kept (a bare legacy token is hashed as it is read), and a presented token is
/// found by its digest. Tokens are never logged.
public final class TokenStore: Sendable {
    /// The tokens file.
    public let path: String
    private let current: Mutex<Current>

    private struct Current {
        var grants: [TokenDigest: Grant]
        var file: TokenFile
    }

    /// Reads the tokens file; throws when it cannot be read or a line cannot be used.
    public init(path: String) throws(TokenFileError) {
        self.path = path
        let file = try Self.read(path)
        current = Mutex(Current(grants: Self.grants(file), file: file))
    }

    /// How many tokens are accepted.
    public var count: Int { current.withLock { $0.grants.count } }

    /// The file as last read.
    public var file: TokenFile { current.withLock { $0.file } }

    /// Reads the file again. When that fails, the tokens in force stay and the error is thrown.
    @discardableResult
    public func reload() throws(TokenFileError) -> Int {
        let file = try Self.read(path)
        let grants = Self.grants(file)
        current.withLock { $0 = Current(grants: grants, file: file) }
        return grants.count
    }

    /// What `token` may do, or nil when it is not one of the tokens.
    public func grant(for token: some StringProtocol) -> Grant? {
        grant(for: TokenDigest(of: token))
    }

    /// What the token whose digest is `digest` may do, or nil once it is no longer one of the
    /// tokens (a session ends when its token leaves the file and the file is re-read).
    public func grant(for digest: TokenDigest) -> Grant? {
        current.withLock { $0.grants[digest] }
    }

    /// Whether the file can be read by others than its owner (its mode should be 0600).
    public var isOpenToOthers: Bool {
        guard let mode = try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int else {
            return false
        }
        return mode & 0o077 != 0
    }

    /// What an operator should fix in the file, one sentence each: bare tokens (full access,
    /// named by their line), short ones, and a file others can read.
    public var warnings: [String] {
        let file = self.file
        var warnings = file.legacyLines.map { line in
            "line \(line) of the tokens file \(path) is a bare token: it reaches every account with every role; "
                + "replace it with a scoped one (avosync tokens create) and delete the line"
        }
        if file.shortLegacyTokens > 0 {
            warnings.append(
                "\(file.shortLegacyTokens) bare token(s) in \(path) are shorter than 16 characters and easy to guess"
            )
        }
        if isOpenToOthers { warnings.append("the tokens file \(path) can be read by others; chmod 600 it") }
        return warnings
    }

    private static func grants(_ file: TokenFile) -> [TokenDigest: Grant] {
        Dictionary(file.entries.map { ($0.digest, $0.grant) }, uniquingKeysWith: { first, _ in first })
    }

    private static func read(_ path: String) throws(TokenFileError) -> TokenFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw TokenFileError(path: path, reason: "cannot be read (\((error as NSError).localizedDescription))")
        }
        do {
            return try TokenFile(text: text)
        } catch {
            throw TokenFileError(path: path, reason: error.description)
        }
    }
}

/// Why the tokens file cannot be used.
public struct TokenFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "the tokens file \(path): \(reason)" }
}
