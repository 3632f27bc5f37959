import ByteCoding

extension Array where Element == UInt8 {
    mutating func appendBody(of payload: EventPayload) {
        switch payload {
        case .contactUpserted(let upsert):
            let fields = upsert.fields.sorted { $0.key < $1.key }
            appendVarint(UInt64(fields.count))
            for (field, value) in fields {
                append(field.storedCode)
                appendOptionalString(value)
            }
            let custom = upsert.customFields.sorted { $0.key < $1.key }
            appendVarint(UInt64(custom.count))
            for (key, value) in custom {
                appendString(key)
                appendCustomValue(value)
            }
        case .callLogged(let call):
            append(call.direction == .inbound ? 0 : 1)
            appendVarint(UInt64(call.durationSeconds))
            appendMasked([
                call.from?.e164, call.to?.e164, call.disposition, call.recordingURL, call.conversation, call.agent,
            ])
        case .textLogged(let text):
            append(text.direction == .inbound ? 0 : 1)
            appendString(text.body)
            appendMasked([text.conversation, text.agent])
            appendOptional(text.mediaURLs) { $0.appendStrings($1) }
        case .noteAdded(let note):
            appendString(note.body)
            appendMasked([note.author, note.conversation])
        case .customFieldDefined(let definition):
            appendString(definition.key)
            appendString(definition.label)
            appendOptionalString(definition.salesforceField)
            // Older records end here: a direction other than the default follows as one byte.
            if definition.direction != .both { append(definition.direction.storedCode) }
        case .settingsChanged(let change):
            appendMasked([
                change.syncObject?.description, change.phoneField?.description,
                change.createMissingRecords.map { $0 ? "1" : "0" }, change.syncFieldUpdates.map { $0 ? "1" : "0" },
                change.defaultCountry?.code, change.importSalesforceChanges.map { $0 ? "1" : "0" },
            ])
        case .salesforceConnected(let connection):
            append(connection.environment == .production ? 0 : 1)
            appendString(connection.instanceURL)
            appendOptionalString(connection.orgID)
        case .salesforceDisconnected:
            break
        case .salesforceRecordChanged(let change):
            appendRecord(change.record)
            appendBody(of: .contactUpserted(change.asUpsert))
        case .salesforceRecordMerged(let merge):
            appendRecord(merge.record)
            appendString(merge.mergedInto)
        case .salesforceRecordDeleted(let deletion):
            appendRecord(deletion.record)
        }
    }

    package mutating func appendCustomValue(_ value: CustomFieldValue?) {
        switch value {
        case nil: append(0)
        case .string(let text)?:
            append(1)
            appendString(text)
        case .integer(let number)?:
            append(2)
            appendZigZag(number)
        case .number(let number)?:
            append(3)
            appendLittleEndian(number.bitPattern)
        case .boolean(let flag)?: append(flag ? 5 : 4)
        }
    }

    mutating func appendBody(of kind: OutcomeKind) {
        switch kind {
        case .linked(let record, let reason):
            appendRecord(record)
            switch reason {
            case .matched: append(0)
            case .ambiguous(let others):
                append(1)
                appendVarint(UInt64(others.count))
                for other in others { appendRecord(other) }
            case .created: append(2)
            case .followedConversion(let from):
                append(3)
                appendRecord(from)
            case .merged(let from):
                append(4)
                appendRecord(from)
            }
        case .fieldsWritten(let record, let written, let skipped):
            appendRecord(record)
            appendStrings(written)
            appendVarint(UInt64(skipped.count))
            for field in skipped {
                appendString(field.field)
                appendString(field.reason)
            }
        case .taskWritten(let record, let taskID):
            appendRecord(record)
            appendString(taskID)
        case .parked(let reason), .blocked(let reason), .paused(let reason, nil):
            appendString(reason)
        case .paused(let reason, let until?):
            appendString(reason)
            appendTime(until)
        case .failing(let reason, let retryAt):
            appendString(reason)
            appendOptionalTime(retryAt)
        case .deadLettered(let failure):
            appendString(failure.errorCode)
            appendString(failure.message)
            appendStrings(failure.fields)
        case .redriven, .unblocked:
            break
        case .checkpoint(let nextOffset, let dispatched):
            appendVarint(nextOffset)
            appendVarint(dispatched)
        case .unlinked(let record, let reason):
            appendRecord(record)
            appendString(reason)
        case .salesforceValues(let record, let values):
            appendRecord(record)
            let sorted = values.sorted { $0.key < $1.key }
            appendVarint(UInt64(sorted.count))
            for (field, value) in sorted {
                appendString(field)
                appendOptionalString(value)
            }
        case .captured(let object, let through):
            appendString(object)
            appendTime(through)
        }
    }
}
