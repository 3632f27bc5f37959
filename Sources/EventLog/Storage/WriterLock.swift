import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One writer per log directory: an open-file-description lock (`F_OFD_SETLK`) on `DIR/LOCK`.
///
/// OFD locks conflict between processes and between two opens in one process, are released by
/// the kernel when the holder dies (SIGKILL included), and can be probed without being taken
/// (`F_OFD_GETLK`). The holder writes who it is into the file so that a refused writer can say.
final class WriterLock: Sendable {
    static let fileName = "LOCK"
    // From <fcntl.h>; Glibc exposes them only under _GNU_SOURCE.
    private static let getLock: Int32 = 36
    private static let setLock: Int32 = 37

    let path: String
    /// The lock file's descriptor while the lock is held; nil once released.
    private let descriptor: Mutex<Int32?>

    /// Takes the lock or throws `.locked` naming the holder.
    init(directory: String) throws {
        path = directory + "/" + Self.fileName
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw LogError.io("opening lock file", path: path, errno: errno) }
        var request = Self.request(type: Int16(F_WRLCK))
        if fcntl(descriptor, Self.setLock, &request) != 0 {
            let failure = errno
            let holder = Self.holder(descriptor: descriptor)
            close(descriptor)
            guard failure == EAGAIN || failure == EACCES else {
                throw LogError.io("locking", path: path, errno: failure)
            }
            throw LogError(
                code: .locked,
                message: "another writer holds this log"
                    + (holder.map { " (\($0))" } ?? "")
                    + "; stop it first, only one writer may append to a log",
                path: path
            )
        }
        self.descriptor = Mutex(descriptor)
        let identity =
            "pid \(getpid()) on \(Self.hostName()), since \(Self.now()), running \(CommandLine.arguments.joined(separator: " "))\n"
        _ = ftruncate(descriptor, 0)
        _ = identity.utf8CString.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count - 1, 0) }
    }

    /// Releases the lock. The explicit unlock matters: a child process being spawned at that
    /// moment shares the open file description until it execs, and merely closing our
    /// descriptor would leave the lock held through the child's copy.
    func release() {
        descriptor.withLock { held in
            guard let descriptor = held else { return }
            var request = Self.request(type: Int16(F_UNLCK))
            _ = fcntl(descriptor, Self.setLock, &request)
            close(descriptor)
            held = nil
        }
    }

    deinit { release() }

    /// Whether some writer, in any process, holds the lock of `directory` now.
    static func isHeld(directory: String) -> Bool {
        let descriptor = open(directory + "/" + fileName, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var probe = request(type: Int16(F_WRLCK))
        guard fcntl(descriptor, getLock, &probe) == 0 else { return false }
        return probe.l_type != Int16(F_UNLCK)
    }

    private static func request(type: Int16) -> flock {
        var request = flock()
        request.l_type = type
        request.l_whence = Int16(SEEK_SET)
        request.l_start = 0
        request.l_len = 0
        request.l_pid = 0
        return request
    }

    private static func holder(descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingTrailingNewlines()
        return text.isEmpty ? nil : "held by " + text
    }

    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown host" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func now() -> String {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        return text
    }
}
