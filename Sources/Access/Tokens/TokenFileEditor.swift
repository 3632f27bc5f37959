import Foundation

/// Makes, lists and revokes the tokens of a tokens file (`avosync tokens`).
///
/// A new token is 32 random bytes from the system's generator, written in base64url after the
/// prefix `avosync_` (so that secret scanners can spot a leaked one); only its digest reaches the
/// file. Every change rewrites the file whole (a temporary file, fsync, rename, fsync of the
/// directory), mode 0600, under an exclusive lock on its directory: a running service re-reading
/// it on SIGHUP sees the old file or the new one, and two changes at once do not lose either.
public struct TokenFileEditor: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// A token made by `create`, shown once.
    public struct NewToken: Sendable {
        public let token: String
        public let grant: Grant
    }

    /// Makes a random token for `name`, appends its digest line (creating the file when missing)
    /// and returns it.
    public func create(name: String, accounts: AccountScope, roles: Roles) throws(TokenEditError) -> NewToken {
        if let problem = TokenFile.nameProblem(name) { throw .usage(problem) }
        guard !roles.isEmpty else { throw .usage("a token needs at least one role (ingest, admin, read)") }
        return try locked { () throws(TokenEditError) in
            let text = try existingText() ?? ""
            if !text.isEmpty {
                let file = try parse(text)
                if file.entries.contains(where: { !$0.grant.isLegacy && $0.grant.name == name }) {
                    throw .usage("a token named \(name) is already in \(path); revoke it first, or choose another name")
                }
            }
            let token = Self.randomToken()
            let grant = Grant(name: name, accounts: accounts, roles: roles)
            let separator = text.isEmpty || text.hasSuffix("\n") ? "" : "\n"
            try replaceFile(
                with: text + separator + TokenFile.line(digest: TokenDigest(of: token), grant: grant) + "\n"
            )
            return NewToken(token: token, grant: grant)
        }
    }

    /// Every token of the file: its line, name, accounts and roles.
    public func list() throws(TokenEditError) -> [TokenFile.Entry] {
        guard let text = try existingText() else { throw .failure("there is no tokens file at \(path)") }
        return try parse(text).entries
    }

    /// Takes the token named `name` out of the file; returns its grant.
    @discardableResult
    public func revoke(name: String) throws(TokenEditError) -> Grant {
        try locked { () throws(TokenEditError) in
            guard let text = try existingText() else { throw .failure("there is no tokens file at \(path)") }
            let file = try parse(text)
            guard let entry = file.entries.first(where: { !$0.grant.isLegacy && $0.grant.name == name }) else {
                throw .usage("no token named \(name) in \(path)")
            }
            guard file.entries.count > 1 else {
                throw .usage("\(name) is the last token of \(path): a service would refuse a file without tokens")
            }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            lines.remove(at: entry.line - 1)
            try replaceFile(with: lines.joined(separator: "\n"))
            return entry.grant
        }
    }

    /// 32 random bytes in base64url without padding, after `avosync_`.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "avosync_" + base64
    }

    private func parse(_ text: String) throws(TokenEditError) -> TokenFile {
        do {
            return try TokenFile(text: text)
        } catch {
            throw .failure("the tokens file \(path): \(error.description); fix it by hand first")
        }
    }

    private func existingText() throws(TokenEditError) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .failure("cannot read the tokens file \(path): \((error as NSError).localizedDescription)")
        }
    }

    private var directory: String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    /// Runs `body` holding an exclusive lock on the file's directory.
    private func locked<T>(_ body: () throws(TokenEditError) -> T) throws(TokenEditError) -> T {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .failure("cannot open the directory \(directory): \(errnoText())") }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw .failure("cannot lock \(directory): \(errnoText())") }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    /// Replaces the file with `text`, mode 0600, durably.
    private func replaceFile(with text: String) throws(TokenEditError) {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .failure("cannot create \(temporary): \(errnoText())") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            let reason = errnoText()
            unlink(temporary)
            throw .failure("cannot write the tokens file \(path): \(reason)")
        }
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private func errnoText() -> String { String(cString: strerror(errno)) }
}

/// Why a tokens file could not be changed: a usage mistake (exit 2) or a failure (exit 1).
public enum TokenEditError: Error, Sendable, CustomStringConvertible {
    case usage(String)
    case failure(String)

    public var description: String {
        switch self {
        case .usage(let reason), .failure(let reason): reason
        }
    }
}
