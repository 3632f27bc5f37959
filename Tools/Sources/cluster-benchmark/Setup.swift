import BenchmarkSupport
import Foundation

/// Where the benchmark's processes and files are, and how to start them.
struct Setup {
    let avosync: String
    let root: String
    let org: String
    let tokensFile: String
    let keyFile: String
    static let token = "benchmark-token-0123456789abcdef"

    init(avosync: String, root: String, org: String) throws {
        self.avosync = avosync
        self.root = root
        self.org = org
        tokensFile = root + "/tokens"
        keyFile = root + "/cluster.key"
        try (Self.token + "\n").write(toFile: tokensFile, atomically: true, encoding: .utf8)
        chmod(tokensFile, 0o600)
        try Data((0..<32).map { _ in UInt8.random(in: 0...255) }).write(to: URL(fileURLWithPath: keyFile))
        try "demo-secret\n".write(toFile: root + "/secret", atomically: true, encoding: .utf8)
        try "demo-refresh-token\n".write(toFile: root + "/refresh", atomically: true, encoding: .utf8)
    }

    func emulator(_ directory: String) throws -> (Child, String) {
        let child = try Child(
            "emulator",
            avosync,
            ["emulator", "--listen", "127.0.0.1:0", "--org", org],
            log: directory + "/emulator.log"
        )
        return (child, try child.firstLine())
    }

    /// Three nats-servers clustered on loopback; returns them and the `--cluster` argument.
    func natsServers(_ directory: String, count: Int = 3) throws -> ([Child], String) {
        let ports = (0..<count).map { _ in (client: freePort(), route: freePort()) }
        let routes = ports.map { "nats://127.0.0.1:\($0.route)" }.joined(separator: ", ")
        var servers: [Child] = []
        for (index, port) in ports.enumerated() {
            let configuration = directory + "/nats-\(index + 1).conf"
            try """
            server_name: nats-\(index + 1)
            listen: 127.0.0.1:\(port.client)
            jetstream { store_dir: "\(directory)/nats-\(index + 1)" }
            cluster { name: avosync-benchmark, listen: 127.0.0.1:\(port.route), routes: [\(routes)] }

            """.write(toFile: configuration, atomically: true, encoding: .utf8)
            servers.append(
                try Child(
                    "nats-\(index + 1)",
                    "/usr/sbin/nats-server",
                    ["-c", configuration],
                    log: directory + "/nats-\(index + 1).log"
                )
            )
        }
        // A cluster forms in about a second (FACTS.md); the first node also retries.
        Thread.sleep(forTimeInterval: 3)
        return (servers, ports.map { "nats://127.0.0.1:\($0.client)" }.joined(separator: ","))
    }

    func serve(_ name: String, data: String, cluster: String?, extra: [String] = []) throws -> (Child, String) {
        var arguments = [
            "serve", "--data", data, "--tokens-file", tokensFile, "--listen", "127.0.0.1:0", "--poll-interval", "86400",
        ]
        if let cluster {
            arguments += ["--cluster", cluster, "--node", name, "--credentials-key-file", keyFile]
        }
        let child = try Child(
            name,
            avosync,
            arguments + extra,
            log: root + "/\(name)-\(UUID().uuidString.prefix(8)).log"
        )
        return (child, try child.firstLine())
    }

    func connect(_ account: String, loginURL: String, data: String, cluster: String?) throws {
        var arguments = [
            "connect", "--data", data, "--account", account, "--environment", "production", "--client-id",
            "avosync-demo",
            "--client-secret-file", root + "/secret", "--refresh-token-file", root + "/refresh", "--login-url",
            loginURL,
        ]
        if let cluster { arguments += ["--cluster", cluster, "--credentials-key-file", keyFile] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: avosync)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchmarkError("connect \(account) failed") }
    }
}

/// A loopback port nobody listens on right now.
func freePort() -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
    }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}
