import Foundation
public import SalesforceClient
public import SyncModel

/// The closed Task an activity becomes.
public enum TaskPlan {
    /// The Task's external id: account and event id, unique in an org that several accounts share.
    public static func externalID(account: String, eventID: String) -> String { "\(account)/\(eventID)" }

    /// The Task's fields for `event` on `record`, keeping only fields the org's Task has and can
    /// create and update (an upsert of an existing Task is an update).
    public static func fields(
        for event: Event,
        on record: RecordReference,
        task: ObjectDescription
    ) -> [String: SalesforceValue]? {
        var fields: [String: SalesforceValue] = [
            "Status": "Completed",
            "Avochato_Event_Id__c": .string(externalID(account: event.account, eventID: event.id)),
            "ActivityDate": .string(String(event.at.description.prefix(10))),
        ]
        fields[record.object == "Lead" || record.object == "Contact" ? "WhoId" : "WhatId"] = .string(record.id)
        var lines: [String] = []
        switch event.payload {
        case .callLogged(let call):
            fields["Subject"] = .string(
                "\(call.direction == .inbound ? "Inbound" : "Outbound") call (\(duration(call.durationSeconds)))"
            )
            fields["Type"] = "Call"
            fields["CallType"] = .string(call.direction == .inbound ? "Inbound" : "Outbound")
            fields["CallDurationInSeconds"] = .int(call.durationSeconds)
            if let disposition = call.disposition { fields["CallDisposition"] = .string(disposition) }
            lines.append(
                "\(call.direction == .inbound ? "Inbound" : "Outbound") call, \(call.durationSeconds) seconds."
            )
            if let from = call.from { lines.append("From: \(from.e164)") }
            if let to = call.to { lines.append("To: \(to.e164)") }
            if let disposition = call.disposition { lines.append("Disposition: \(disposition)") }
            if let recording = call.recordingURL { lines.append("Recording: \(recording)") }
            if let agent = call.agent { lines.append("Agent: \(agent)") }
        case .textLogged(let text):
            fields["Subject"] = .string("\(text.direction == .inbound ? "Inbound" : "Outbound") text")
            lines.append(text.body)
            for url in text.mediaURLs ?? [] { lines.append("Media: \(url)") }
            if let agent = text.agent { lines.append("Agent: \(agent)") }
        case .noteAdded(let note):
            fields["Subject"] = "Note"
            lines.append(note.body)
            if let author = note.author { lines.append("Author: \(author)") }
        default:
            return nil
        }
        fields["Description"] = .string(lines.joined(separator: "\n"))
        return fitted(fields, to: task)
    }

    /// Drops fields the Task object lacks or cannot write, and shortens text to each field's length.
    static func fitted(_ fields: [String: SalesforceValue], to task: ObjectDescription) -> [String: SalesforceValue] {
        var result: [String: SalesforceValue] = [:]
        for (name, value) in fields {
            guard let field = task.field(name), field.createable, field.updateable || field.externalId else { continue }
            if case .string(let text) = value, field.length > 0, text.count > field.length {
                result[name] = .string(truncated(text, to: field.length))
            } else {
                result[name] = value
            }
        }
        return result
    }

    /// `text` cut to `limit` characters with a visible note of how much was left out.
    public static func truncated(_ text: String, to limit: Int) -> String {
        // The marker's own length depends on the count it states; digits of the limit bound it.
        let room = max(0, limit - "\n[truncated by avosync: \(text.count) characters, first \(limit) kept]".count)
        return String(text.prefix(room)) + "\n[truncated by avosync: \(text.count) characters, first \(room) kept]"
    }

    static func duration(_ seconds: Int64) -> String {
        let minutes = seconds / 60
        let rest = seconds % 60
        return minutes > 0 ? "\(minutes)m \(rest < 10 ? "0" : "")\(rest)s" : "\(rest)s"
    }
}
