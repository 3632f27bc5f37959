public import SyncModel

/// A record that might be a contact's: what the tie-break needs to know of it.
public struct CandidateRecord: Sendable, Hashable {
    public var record: RecordReference
    /// `LastModifiedDate` as Salesforce wrote it (ISO 8601, so text order is time order).
    public var lastModified: String

    public init(record: RecordReference, lastModified: String) {
        self.record = record
        self.lastModified = lastModified
    }
}

/// The rule for several matches: Contact before Lead (before any other object), then the most
/// recently modified, then the lowest id.
public enum RecordChoice {
    /// The chosen record and the others, in rule order; nil for no candidates.
    public static func choose(_ candidates: [CandidateRecord]) -> (chosen: CandidateRecord, others: [CandidateRecord])?
    {
        var unique: [String: CandidateRecord] = [:]
        for candidate in candidates { unique[candidate.record.id] = candidate }
        let ordered = unique.values.sorted(by: precedes)
        guard let first = ordered.first else { return nil }
        return (first, Array(ordered.dropFirst()))
    }

    static func precedes(_ lhs: CandidateRecord, _ rhs: CandidateRecord) -> Bool {
        let (left, right) = (rank(lhs.record.object), rank(rhs.record.object))
        if left != right { return left < right }
        if lhs.lastModified != rhs.lastModified { return lhs.lastModified > rhs.lastModified }
        return lhs.record.id < rhs.record.id
    }

    private static func rank(_ object: String) -> Int {
        switch object {
        case "Contact": 0
        case "Lead": 1
        default: 2
        }
    }

    /// How the link is recorded: matched, or ambiguous with the others listed.
    public static func reason(others: [CandidateRecord]) -> LinkReason {
        others.isEmpty ? .matched : .ambiguous(others: others.map(\.record))
    }
}
