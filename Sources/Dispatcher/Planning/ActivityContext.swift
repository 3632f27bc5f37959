public import SalesforceClient
public import SyncModel

/// The context fields a managed package adds to a record (the article's advanced field syncing):
/// when the contact was last active in Avochato, what that was, and how many activities it has.
/// Kept current with each batch's other writes; never brought back as a change.
public enum ActivityContext {
    public static let lastActivityAt = "Avochato_Last_Activity_At__c"
    public static let lastActivity = "Avochato_Last_Activity__c"
    public static let activityCount = "Avochato_Activity_Count__c"

    /// The fields to write on a record of `object` after `activities` (the contact's calls,
    /// texts and notes of one batch, in log order), `earlier` activities having been written
    /// before. Empty when the object lacks the fields or the batch has no activity.
    public static func fields(
        after activities: [Event],
        earlier: UInt64,
        on object: ObjectDescription
    ) -> [String: SalesforceValue] {
        guard let latest = activities.last else { return [:] }
        var fields: [String: SalesforceValue] = [:]
        if object.field(lastActivityAt)?.updateable == true {
            let at = activities.map(\.at).max() ?? latest.at
            fields[lastActivityAt] = .string(EventTime(seconds: at.seconds, nanoseconds: at.nanoseconds).description)
        }
        if let field = object.field(lastActivity), field.updateable {
            let limit = field.length > 0 ? field.length : 255
            fields[lastActivity] = .string(String(summary(of: latest).prefix(limit)))
        }
        if object.field(activityCount)?.updateable == true {
            fields[activityCount] = .int(Int64(clamping: earlier + UInt64(activities.count)))
        }
        return fields
    }

    /// Kind, direction and the start of the body: "Inbound text: Is my order ready?".
    public static func summary(of event: Event) -> String {
        switch event.payload {
        case .callLogged(let call):
            let minutes = call.durationSeconds / 60
            let seconds = call.durationSeconds % 60
            return "\(call.direction == .inbound ? "Inbound" : "Outbound") call, \(minutes)m \(seconds)s"
                + (call.disposition.map { " (\($0))" } ?? "")
        case .textLogged(let text):
            return "\(text.direction == .inbound ? "Inbound" : "Outbound") text: \(flat(text.body))"
        case .noteAdded(let note):
            return "Note" + (note.author.map { " by \($0)" } ?? "") + ": \(flat(note.body))"
        default:
            return event.type.rawValue
        }
    }

    private static func flat(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
