#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real file system, through POSIX calls: `pread`, `pwrite`, `fsync`, `ftruncate`, `rename`.
package struct POSIXFileSystem: LogFileSystem {
    package init() {}

    package func openForReading(_ path: String) throws -> any LogFile {
        try POSIXFile(path: path, flags: O_RDONLY | O_CLOEXEC)
    }

    package func openForWriting(_ path: String, create: Bool) throws -> any LogFile {
        try POSIXFile(path: path, flags: O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0))
    }

    package func contentsOfDirectory(_ path: String) throws -> [String]? {
        guard let directory = opendir(path) else {
            if errno == ENOENT { return nil }
            throw LogError.io("opening directory", path: path, errno: errno)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    package func createDirectory(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw LogError.io("creating directory", path: prefix, errno: errno)
            }
        }
    }

    package func rename(_ source: String, to destination: String) throws {
        if Glibc.rename(source, destination) != 0 {
            throw LogError.io("renaming to \(destination)", path: source, errno: errno)
        }
    }

    package func removeFile(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT {
            throw LogError.io("removing", path: path, errno: errno)
        }
    }

    package func syncDirectory(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw LogError.io("opening directory", path: path, errno: errno) }
        defer { close(descriptor) }
        if fsync(descriptor) != 0 { throw LogError.io("fsync of directory", path: path, errno: errno) }
    }

    package func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}

/// An open POSIX file descriptor, closed when the last reference goes away.
///
/// Sendable because its only state is an immutable descriptor and path; positioned I/O
/// (`pread`/`pwrite`) never touches a shared file pointer.
final class POSIXFile: LogFile {
    let path: String
    private let descriptor: Int32

    init(path: String, flags: Int32) throws {
        let descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else {
            if errno == ENOENT {
                throw LogError(code: .notALog, message: "no such file", path: path, systemError: errno)
            }
            throw LogError.io("opening", path: path, errno: errno)
        }
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    func read(count: Int, at position: Int64) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = try read(into: UnsafeMutableRawBufferPointer(buffer), at: position)
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at position: Int64) throws -> Int {
        var done = 0
        while done < buffer.count {
            let got = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(position) + off_t(done))
            if got < 0 {
                if errno == EINTR { continue }
                throw LogError.io("reading", path: path, errno: errno, position: position + Int64(done))
            }
            if got == 0 { break }
            done += got
        }
        return done
    }

    func write(_ bytes: UnsafeRawBufferPointer, at position: Int64) throws {
        var done = 0
        while done < bytes.count {
            let wrote = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(position) + off_t(done))
            if wrote < 0 {
                if errno == EINTR { continue }
                throw LogError.io("writing", path: path, errno: errno, position: position + Int64(done))
            }
            done += wrote
        }
    }

    func sync() throws {
        if fdatasync(descriptor) != 0 { throw LogError.io("fdatasync", path: path, errno: errno) }
    }

    func truncate(to size: Int64) throws {
        if ftruncate(descriptor, off_t(size)) != 0 {
            throw LogError.io("truncating to \(size) bytes", path: path, errno: errno)
        }
    }

    func size() throws -> Int64 {
        var status = stat()
        if fstat(descriptor, &status) != 0 { throw LogError.io("fstat", path: path, errno: errno) }
        return Int64(status.st_size)
    }
}
