public import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to the service, for clients that misbehave on purpose: sending part of
/// a request and stalling, trickling bytes, or sitting idle.
public final class RawConnection: Sendable {
    private let socket: Int32

    /// Connects to `baseURL`'s host and port (an `http://` URL on IPv4 loopback), from the
    /// loopback address `source` when given (127.0.0.2, say: another client as the service sees it).
    public init(_ baseURL: String, from source: String? = nil) throws {
        guard let url = URL(string: baseURL), let port = url.port else {
            throw RawConnectionError("bad URL \(baseURL)")
        }
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw RawConnectionError("socket: errno \(errno)") }
        let socket = self.socket
        if let source, Self.withAddress(source, port: 0, { Glibc.bind(socket, $0, $1) }) != 0 {
            Glibc.close(socket)
            throw RawConnectionError("bind to \(source): errno \(errno)")
        }
        guard Self.withAddress(url.host ?? "127.0.0.1", port: port, { Glibc.connect(socket, $0, $1) }) == 0 else {
            Glibc.close(socket)
            throw RawConnectionError("connect: errno \(errno)")
        }
    }

    /// Calls `body` with the IPv4 address `host:port` as the sockets API takes it.
    private static func withAddress(
        _ host: String,
        port: Int,
        _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32
    ) -> Int32 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    deinit { Glibc.close(socket) }

    /// Sends `text`; false when the connection is gone.
    @discardableResult
    public func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            == bytes.count
    }

    /// How many of `connections` the service has neither closed nor answered, looked at all at
    /// once without waiting.
    public static func untouched(_ connections: [RawConnection]) -> Int {
        var pollers = connections.map { pollfd(fd: $0.socket, events: Int16(POLLIN), revents: 0) }
        _ = poll(&pollers, nfds_t(pollers.count), 0)
        return pollers.filter { $0.revents == 0 }.count
    }

    /// Waits, off Swift's cooperative threads, up to `timeout` seconds for the service to close
    /// the connection; returns what it sent before closing (a 408, say), or nil if it is still open.
    public func waitForClose(timeout: Double) async -> String? {
        let socket = self.socket
        return await withCheckedContinuation { continuation in
            Thread {
                let deadline = Date().addingTimeInterval(timeout)
                var received: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let left = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
                    var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
                    guard poll(&poller, 1, left) > 0 else {
                        continuation.resume(returning: nil)
                        return
                    }
                    let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                    if count <= 0 {
                        continuation.resume(returning: String(decoding: received, as: UTF8.self))
                        return
                    }
                    received += buffer[..<count]
                }
            }.start()
        }
    }
}

public struct RawConnectionError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
