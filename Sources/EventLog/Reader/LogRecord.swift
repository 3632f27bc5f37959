/// One record read back from the log.
public struct LogRecord: Sendable, Equatable {
    /// Its position in the log: dense, starting at 0, never reused.
    public var offset: UInt64
    /// When it was appended, in microseconds since 1970-01-01T00:00:00Z.
    public var timestamp: Int64
    /// The bytes given to `append`, exactly.
    public var bytes: ArraySlice<UInt8>

    /// Creates a record value.
    public init(offset: UInt64, timestamp: Int64, bytes: ArraySlice<UInt8>) {
        self.offset = offset
        self.timestamp = timestamp
        self.bytes = bytes
    }
}
