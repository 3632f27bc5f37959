import Foundation

/// Whole-file writes that survive a crash: write and fsync a file, then rename it into place and
/// fsync the directory, so that a reader sees the old file or the new one, never a torn one.
enum DurableFile {
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw posixError("cannot create", path) }
        defer { close(descriptor) }
        var written = 0
        try bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let result = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0, errno == EINTR { continue }
                guard result > 0 else { throw posixError("cannot write", path) }
                written += result
            }
        }
        guard fsync(descriptor) == 0 else { throw posixError("cannot fsync", path) }
    }

    static func rename(_ source: String, to destination: String, directory: String) throws {
        guard Foundation.rename(source, destination) == 0 else { throw posixError("cannot rename to", destination) }
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw posixError("cannot open", directory) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw posixError("cannot fsync", directory) }
    }

    private static func posixError(_ action: String, _ path: String) -> ProjectionError {
        let code = errno
        return ProjectionError(
            code: .io,
            message: "\(action) \(path): \(String(cString: strerror(code)))",
            log: nil,
            offset: nil
        )
    }
}
