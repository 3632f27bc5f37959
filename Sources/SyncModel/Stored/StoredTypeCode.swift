/// The type codes of stored records, format version 1. Codes are never reused; a new type takes a
/// new code, and readers that do not know a code keep the record as `UnknownRecord`.
enum StoredTypeCode {
    static let formatVersion: UInt8 = 1

    static func code(of type: EventType) -> UInt8 {
        switch type {
        case .contactUpserted: 1
        case .callLogged: 2
        case .textLogged: 3
        case .noteAdded: 4
        case .customFieldDefined: 5
        case .settingsChanged: 6
        case .salesforceConnected: 7
        case .salesforceDisconnected: 8
        case .salesforceRecordChanged: 9
        case .salesforceRecordMerged: 10
        case .salesforceRecordDeleted: 11
        }
    }

    static func eventType(code: UInt8) -> EventType? {
        switch code {
        case 1: .contactUpserted
        case 2: .callLogged
        case 3: .textLogged
        case 4: .noteAdded
        case 5: .customFieldDefined
        case 6: .settingsChanged
        case 7: .salesforceConnected
        case 8: .salesforceDisconnected
        case 9: .salesforceRecordChanged
        case 10: .salesforceRecordMerged
        case 11: .salesforceRecordDeleted
        default: nil
        }
    }

    static func code(of kind: OutcomeKind) -> UInt8 {
        switch kind {
        case .linked: 64
        case .fieldsWritten: 65
        case .taskWritten: 66
        case .parked: 67
        case .deadLettered: 68
        case .redriven: 69
        case .blocked: 70
        case .unblocked: 71
        // A pause that says when it ends took a new code; 72 is what older logs hold.
        case .paused(_, let until): until == nil ? 72 : 74
        case .checkpoint: 73
        case .failing: 75
        case .unlinked: 76
        case .salesforceValues: 77
        case .captured: 78
        }
    }

    static let outcomeCodes: ClosedRange<UInt8> = 64...78
}
