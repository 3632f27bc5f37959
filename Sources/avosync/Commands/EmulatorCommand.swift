import ArgumentParser
import Foundation
import Logging
import SalesforceEmulator
import ServiceLifecycle

/// `avosync emulator`: serves an org fixture over Salesforce's REST API until SIGINT or SIGTERM.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Run the Salesforce emulator: an in-memory org behind Salesforce's REST API.",
        discussion: """
            Prints the base URL it serves (with the real port) on standard output once ready, and \
            stops cleanly on SIGINT or SIGTERM. The org fixture format is described in docs/EMULATOR.md.
            """
    )

    @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free port).")
    var listen: String = "127.0.0.1:0"

    @Option(help: "The org fixture file (for example Fixtures/orgs/standard.json).")
    var org: String

    @Option(help: "PEM certificate chain: serve HTTPS (needs --tls-key).")
    var tlsCert: String?

    @Option(help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    @OptionGroup var logOutput: LogOutputOptions

    func validate() throws {
        guard ListenAddress(listen) != nil else {
            throw ValidationError("--listen must be HOST:PORT with a port from 0 to 65535, got '\(listen)'")
        }
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
    }

    func run() async throws {
        let address = ListenAddress(listen)!
        let fixture: OrgFixture
        let server: EmulatorServer
        let logger = logOutput.bootstrap(label: "avosync.emulator")
        do {
            fixture = try OrgFixture.load(contentsOf: URL(fileURLWithPath: org))
        } catch {
            printError("avosync emulator: \(error)")
            throw ExitStatus.invalidData
        }
        do {
            let emulator = try SalesforceEmulator(fixture: fixture)
            let tls = tlsCert.map { EmulatorServer.TLSFiles(certificate: $0, privateKey: tlsKey ?? "") }
            server = try EmulatorServer(
                emulator: emulator,
                host: address.host,
                port: address.port,
                tls: tls,
                logger: logger,
                onReady: { url in
                    // Unbuffered, so that a parent process reading the pipe sees the URL at once.
                    FileHandle.standardOutput.write(Data((url + "\n").utf8))
                }
            )
        } catch {
            printError("avosync emulator: \(error)")
            throw ExitStatus.invalidData
        }
        do {
            try await runUntilSignalled([.init(service: server)], logger: logger)
        } catch {
            throw failure("emulator", error)
        }
    }
}

/// `HOST:PORT`, with IPv6 hosts in brackets (`[::1]:8080`).
struct ListenAddress {
    var host: String
    var port: Int

    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }
}
