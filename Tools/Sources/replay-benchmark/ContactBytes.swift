import Projection
import SyncModel

/// What a projection's contacts hold, to tell the store's own cost per contact from its payload.
struct ContactBytes {
    /// Contacts over every account.
    var contacts = 0
    /// The UTF-8 bytes of their ids and of every value they hold (standard and custom fields,
    /// links, what the linked records hold); not the names of custom fields, which are the
    /// account's schema rather than the contact's data.
    var valueBytes = 0

    init(_ state: ProjectionState) {
        for account in state.accounts.values {
            for (id, contact) in account.contacts {
                contacts += 1
                valueBytes += id.utf8.count
                for (_, value) in contact.fields { valueBytes += value.utf8.count }
                for (_, value) in contact.customFields { valueBytes += Self.size(of: value) }
                if let link = contact.link { valueBytes += link.object.utf8.count + link.id.utf8.count }
                for (_, value) in contact.salesforceValues { valueBytes += value.utf8.count }
            }
        }
    }

    private static func size(of value: CustomFieldValue) -> Int {
        switch value {
        case .string(let text): text.utf8.count
        case .integer, .number: 8
        case .boolean: 1
        }
    }
}
