/// A failure to fold the logs, naming the log and offset where it happened.
public struct ProjectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A record of a known type that does not decode: a bug or a foreign writer.
        public static let undecodable = Code("undecodable record")
        /// Reading or writing a file failed.
        public static let io = Code("i/o error")
    }

    public var code: Code
    public var message: String
    /// `events` or `sync`, when the failure is in a log.
    public var log: String?
    /// The record's offset in that log.
    public var offset: UInt64?

    public init(code: Code, message: String, log: String?, offset: UInt64?) {
        self.code = code
        self.message = message
        self.log = log
        self.offset = offset
    }

    public var description: String {
        let place = [log.map { "\($0) log" }, offset.map { "offset \($0)" }].compactMap { $0 }.joined(separator: ", ")
        return (place.isEmpty ? "" : place + ": ") + message
    }
}
