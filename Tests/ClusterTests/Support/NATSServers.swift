import AsyncHTTPClient
import EmulatorTestSupport
import EventLogTestSupport
import Foundation
import NIOCore
import NIOFoundationCompat
import SalesforceEmulator

/// nats-server processes (Debian's) with JetStream on free loopback ports, each with its own
/// configuration file and store, clustered when there are several.
final class NATSServers: @unchecked Sendable {
    // @unchecked: `processes` is touched only under `lock`.
    struct Server: Sendable {
        var name: String
        var clientPort: Int
        var routePort: Int
        var monitorPort: Int
        var configuration: String
        var url: String { "nats://127.0.0.1:\(clientPort)" }
    }

    let servers: [Server]
    private let lock = NSLock()
    private var processes: [String: Process] = [:]

    /// The `--cluster` argument: every server's URL.
    var clusterArgument: String { servers.map(\.url).joined(separator: ",") }

    /// Starts `count` servers under `directory` and waits until they have formed a JetStream
    /// cluster with a metadata leader.
    init(count: Int, directory: String) async throws {
        var servers: [Server] = []
        for index in 1...count {
            servers.append(
                Server(
                    name: "nats-\(index)",
                    clientPort: try freePort(),
                    routePort: try freePort(),
                    monitorPort: try freePort(),
                    configuration: directory + "/nats-\(index).conf"
                )
            )
        }
        let routes = servers.map { "nats://127.0.0.1:\($0.routePort)" }.joined(separator: ", ")
        for server in servers {
            var text = """
                server_name: \(server.name)
                listen: 127.0.0.1:\(server.clientPort)
                http: 127.0.0.1:\(server.monitorPort)
                jetstream { store_dir: "\(directory)/\(server.name)" }

                """
            if count > 1 {
                text += "cluster { name: avosync-test, listen: 127.0.0.1:\(server.routePort), routes: [\(routes)] }\n"
            }
            try text.write(toFile: server.configuration, atomically: true, encoding: .utf8)
        }
        self.servers = servers
        for server in servers { try start(server.name) }
        try await waitUntilFormed()
    }

    /// Starts (or restarts) the named server.
    func start(_ name: String) throws {
        let server = servers.first { $0.name == name }!
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["-c", server.configuration]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        lock.withLock { processes[name] = process }
    }

    /// Kills the named server with SIGKILL.
    func kill(_ name: String) {
        guard let process = lock.withLock({ processes.removeValue(forKey: name) }) else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stopAll() {
        for server in servers { kill(server.name) }
    }

    deinit { stopAll() }

    /// Waits until every server reports a JetStream metadata leader for a cluster of all of them.
    func waitUntilFormed(timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        for server in servers {
            while true {
                if let jsz = await Self.monitor(server, "/jsz") {
                    let meta = jsz["meta_cluster"]
                    let leader = meta?["leader"]?.stringValue ?? ""
                    let size = meta?["cluster_size"]?.doubleValue.map { Int($0) } ?? 1
                    if servers.count == 1 || (!leader.isEmpty && size >= servers.count) { break }
                }
                guard ContinuousClock.now < deadline else {
                    throw HarnessError("the nats-servers did not form a cluster within \(timeout)")
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// A monitoring endpoint's JSON, or nil when the server does not answer.
    static func monitor(_ server: Server, _ path: String) async -> JSON? {
        let request = HTTPClientRequest(url: "http://127.0.0.1:\(server.monitorPort)\(path)")
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(2)),
            let body = try? await response.body.collect(upTo: 16 << 20)
        else { return nil }
        return JSON.parse(Data(buffer: body))
    }

    static let executable =
        ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        } ?? "/usr/sbin/nats-server"
}

/// A loopback port nobody listens on right now.
func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw HarnessError("socket failed") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
    }
    guard bound == 0 else { throw HarnessError("bind failed") }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}
