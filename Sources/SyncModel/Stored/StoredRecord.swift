/// One record of the events or sync log, decoded from its stored bytes.
public enum StoredRecord: Sendable, Hashable {
    case event(Event)
    case outcome(Outcome)
    /// A record this version cannot interpret (a newer format or type): kept and shown, never dropped.
    case unknown(UnknownRecord)
}

/// A record written by a newer avosync: what this version can still tell of it, and its bytes.
public struct UnknownRecord: Sendable, Hashable {
    /// The record's format version (1 is the only one this version writes).
    public var formatVersion: UInt8
    /// The record's type code.
    public var typeCode: UInt8
    /// The account, when the record's envelope is one this version can read.
    public var account: String?
    /// The time, when the envelope is readable.
    public var at: EventTime?
    /// The record exactly as stored.
    public var bytes: [UInt8]

    public init(formatVersion: UInt8, typeCode: UInt8, account: String?, at: EventTime?, bytes: [UInt8]) {
        self.formatVersion = formatVersion
        self.typeCode = typeCode
        self.account = account
        self.at = at
        self.bytes = bytes
    }

    /// How the record is named in the audit view.
    public var typeName: String { "unknown.v\(formatVersion).\(typeCode)" }
}

/// A stored record that claims a known format and type but does not decode: a bug or a foreign
/// writer, never a torn write (the log's checksums catch those).
public struct StoredDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What could not be read.
    public var description: String

    package init(_ description: String) { self.description = description }
}
