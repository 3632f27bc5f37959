import SyncModel

/// One event the dispatcher must answer.
struct WorkItem: Sendable {
    var offset: UInt64
    var event: Event
    /// Already answered once (parked or dead-lettered) and looked at again.
    var isRevisit: Bool
}

/// One contact's events in a batch, in log order.
struct ContactWork: Sendable {
    var contact: String
    var items: [WorkItem]

    var firstOffset: UInt64 { items.first?.offset ?? 0 }
    var hasActivities: Bool { items.contains { $0.event.type.isActivity } }
    var upserts: [(offset: UInt64, upsert: ContactUpsert)] {
        items.compactMap { item in
            if case .contactUpserted(let upsert) = item.event.payload { return (item.offset, upsert) }
            return nil
        }
    }

    /// Groups contact-scoped items by contact, each contact's in offset order, contacts by first offset.
    static func group(_ items: [WorkItem]) -> [ContactWork] {
        var order: [String] = []
        var byContact: [String: [WorkItem]] = [:]
        for item in items {
            guard let contact = item.event.contact else { continue }
            if byContact[contact] == nil { order.append(contact) }
            byContact[contact, default: []].append(item)
        }
        return order.map { ContactWork($0, (byContact[$0] ?? []).sorted { $0.offset < $1.offset }) }
            .sorted { $0.firstOffset < $1.firstOffset }
    }
}

extension ContactWork {
    init(_ contact: String, _ items: [WorkItem]) {
        self.contact = contact
        self.items = items
    }
}
