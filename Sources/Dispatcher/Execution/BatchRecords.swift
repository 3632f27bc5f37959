import Projection
import SalesforceClient
import SyncModel

/// The record a contact's events go to in this batch, with what Salesforce holds in it.
struct ResolvedRecord: Sendable {
    var record: RecordReference
    /// The record's field values as last read (or as created).
    var values: [String: SalesforceValue]
    /// How the contact came to be linked in this batch; nil for a link made before.
    var newLink: LinkReason?
    /// Created by this batch: its fields went with the creation.
    var createdNow = false
    /// Known only from a link: its values are still to be read.
    var needsRead = false
}

/// Why a contact's events cannot reach Salesforce in this batch.
enum Unresolved: Sendable {
    /// They wait, parked, for a record.
    case parked(String)
    /// Salesforce refused the contact's record for good.
    case failed(SalesforceFailure)
}

/// Collects a batch's outcomes, each event's in log order.
struct OutcomeCollector {
    let account: String
    let at: EventTime
    private(set) var accountOutcomes: [Outcome] = []
    private(set) var byOffset: [(offset: UInt64, order: Int, outcome: Outcome)] = []

    init(account: String, at: EventTime) {
        self.account = account
        self.at = at
    }

    mutating func add(_ kind: OutcomeKind) {
        accountOutcomes.append(Outcome(account: account, at: at, kind: kind))
    }

    mutating func add(_ kind: OutcomeKind, offset: UInt64, contact: String) {
        byOffset.append(
            (
                offset, byOffset.count,
                Outcome(account: account, at: at, eventOffset: offset, contact: contact, kind: kind)
            )
        )
    }

    /// Account-wide outcomes first, then per event in offset order.
    var outcomes: [Outcome] {
        accountOutcomes + byOffset.sorted { ($0.offset, $0.order) < ($1.offset, $1.order) }.map(\.outcome)
    }
}

extension SalesforceFailure {
    init(_ item: SalesforceErrorItem) {
        self.init(errorCode: item.errorCode, message: item.message, fields: item.fields)
    }

    init(_ items: [SalesforceErrorItem]) {
        let first = items.first ?? SalesforceErrorItem(errorCode: "UNKNOWN_ERROR", message: "Salesforce gave no reason")
        self.init(
            errorCode: first.errorCode,
            message: items.map(\.message).joined(separator: "; "),
            fields: items.flatMap(\.fields)
        )
    }
}

extension SalesforceRecord {
    /// The record as a tie-break candidate.
    var candidate: CandidateRecord? {
        guard let id else { return nil }
        return CandidateRecord(
            record: RecordReference(object: type, id: id),
            lastModified: self["LastModifiedDate"].string ?? ""
        )
    }

    /// Whether one of `fields` holds a phone whose digits are `key`.
    func hasPhone(_ key: String, in fields: [String]) -> Bool {
        fields.contains { self[$0].string.flatMap(PhoneMatching.key) == key }
    }
}
