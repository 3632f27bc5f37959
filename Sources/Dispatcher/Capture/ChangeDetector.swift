import Foundation
import Projection
import SalesforceClient
import SyncModel

/// What a poll found for one account: events for the events log, and what to record in the
/// sync log once those are durable (what each changed record now holds, links that followed a
/// conversion, the cursor).
struct CapturedChanges: Sendable {
    var events: [Event] = []
    var outcomes: [Outcome] = []
    /// Values Salesforce holds that Avochato cannot take (a phone that is no number), by record.
    var refused: [String] = []
    /// The oldest stamp of the rows left for the next poll, if any.
    var leftBehind: EventTime?

    mutating func add(_ other: CapturedChanges) {
        events += other.events
        outcomes += other.outcomes
        refused += other.refused
        if let stamp = other.leftBehind { leftBehind = min(leftBehind ?? stamp, stamp) }
    }
}

/// Turns the rows a poll read from one object into one account's changes: a linked record that
/// was merged away, deleted, converted, or whose synced fields hold values that are neither what
/// avosync last wrote or brought back nor what Avochato already shows.
///
/// Pure: it compares against the account's state as the sync log and events log leave it, so a
/// poll repeated (after a crash, or over the overlap) finds nothing twice.
struct ChangeDetector {
    let account: String
    let state: AccountState
    let object: ObjectDescription
    let now: EventTime

    /// The account's contacts linked to a record of this object, by record id.
    private var links: [String: String] {
        var links: [String: String] = [:]
        for (contact, link) in state.contacts.linked where link.object == object.name { links[link.id] = contact }
        return links
    }

    /// The changes in `rows`, but for the rows of contacts in `busy` (whose writes may have raced
    /// the query): those are left for the next poll.
    func changes(in rows: [SalesforceRecord], leaving busy: Set<String> = []) -> CapturedChanges {
        var found = CapturedChanges()
        let links = self.links
        let synced = SyncedFields(object: object, settings: state.settings, customFields: state.customFields)
        let byID = Dictionary(rows.compactMap { row in row.id.map { ($0, row) } }) { _, later in later }
        for row in rows {
            guard let id = row.id, let contact = links[id], let contactState = state.contacts[contact] else { continue }
            let record = RecordReference(object: object.name, id: id)
            let stamp = Self.stamp(row) ?? now
            if busy.contains(contact) {
                found.leftBehind = min(found.leftBehind ?? stamp, stamp)
                continue
            }
            if row["IsDeleted"].bool == true {
                let payload: EventPayload
                let kind: String
                if let survivor = row["MasterRecordId"].string {
                    payload = .salesforceRecordMerged(
                        SalesforceRecordMerge(contact: contact, record: record, mergedInto: survivor)
                    )
                    kind = "m"
                } else {
                    payload = .salesforceRecordDeleted(SalesforceRecordDeletion(contact: contact, record: record))
                    kind = "d"
                }
                found.events.append(event(kind, record: record, stamp: stamp, payload: payload))
                // The survivor's values are what the person kept: they come back with the merge.
                if let survivor = row["MasterRecordId"].string, let survivorRow = byID[survivor], links[survivor] == nil
                {
                    var moved = contactState
                    moved.salesforceValues = [:]
                    let kept = compare(
                        survivorRow,
                        record: RecordReference(object: object.name, id: survivor),
                        stamp: Self.stamp(survivorRow) ?? stamp,
                        contact: contact,
                        moved,
                        synced
                    )
                    found.events += kept.events
                    found.refused += kept.refused
                }
                continue
            }
            if object.name == "Lead", row["IsConverted"].bool == true, let converted = row["ConvertedContactId"].string
            {
                found.outcomes.append(
                    Outcome(
                        account: account,
                        at: now,
                        contact: contact,
                        kind: .linked(
                            record: RecordReference(object: "Contact", id: converted),
                            reason: .followedConversion(from: record)
                        )
                    )
                )
                continue
            }
            found.add(compare(row, record: record, stamp: stamp, contact: contact, contactState, synced))
        }
        return found
    }

    /// A live record's synced fields against what avosync knows it holds and what Avochato shows.
    private func compare(
        _ row: SalesforceRecord,
        record: RecordReference,
        stamp: EventTime,
        contact: String,
        _ contactState: ContactState,
        _ synced: SyncedFields
    ) -> CapturedChanges {
        var found = CapturedChanges()
        var holds: [String: String?] = [:]
        var change = SalesforceRecordChange(contact: contact, record: record)
        for (name, key) in synced.comingBack.sorted(by: { $0.key < $1.key }) {
            guard let value = row.fields[name] else { continue }
            let isPhone = synced.phoneFields.contains(name)
            let text = SyncedFields.text(value)
            // What avosync wrote there or brought back from there: its own, not a change.
            if same(text, contactState.salesforceValues[name], phone: isPhone) { continue }
            holds[name] = .some(text)
            switch key {
            case .standard(let field):
                // Avochato shows it already (its edit reached Salesforce, or the person typed it).
                if same(text, contactState.fields[field], phone: isPhone) { continue }
                guard let text, field.isPhone else {
                    change.fields[field] = .some(text)
                    continue
                }
                switch PhoneNumber.parse(text, defaultCountry: state.settings.defaultCountry) {
                case .success(let number): change.fields[field] = .some(number.e164)
                case .failure(let error):
                    found.refused.append(
                        "\(record) \(name) \"\(text)\" is not a phone number (\(error)); not brought back"
                    )
                }
            case .custom(let customKey):
                if same(text, SyncedFields.text(contactState.customFields[customKey]), phone: false) { continue }
                change.customFields[customKey] = .some(Self.customValue(value))
            }
        }
        if !change.fields.isEmpty || !change.customFields.isEmpty {
            found.events.append(
                event("c", record: record, stamp: stamp, payload: .salesforceRecordChanged(change), salt: holds)
            )
        }
        if !holds.isEmpty {
            found.outcomes.append(
                Outcome(
                    account: account,
                    at: now,
                    contact: contact,
                    kind: .salesforceValues(record: record, values: holds)
                )
            )
        }
        return found
    }

    /// Equal as values: phones by number, whatever the spelling.
    private func same(_ text: String?, _ other: String?, phone: Bool) -> Bool {
        if text == other { return true }
        guard phone, let text, let other else { return false }
        let country = state.settings.defaultCountry
        guard case .success(let left) = PhoneNumber.parse(text, defaultCountry: country),
            case .success(let right) = PhoneNumber.parse(other, defaultCountry: country)
        else { return false }
        return left == right
    }

    /// An event with an id made of the account, the record, the stamp and (for a change) its
    /// values: the same row read again gives the same id.
    private func event(
        _ kind: String,
        record: RecordReference,
        stamp: EventTime,
        payload: EventPayload,
        salt: [String: String?] = [:]
    ) -> Event {
        let compact = String(stamp.description.prefix(19).filter { $0 != "-" && $0 != ":" })
        var id = "sf\(kind)-\(record.id)-\(compact)Z"
        if !salt.isEmpty {
            let text = salt.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value ?? "")" }.joined(separator: "\u{1}")
            id += "-" + Self.digest(account + "\u{0}" + text)
        }
        return Event(id: id, account: account, at: stamp, payload: payload)
    }

    /// FNV-1a, 32 bits, in hex: short, stable across runs and machines.
    static func digest(_ text: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// A row's SystemModstamp.
    static func stamp(_ row: SalesforceRecord) -> EventTime? {
        guard var text = row["SystemModstamp"].string else { return nil }
        // Salesforce writes `+0000`; RFC 3339 wants `+00:00`.
        if text.hasSuffix("+0000") { text = String(text.dropLast(5)) + "Z" }
        return try? EventTime.parse(text).get()
    }

    private static func customValue(_ value: SalesforceValue) -> CustomFieldValue? {
        switch value {
        case .string(let text): text.isEmpty ? nil : .string(text)
        case .int(let number): .integer(number)
        case .double(let number):
            number.rounded() == number && abs(number) < 1e15 ? .integer(Int64(number)) : .number(number)
        case .bool(let flag): .boolean(flag)
        case .null, .array, .object: nil
        }
    }
}
