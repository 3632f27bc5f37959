/// Every method throws `LogError`.
///
/// The log's only window on the file system: a seam so that tests can fail a chosen call
/// (ENOSPC, EIO) or lose what was never fsynced. `POSIXFileSystem` is the real one.
package protocol LogFileSystem: Sendable {
    /// Opens an existing file for reading.
    func openForReading(_ path: String) throws -> any LogFile
    /// Opens a file for reading and writing, creating it (mode `0644`) when `create` is set.
    func openForWriting(_ path: String, create: Bool) throws -> any LogFile
    /// Names in a directory, without `.` and `..`; nil when the directory does not exist.
    func contentsOfDirectory(_ path: String) throws -> [String]?
    /// Creates a directory and its missing parents.
    func createDirectory(_ path: String) throws
    /// Atomically replaces `destination` with `source`.
    func rename(_ source: String, to destination: String) throws
    /// Removes a file; succeeds when it is already gone.
    func removeFile(_ path: String) throws
    /// Flushes a directory's entries (new, renamed files) to disk.
    func syncDirectory(_ path: String) throws
    /// Whether a file or directory exists at `path`.
    func fileExists(_ path: String) -> Bool
}

/// An open file. Positions are absolute; the log never depends on a file pointer.
package protocol LogFile: AnyObject, Sendable {
    /// The path it was opened with, for error messages.
    var path: String { get }
    /// Reads up to `count` bytes at `position`; fewer at the end of the file.
    func read(count: Int, at position: Int64) throws -> [UInt8]
    /// Reads into `buffer` at `position`, returning how many bytes were read (fewer at the end).
    func read(into buffer: UnsafeMutableRawBufferPointer, at position: Int64) throws -> Int
    /// Writes all of `bytes` at `position`, or throws having written an unknown prefix.
    func write(_ bytes: UnsafeRawBufferPointer, at position: Int64) throws
    /// Makes everything written so far durable (`fsync`).
    func sync() throws
    /// Cuts the file to `size` bytes.
    func truncate(to size: Int64) throws
    /// The current size in bytes.
    func size() throws -> Int64
}

extension LogFile {
    /// The whole file (small files only: indexes, headers).
    func readWholeFile() throws -> [UInt8] {
        try read(count: Int(try size()), at: 0)
    }

    func write(_ bytes: [UInt8], at position: Int64) throws {
        try bytes.withUnsafeBytes { try write($0, at: position) }
    }
}
