public import EventLogTestSupport
public import Foundation

/// `avosync serve` as a real child process on a free loopback port, with a tokens file.
public final class ServeProcess: Sendable {
    public let process: ChildProcess
    /// The base URL it printed.
    public let baseURL: String
    public let data: String

    /// Starts `serve` on `data` with the tokens file `tokens` (and `arguments`), and waits for its URL.
    public init(data: String, tokensFile: String, arguments: [String] = []) async throws {
        self.data = data
        process = try ChildProcess(
            "avosync",
            ["serve", "--data", data, "--tokens-file", tokensFile, "--listen", "127.0.0.1:0"] + arguments
        )
        guard let url = await process.waitForLine(timeout: 60, where: { $0.hasPrefix("http") }) else {
            await process.kill()
            throw HarnessError("serve printed no URL: \(process.errorOutput)")
        }
        baseURL = url
    }

    /// Stops it with `signal` (SIGTERM by default) and returns its exit status.
    public func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        process.signal(signal)
        return process.waitForExit()
    }

    /// Stops it with `signal` (SIGTERM by default), waiting off the cooperative pool, and returns
    /// its exit status.
    public func stop(_ signal: Int32 = SIGTERM) async -> Int32 {
        process.signal(signal)
        return await process.waitForExit()
    }
}

/// Writes a tokens file of `tokens`, mode 0600, and returns its path.
@discardableResult
public func writeTokens(_ tokens: [String], to path: String) throws -> String {
    try (tokens.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    return path
}

/// Makes a token for each of `specs` with `avosync tokens create` into the tokens file `path`, as
/// an operator would, and returns them by name. Each command's standard output must be only the
/// token and a newline.
public func createTokens(
    _ specs: [(name: String, accounts: String, roles: String)],
    in path: String
) async throws -> [String: String] {
    var tokens: [String: String] = [:]
    for spec in specs {
        let run = try await ChildProcess.run(
            "avosync",
            [
                "tokens", "create", "--tokens-file", path, "--name", spec.name, "--accounts", spec.accounts,
                "--roles", spec.roles,
            ]
        )
        guard run.status == 0, run.text.hasSuffix("\n"), run.text.dropLast().allSatisfy({ !$0.isWhitespace }) else {
            throw HarnessError("tokens create \(spec.name): \(run.status) \(run.text) \(run.errors)")
        }
        tokens[spec.name] = String(run.text.dropLast())
    }
    return tokens
}
