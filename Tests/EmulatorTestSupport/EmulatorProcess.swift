public import EventLogTestSupport
public import Foundation

/// `avosync emulator` run as a real child process, over HTTP or HTTPS.
public final class EmulatorProcess: Sendable {
    public let child: ChildProcess
    /// The base URL it printed once ready.
    public let baseURL: String

    /// Starts the emulator on a free loopback port and waits for its URL.
    public init(org: URL = Fixtures.standardOrg, tls: SelfSignedCertificate? = nil) throws {
        var arguments = ["emulator", "--listen", "127.0.0.1:0", "--org", org.path]
        if let tls { arguments += ["--tls-cert", tls.certificate, "--tls-key", tls.privateKey] }
        child = try ChildProcess("avosync", arguments)
        guard let line = child.waitForLine(timeout: 30, where: { $0.hasPrefix("http") }) else {
            child.kill()
            throw HarnessError("the emulator printed no URL; stderr: \(child.errorOutput)")
        }
        baseURL = line
    }

    /// Stops it with SIGTERM; returns its exit status.
    @discardableResult
    public func stop() -> Int32 {
        child.signal(SIGTERM)
        return child.waitForExit()
    }
}

/// A self-signed certificate for `localhost` and `127.0.0.1`, made with the openssl tool.
public struct SelfSignedCertificate: Sendable {
    public let certificate: String
    public let privateKey: String

    public init(in directory: String) throws {
        certificate = directory + "/cert.pem"
        privateKey = directory + "/key.pem"
        let run = try ChildProcess.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", privateKey, "-out", certificate,
                "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ]
        )
        guard run.status == 0 else { throw HarnessError("openssl failed (\(run.status)): \(run.errors)") }
    }
}
