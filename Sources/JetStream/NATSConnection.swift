internal import CNATS
import Dispatch
import Glibc

/// One connection to a NATS cluster with JetStream enabled: reconnects on its own (to any of the
/// given servers) and is shared by everything a process does with the cluster.
///
/// The NATS C client's connection and JetStream context are thread-safe; every call into it blocks
/// its thread, so the async API runs them on `BlockingCalls`, never on Swift's cooperative pool.
public final class NATSConnection: @unchecked Sendable {
    // @unchecked: the pointers are set once in `init`, freed once in `deinit`, and the C client
    // synchronises every call made through them.
    let connection: OpaquePointer
    let context: OpaquePointer
    /// The servers the connection was given, for messages.
    public let servers: [String]

    /// Connects to one of `servers` (`nats://HOST:PORT`), waiting up to `timeout` for a first
    /// server to answer. `name` shows in the servers' connection lists.
    public init(servers: [String], name: String, timeout: Duration = .seconds(5)) throws(JetStreamError) {
        guard !servers.isEmpty else {
            throw JetStreamError(operation: "connect", status: "no NATS server given (--cluster nats://HOST:PORT,...)")
        }
        self.servers = servers
        _ = nats_Open(-1)
        var options: OpaquePointer?
        try check(natsOptions_Create(&options), "connect to \(servers.joined(separator: ","))")
        defer { natsOptions_Destroy(options) }
        var pointers = servers.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        let status = pointers.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) {
                natsOptions_SetServers(options, $0, Int32(buffer.count))
            }
        }
        try check(status, "use the servers \(servers.joined(separator: ","))")
        try check(natsOptions_SetName(options, name), "name the connection")
        try check(natsOptions_SetTimeout(options, Int64(timeout.milliseconds)), "set the connect timeout")
        try check(natsOptions_SetAllowReconnect(options, true), "allow reconnects")
        // Forever: a node outlives any one server, and its leases decide when it must stop.
        try check(natsOptions_SetMaxReconnect(options, -1), "set reconnects")
        try check(natsOptions_SetReconnectWait(options, 250), "set the reconnect wait")
        var connection: OpaquePointer?
        try check(natsConnection_Connect(&connection, options), "connect to \(servers.joined(separator: ","))")
        var jsOptions = jsOptions()
        jsOptions_Init(&jsOptions)
        jsOptions.Wait = 5000
        var context: OpaquePointer?
        do {
            try check(natsConnection_JetStream(&context, connection, &jsOptions), "open JetStream")
        } catch {
            natsConnection_Destroy(connection)
            throw error
        }
        self.connection = connection!
        self.context = context!
    }

    deinit {
        jsCtx_Destroy(context)
        natsConnection_Close(connection)
        natsConnection_Destroy(connection)
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var milliseconds: Int64 {
        let parts = components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }

    /// Whole nanoseconds, for the C client's durations.
    var nanoseconds: Int64 {
        let parts = components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }
}
