package import EventLog
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The real file system with faults on request: fail the Nth write (after writing part of it) or
/// the next fsync with a chosen errno, count calls, and forget writes that were never fsynced, as
/// a power cut would.
package final class FaultInjectingFileSystem: LogFileSystem {
    package struct Counters: Sendable, Equatable {
        package var writes = 0
        package var syncs = 0
    }

    private struct State {
        var counters = Counters()
        /// Writes still to succeed before one fails; nil: none fails.
        var writesBeforeFailure: Int?
        var writeErrno: Int32 = ENOSPC
        /// How many bytes of the failing write reach the file first.
        var partialBytes = 0
        var failNextSync: Int32?
        /// Per path, the size the file had at its last fsync.
        var syncedSizes: [String: Int64] = [:]
    }

    private let real = POSIXFileSystem()
    private let state = Mutex(State())

    package init() {}

    /// What has been called so far.
    package var counters: Counters { state.withLock { $0.counters } }

    /// Lets `count` more writes succeed, then fails one with `errno` after writing `partialBytes`.
    package func failWrite(after count: Int, errno: Int32 = ENOSPC, partialBytes: Int = 0) {
        state.withLock {
            $0.writesBeforeFailure = count
            $0.writeErrno = errno
            $0.partialBytes = partialBytes
        }
    }

    /// Fails the next fsync of a file with `errno`.
    package func failNextSync(errno: Int32 = EIO) {
        state.withLock { $0.failNextSync = errno }
    }

    /// Cuts every file written through this file system back to its size at its last fsync.
    package func loseUnsyncedWrites() {
        for (path, size) in state.withLock({ $0.syncedSizes }) { truncate(path, off_t(size)) }
    }

    package func openForReading(_ path: String) throws -> any LogFile {
        try real.openForReading(path)
    }

    package func openForWriting(_ path: String, create: Bool) throws -> any LogFile {
        let file = try real.openForWriting(path, create: create)
        let size = try file.size()
        state.withLock { if $0.syncedSizes[path] == nil { $0.syncedSizes[path] = create ? 0 : size } }
        return FaultyFile(inner: file, owner: self)
    }

    package func contentsOfDirectory(_ path: String) throws -> [String]? { try real.contentsOfDirectory(path) }
    package func createDirectory(_ path: String) throws { try real.createDirectory(path) }
    package func removeFile(_ path: String) throws { try real.removeFile(path) }
    package func syncDirectory(_ path: String) throws { try real.syncDirectory(path) }
    package func fileExists(_ path: String) -> Bool { real.fileExists(path) }

    package func rename(_ source: String, to destination: String) throws {
        try real.rename(source, to: destination)
        state.withLock { $0.syncedSizes[destination] = $0.syncedSizes.removeValue(forKey: source) }
    }

    fileprivate func beforeWrite(_ count: Int) -> (errno: Int32, partial: Int)? {
        state.withLock { state in
            state.counters.writes += 1
            guard let remaining = state.writesBeforeFailure else { return nil }
            if remaining > 0 {
                state.writesBeforeFailure = remaining - 1
                return nil
            }
            state.writesBeforeFailure = nil
            return (state.writeErrno, min(state.partialBytes, count))
        }
    }

    fileprivate func beforeSync(_ path: String, size: Int64) -> Int32? {
        state.withLock { state in
            state.counters.syncs += 1
            if let failure = state.failNextSync {
                state.failNextSync = nil
                return failure
            }
            state.syncedSizes[path] = size
            return nil
        }
    }
}

private final class FaultyFile: LogFile {
    let inner: any LogFile
    let owner: FaultInjectingFileSystem
    var path: String { inner.path }

    init(inner: any LogFile, owner: FaultInjectingFileSystem) {
        self.inner = inner
        self.owner = owner
    }

    func read(count: Int, at position: Int64) throws -> [UInt8] { try inner.read(count: count, at: position) }
    func read(into buffer: UnsafeMutableRawBufferPointer, at position: Int64) throws -> Int {
        try inner.read(into: buffer, at: position)
    }
    func truncate(to size: Int64) throws { try inner.truncate(to: size) }
    func size() throws -> Int64 { try inner.size() }

    func write(_ bytes: UnsafeRawBufferPointer, at position: Int64) throws {
        if let failure = owner.beforeWrite(bytes.count) {
            try inner.write(UnsafeRawBufferPointer(rebasing: bytes[0..<failure.partial]), at: position)
            throw LogError(
                code: .io,
                message: "writing failed",
                path: path,
                position: position,
                systemError: failure.errno
            )
        }
        try inner.write(bytes, at: position)
    }

    func sync() throws {
        if let failure = owner.beforeSync(path, size: try inner.size()) {
            throw LogError(code: .io, message: "fsync failed", path: path, systemError: failure)
        }
        try inner.sync()
    }
}
