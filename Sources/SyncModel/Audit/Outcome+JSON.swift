extension Outcome {
    /// The outcome as an audit object: `type` (`sync.*`), account, contact, at, the event offset it
    /// answers, and the kind's details.
    public var jsonObject: JSONValue {
        var members = [JSONMember("type", .string(kind.typeName)), JSONMember("account", .string(account))]
        if let contact { members.append(JSONMember("contact", .string(contact))) }
        members.append(JSONMember("at", .string(at.description)))
        if let eventOffset { members.append(JSONMember("event_offset", .integer(Int64(clamping: eventOffset)))) }
        members.append(contentsOf: kind.jsonMembers)
        return .object(members)
    }
}

extension RecordReference {
    var jsonValue: JSONValue { .object([JSONMember("object", .string(object)), JSONMember("id", .string(id))]) }
}

extension OutcomeKind {
    var jsonMembers: [JSONMember] {
        switch self {
        case .linked(let record, let reason):
            var members = [JSONMember("record", record.jsonValue)]
            switch reason {
            case .matched: members.append(JSONMember("reason", .string("matched")))
            case .created: members.append(JSONMember("reason", .string("created")))
            case .ambiguous(let others):
                members.append(JSONMember("reason", .string("ambiguous")))
                members.append(JSONMember("other_matches", .array(others.map(\.jsonValue))))
            case .followedConversion(let from):
                members.append(JSONMember("reason", .string("followed_conversion")))
                members.append(JSONMember("converted_lead", from.jsonValue))
            case .merged(let from):
                members.append(JSONMember("reason", .string("merged")))
                members.append(JSONMember("merged_record", from.jsonValue))
            }
            return members
        case .fieldsWritten(let record, let written, let skipped):
            return [
                JSONMember("record", record.jsonValue), JSONMember("written", .array(written.map { .string($0) })),
                JSONMember(
                    "skipped",
                    .array(
                        skipped.map {
                            .object([JSONMember("field", .string($0.field)), JSONMember("reason", .string($0.reason))])
                        }
                    )
                ),
            ]
        case .taskWritten(let record, let taskID):
            return [JSONMember("record", record.jsonValue), JSONMember("task_id", .string(taskID))]
        case .parked(let reason), .blocked(let reason):
            return [JSONMember("reason", .string(reason))]
        case .paused(let reason, let until):
            return [JSONMember("reason", .string(reason))]
                + (until.map { [JSONMember("until", .string($0.description))] } ?? [])
        case .failing(let reason, let retryAt):
            return [
                JSONMember("reason", .string(reason)),
                JSONMember("retry_at", retryAt.map { .string($0.description) } ?? .null),
            ]
        case .deadLettered(let failure):
            return [
                JSONMember("error_code", .string(failure.errorCode)), JSONMember("message", .string(failure.message)),
                JSONMember("fields", .array(failure.fields.map { .string($0) })),
            ]
        case .redriven, .unblocked:
            return []
        case .checkpoint(let nextOffset, let dispatched):
            return [
                JSONMember("next_offset", .integer(Int64(clamping: nextOffset))),
                JSONMember("dispatched", .integer(Int64(clamping: dispatched))),
            ]
        case .unlinked(let record, let reason):
            return [JSONMember("record", record.jsonValue), JSONMember("reason", .string(reason))]
        case .salesforceValues(let record, let values):
            let fields = values.sorted { $0.key < $1.key }.map { JSONMember($0.key, .optional($0.value)) }
            return [JSONMember("record", record.jsonValue), JSONMember("values", .object(fields))]
        case .captured(let object, let through):
            return [JSONMember("object", .string(object)), JSONMember("through", .string(through.description))]
        }
    }
}
