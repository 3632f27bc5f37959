extension Event {
    /// One line saying what the event holds, for the audit table.
    public var summary: String {
        switch payload {
        case .contactUpserted(let upsert):
            return ContactUpsert.describe(upsert)
        case .callLogged(let call):
            return "\(call.direction.rawValue) \(call.durationSeconds)s"
                + [call.from.map { " from \($0)" }, call.to.map { " to \($0)" }, call.disposition.map { " (\($0))" }]
                .compactMap { $0 }.joined()
        case .textLogged(let text):
            return "\(text.direction.rawValue): \(Self.clipped(text.body))"
                + (text.mediaURLs.map { " +\($0.count) media" } ?? "")
        case .noteAdded(let note):
            return (note.author.map { "\($0): " } ?? "") + Self.clipped(note.body)
        case .customFieldDefined(let definition):
            return "\(definition.key) (\(definition.label)) -> \(definition.salesforceField ?? "unmapped")"
        case .settingsChanged(let change):
            return SettingsChange.describe(change)
        case .salesforceConnected(let connection):
            return "\(connection.environment.rawValue) \(connection.instanceURL)"
                + (connection.orgID.map { " org \($0)" } ?? "")
        case .salesforceDisconnected:
            return "disconnected"
        case .salesforceRecordChanged(let change):
            return "\(change.record): " + ContactUpsert.describe(change.asUpsert)
        case .salesforceRecordMerged(let merge):
            return "\(merge.record) merged into \(merge.mergedInto)"
        case .salesforceRecordDeleted(let deletion):
            return "\(deletion.record) deleted"
        }
    }

    static func clipped(_ text: String, to limit: Int = 60) -> String {
        let flat = text.replacing("\n", with: " ")
        return flat.count <= limit ? flat : flat.prefix(limit - 3) + "..."
    }
}

extension ContactUpsert {
    static func describe(_ upsert: ContactUpsert) -> String {
        let standard = upsert.fields.sorted { $0.key < $1.key }.map {
            "\($0.key.rawValue)=\($0.value ?? "(cleared)")"
        }
        let custom = upsert.customFields.sorted { $0.key < $1.key }.map {
            "\($0.key)=\($0.value.jsonValue.jsonText)"
        }
        return (standard + custom).joined(separator: " ")
    }
}

extension SettingsChange {
    static func describe(_ change: SettingsChange) -> String {
        var parts: [String] = []
        if let value = change.syncObject { parts.append("sync_object=\(value)") }
        if let value = change.phoneField { parts.append("phone_field=\(value)") }
        if let value = change.createMissingRecords { parts.append("create_missing_records=\(value)") }
        if let value = change.syncFieldUpdates { parts.append("sync_field_updates=\(value)") }
        if let value = change.defaultCountry { parts.append("default_country=\(value)") }
        if let value = change.importSalesforceChanges { parts.append("import_salesforce_changes=\(value)") }
        return parts.joined(separator: " ")
    }
}

extension Outcome {
    /// One line saying what the dispatcher did, for the audit table.
    public var summary: String {
        let about = eventOffset.map { "event \($0): " } ?? ""
        switch kind {
        case .linked(let record, let reason):
            switch reason {
            case .matched: return about + "linked to \(record)"
            case .created: return about + "created and linked \(record)"
            case .ambiguous(let others):
                return about + "linked to \(record), chosen over \(others.map(\.description).joined(separator: ", "))"
            case .followedConversion(let from): return about + "link moved from converted \(from) to \(record)"
            case .merged(let from): return about + "link moved from \(from), merged in Salesforce, to \(record)"
            }
        case .fieldsWritten(let record, let written, let skipped):
            return about + "wrote \(written.isEmpty ? "no fields" : written.joined(separator: ",")) on \(record)"
                + (skipped.isEmpty
                    ? "" : "; skipped " + skipped.map { "\($0.field) (\($0.reason))" }.joined(separator: ", "))
        case .taskWritten(let record, let taskID): return about + "Task \(taskID) on \(record)"
        case .parked(let reason): return about + "parked: \(reason)"
        case .deadLettered(let failure): return about + "dead letter: \(failure.errorCode): \(failure.message)"
        case .redriven: return about + "queued again"
        case .blocked(let reason): return "look-ups blocked: \(reason)"
        case .unblocked: return "look-ups resumed"
        case .paused(let reason, let until):
            return "paused" + (until.map { " until \($0)" } ?? "") + ": \(reason)"
        case .failing(let reason, let retryAt):
            return "failing: \(reason)"
                + (retryAt.map { "; trying again at \($0)" } ?? "; trying again at the next run")
        case .checkpoint(let nextOffset, let dispatched):
            return "checkpoint: next offset \(nextOffset), \(dispatched) dispatched"
        case .unlinked(let record, let reason): return about + "link to \(record) ended: \(reason)"
        case .salesforceValues(let record, let values):
            return "\(record) holds "
                + values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value ?? "(empty)")" }
                .joined(separator: " ")
        case .captured(let object, let through): return "changes of \(object) read up to \(through)"
        }
    }
}
