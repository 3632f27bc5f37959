import EventLog
public import SyncModel

/// Where a contact field's current value came from: which side set it, at which events-log
/// offset, and when (in Avochato, or Salesforce's SystemModstamp).
public struct FieldOrigin: Sendable, Equatable {
    public enum Side: String, Sendable {
        case avochato
        case salesforce
    }

    public var side: Side
    public var offset: UInt64
    public var at: EventTime
}

/// Each field's origin for one contact: the latest event of either side that named it.
public struct ContactProvenance: Sendable, Equatable {
    public var fields: [ContactField: FieldOrigin] = [:]
    public var customFields: [String: FieldOrigin] = [:]

    public init() {}
}

/// The field provenance an auditor asks for, read from the events log: both sides' edits of an
/// account's contacts, in log order, the later one winning as it does in the projection.
public enum FieldProvenance {
    /// Provenance of `account`'s contacts (only `contact`, when given), by contact id.
    public static func read(
        _ layout: DataLayout,
        account: String,
        contact: String? = nil
    ) throws -> [String: ContactProvenance] {
        var result: [String: ContactProvenance] = [:]
        guard let cursor = try LogCursor.ifPresent(directory: layout.events, from: .offset(0)) else { return result }
        let accountBytes = Array(account.utf8)
        while let record = try cursor.next() {
            let relevant = record.bytes.withUnsafeBytes { buffer in
                guard StoredEncoding.mayBelong(buffer, to: accountBytes) else { return false }
                guard let type = StoredEncoding.eventType(buffer) else { return true }
                return type == .contactUpserted || type == .salesforceRecordChanged
            }
            guard relevant, case .event(let event) = try decode(record), event.account == account else { continue }
            let upsert: ContactUpsert
            let side: FieldOrigin.Side
            switch event.payload {
            case .contactUpserted(let edit): (upsert, side) = (edit, .avochato)
            case .salesforceRecordChanged(let change): (upsert, side) = (change.asUpsert, .salesforce)
            default: continue
            }
            if let contact, upsert.contact != contact { continue }
            let origin = FieldOrigin(side: side, offset: record.offset, at: event.at)
            for (field, _) in upsert.fields {
                result[upsert.contact, default: ContactProvenance()].fields[field] = origin
            }
            for key in upsert.customFields.keys {
                result[upsert.contact, default: ContactProvenance()].customFields[key] = origin
            }
        }
        return result
    }

    private static func decode(_ record: LogRecord) throws -> StoredRecord {
        do {
            return try StoredEncoding.decode(record.bytes)
        } catch {
            throw ProjectionError(code: .undecodable, message: error.description, log: "events", offset: record.offset)
        }
    }
}
