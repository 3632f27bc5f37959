public import SyncModel

/// One record of the audit view: where it is, when it was appended, and what it says.
public struct AuditEntry: Sendable, Equatable {
    public var log: LogName
    public var offset: UInt64
    /// When the record was appended (microseconds since 1970, the log's own clock).
    public var appendedAt: Int64
    public var record: StoredRecord
    /// Who appended it (a token's name, `cli` or `avosync`); nil in logs older than the names.
    public var appendedBy: String?

    public init(log: LogName, offset: UInt64, appendedAt: Int64, record: StoredRecord, appendedBy: String? = nil) {
        self.log = log
        self.offset = offset
        self.appendedAt = appendedAt
        self.record = record
        self.appendedBy = appendedBy
    }

    /// The contract's type name (`contact.upserted`, `sync.linked`, `unknown.v2.9`).
    public var typeName: String {
        switch record {
        case .event(let event): event.type.rawValue
        case .outcome(let outcome): outcome.kind.typeName
        case .unknown(let unknown): unknown.typeName
        }
    }

    public var account: String? {
        switch record {
        case .event(let event): event.account
        case .outcome(let outcome): outcome.account
        case .unknown(let unknown): unknown.account
        }
    }

    public var contact: String? {
        switch record {
        case .event(let event): event.contact
        case .outcome(let outcome): outcome.contact
        case .unknown: nil
        }
    }

    /// When it happened: the event's `at`, or when the dispatcher acted.
    public var at: EventTime? {
        switch record {
        case .event(let event): event.at
        case .outcome(let outcome): outcome.at
        case .unknown(let unknown): unknown.at
        }
    }

    /// The audit JSON line: the record's object plus `offset`; for events, `appended_by` (null in
    /// logs older than the names); for outcomes, `"log": "sync"`.
    public var jsonObject: JSONValue {
        var members: [JSONMember]
        switch record {
        case .event(let event):
            guard case .object(let eventMembers) = event.jsonObject else { return .null }
            members = eventMembers
        case .outcome(let outcome):
            guard case .object(let outcomeMembers) = outcome.jsonObject else { return .null }
            members = outcomeMembers
        case .unknown(let unknown):
            members = [JSONMember("type", .string(unknown.typeName))]
            if let account = unknown.account { members.append(JSONMember("account", .string(account))) }
            if let at = unknown.at { members.append(JSONMember("at", .string(at.description))) }
            members.append(JSONMember("stored_bytes_hex", .string(unknown.bytes.map { hexByte($0) }.joined())))
        }
        members.append(JSONMember("offset", .integer(Int64(clamping: offset))))
        switch log {
        case .events: members.append(JSONMember("appended_by", .optional(appendedBy)))
        case .sync: members.append(JSONMember("log", .string("sync")))
        }
        return .object(members)
    }

    /// One line for the audit table's content column.
    public var summary: String {
        switch record {
        case .event(let event): event.summary
        case .outcome(let outcome): outcome.summary
        case .unknown(let unknown): "written by a newer avosync: \(unknown.bytes.count) bytes kept as they are"
        }
    }

    private func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
