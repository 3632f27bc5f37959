import Crypto
import Foundation
import Synchronization

/// The bearer tokens the service accepts: the lines of the tokens file, read at start and again
/// on SIGHUP.
///
/// Only SHA-256 digests of the tokens are kept, and a presented token is compared with every one
/// of them in constant time, so that neither the comparison's timing nor a memory dump gives a
/// token away. Tokens are never logged.
public final class TokenStore: Sendable {
    /// The tokens file.
    public let path: String
    private let tokens: Mutex<Tokens>

    /// What one reading of the file gave.
    private struct Tokens {
        var digests: [[UInt8]]
        /// Tokens shorter than 16 characters.
        var short: Int
    }

    /// Reads the tokens file; throws when it cannot be read or holds no token.
    public init(path: String) throws(TokenFileError) {
        self.path = path
        tokens = Mutex(try Self.read(path))
    }

    /// How many tokens are accepted.
    public var count: Int { tokens.withLock { $0.digests.count } }

    /// Reads the file again. When that fails, the tokens in force stay and the error is thrown.
    @discardableResult
    public func reload() throws(TokenFileError) -> Int {
        let fresh = try Self.read(path)
        tokens.withLock { $0 = fresh }
        return fresh.digests.count
    }

    /// Whether `token` is one of the tokens, compared with all of them in constant time.
    public func accepts(_ token: Substring) -> Bool {
        accepts(digest: Self.digest(token))
    }

    /// The SHA-256 digest of `token`: what a session keeps instead of the token itself.
    public static func digest(_ token: Substring) -> [UInt8] { Array(SHA256.hash(data: Data(token.utf8))) }

    /// Whether the token whose digest is `digest` is still one of the tokens (a session ends
    /// when its token is taken out of the file and the file re-read).
    public func accepts(digest: [UInt8]) -> Bool {
        let known = tokens.withLock { $0.digests }
        var matched = false
        for candidate in known where candidate.count == digest.count {
            var difference: UInt8 = 0
            for (left, right) in zip(candidate, digest) { difference |= left ^ right }
            matched = matched || difference == 0
        }
        return matched
    }

    /// How many of the tokens are shorter than 16 characters: easy to guess, worth a warning.
    public var shortTokens: Int { tokens.withLock { $0.short } }

    /// Whether the file can be read by others than its owner (its mode should be 0600).
    public var isOpenToOthers: Bool {
        guard let mode = try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int else {
            return false
        }
        return mode & 0o077 != 0
    }

    /// One token per line; blank lines and lines starting with `#` are skipped, spaces around a
    /// token are not part of it.
    private static func read(_ path: String) throws(TokenFileError) -> Tokens {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw TokenFileError(path: path, reason: "cannot be read (\((error as NSError).localizedDescription))")
        }
        let tokens = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !tokens.isEmpty else { throw TokenFileError(path: path, reason: "holds no token (one per line)") }
        return Tokens(
            digests: tokens.map { Array(SHA256.hash(data: Data($0.utf8))) },
            short: tokens.filter { $0.utf8.count < 16 }.count
        )
    }
}

/// Why the tokens file cannot be used.
public struct TokenFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "the tokens file \(path) \(reason)" }
}
