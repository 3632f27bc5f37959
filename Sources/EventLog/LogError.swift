#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every failure of the log: what went wrong, where (file, byte position, offsets) and why.
public struct LogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; extensible without breaking callers that switch on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The directory does not exist, or holds files but no log.
        public static let notALog = Code("not a log")
        /// A file has a format or version this build does not read.
        public static let unsupportedFormat = Code("unsupported format")
        /// Another writer holds the log's lock.
        public static let locked = Code("locked")
        /// Bytes on disk fail their checksum or structure: damage that is never skipped silently.
        public static let damaged = Code("damaged")
        /// A system call failed; `systemError` holds its errno.
        public static let io = Code("i/o error")
        /// The writer was closed, or stopped after a failure it cannot recover from in place.
        public static let unavailable = Code("writer unavailable")
        /// A caller asked for something the log cannot hold or serve.
        public static let invalidArgument = Code("invalid argument")
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence for a person: what failed and what to do.
    public var message: String
    /// The file or directory concerned.
    public var path: String?
    /// The byte position inside `path`, when the failure has one.
    public var position: Int64?
    /// The log offsets concerned, when known.
    public var offsets: Range<UInt64>?
    /// The errno of the failed system call, for `.io`.
    public var systemError: Int32?

    /// Creates an error; prefer the specific factories below.
    public init(
        code: Code,
        message: String,
        path: String? = nil,
        position: Int64? = nil,
        offsets: Range<UInt64>? = nil,
        systemError: Int32? = nil
    ) {
        self.code = code
        self.message = message
        self.path = path
        self.position = position
        self.offsets = offsets
        self.systemError = systemError
    }

    public var description: String {
        var text = message
        if let path { text += " [file \(path)" + (position.map { ", byte \($0)" } ?? "") + "]" }
        if let offsets, !offsets.isEmpty { text += " [offsets \(offsets.lowerBound)...\(offsets.upperBound - 1)]" }
        if let systemError { text += " (\(String(cString: strerror(systemError))), errno \(systemError))" }
        return text
    }

    static func io(_ operation: String, path: String, errno: Int32, position: Int64? = nil) -> LogError {
        LogError(code: .io, message: "\(operation) failed", path: path, position: position, systemError: errno)
    }

    static func damaged(
        _ message: String,
        path: String,
        position: Int64,
        offsets: Range<UInt64>? = nil
    ) -> LogError {
        LogError(code: .damaged, message: message, path: path, position: position, offsets: offsets)
    }
}
