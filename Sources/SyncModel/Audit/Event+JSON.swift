extension Event {
    /// The event as its ingest object: the contract's keys, phones normalised, the id always present.
    /// Parsing `jsonObject.jsonText` gives back an equal event.
    public var jsonObject: JSONValue {
        var members = [JSONMember("type", .string(type.rawValue)), JSONMember("account", .string(account))]
        if let contact { members.append(JSONMember("contact", .string(contact))) }
        members.append(JSONMember("at", .string(at.description)))
        members.append(JSONMember("id", .string(id)))
        members.append(contentsOf: payload.jsonMembers)
        return .object(members)
    }
}

extension EventPayload {
    var jsonMembers: [JSONMember] {
        switch self {
        case .contactUpserted(let upsert):
            return Self.valueMembers(upsert)
        case .salesforceRecordChanged(let change):
            // Both objects always present: an auditor sees at a glance which side changed nothing.
            let values = Self.valueMembers(change.asUpsert)
            return [
                JSONMember("object", .string(change.record.object)), JSONMember("record_id", .string(change.record.id)),
                values.first { $0.key == "fields" } ?? JSONMember("fields", .object([])),
                values.first { $0.key == "custom_fields" } ?? JSONMember("custom_fields", .object([])),
            ]
        case .salesforceRecordMerged(let merge):
            return [
                JSONMember("object", .string(merge.record.object)), JSONMember("record_id", .string(merge.record.id)),
                JSONMember("merged_into", .string(merge.mergedInto)),
            ]
        case .salesforceRecordDeleted(let deletion):
            return [
                JSONMember("object", .string(deletion.record.object)),
                JSONMember("record_id", .string(deletion.record.id)),
            ]
        case .callLogged(let call):
            return [
                JSONMember("direction", .string(call.direction.rawValue)),
                JSONMember("duration_seconds", .integer(call.durationSeconds)),
            ]
                + present([
                    ("from", call.from?.e164), ("to", call.to?.e164), ("disposition", call.disposition),
                    ("recording_url", call.recordingURL), ("conversation", call.conversation), ("agent", call.agent),
                ])
        case .textLogged(let text):
            var members = [
                JSONMember("direction", .string(text.direction.rawValue)), JSONMember("body", .string(text.body)),
            ]
            members += present([("conversation", text.conversation), ("agent", text.agent)])
            if let urls = text.mediaURLs { members.append(JSONMember("media_urls", .array(urls.map { .string($0) }))) }
            return members
        case .noteAdded(let note):
            return [JSONMember("body", .string(note.body))]
                + present([("author", note.author), ("conversation", note.conversation)])
        case .customFieldDefined(let definition):
            return [
                JSONMember("key", .string(definition.key)), JSONMember("label", .string(definition.label)),
                JSONMember("salesforce_field", .optional(definition.salesforceField)),
            ] + (definition.direction == .both ? [] : [JSONMember("direction", .string(definition.direction.rawValue))])
        case .settingsChanged(let change):
            var settings: [JSONMember] = []
            if let value = change.syncObject { settings.append(JSONMember("sync_object", .string(value.description))) }
            if let value = change.phoneField { settings.append(JSONMember("phone_field", .string(value.description))) }
            if let value = change.createMissingRecords {
                settings.append(JSONMember("create_missing_records", .bool(value)))
            }
            if let value = change.syncFieldUpdates { settings.append(JSONMember("sync_field_updates", .bool(value))) }
            if let value = change.defaultCountry { settings.append(JSONMember("default_country", .string(value.code))) }
            if let value = change.importSalesforceChanges {
                settings.append(JSONMember("import_salesforce_changes", .bool(value)))
            }
            return [JSONMember("settings", .object(settings))]
        case .salesforceConnected(let connection):
            return [
                JSONMember("environment", .string(connection.environment.rawValue)),
                JSONMember("instance_url", .string(connection.instanceURL)),
            ] + present([("org_id", connection.orgID)])
        case .salesforceDisconnected:
            return []
        }
    }

    /// `fields` and `custom_fields` of a partial update, each only when it names something.
    private static func valueMembers(_ upsert: ContactUpsert) -> [JSONMember] {
        var members: [JSONMember] = []
        if !upsert.fields.isEmpty {
            let fields = upsert.fields.sorted { $0.key < $1.key }.map {
                JSONMember($0.key.rawValue, .optional($0.value))
            }
            members.append(JSONMember("fields", .object(fields)))
        }
        if !upsert.customFields.isEmpty {
            let custom = upsert.customFields.sorted { $0.key < $1.key }.map {
                JSONMember($0.key, $0.value.jsonValue)
            }
            members.append(JSONMember("custom_fields", .object(custom)))
        }
        return members
    }

    private func present(_ pairs: [(String, String?)]) -> [JSONMember] {
        pairs.compactMap { key, value in value.map { JSONMember(key, .string($0)) } }
    }
}

extension JSONValue {
    /// A string, or null.
    public static func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }
}

extension Optional where Wrapped == CustomFieldValue {
    /// The value as JSON: null when absent.
    public var jsonValue: JSONValue {
        switch self {
        case nil: .null
        case .string(let text)?: .string(text)
        case .integer(let number)?: .integer(number)
        case .number(let number)?: .number(number)
        case .boolean(let flag)?: .bool(flag)
        }
    }
}
