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
