import ByteCoding

extension StoredReader {
    mutating func payload(of type: EventType, contact: String) throws(StoredDecodingError) -> EventPayload {
        switch type {
        case .contactUpserted:
            var upsert = ContactUpsert(contact: contact)
            for _ in 0..<(try varint("field count")) {
                let code = try byte("field")
                guard let field = ContactField(storedCode: code) else {
                    throw StoredDecodingError("field: unknown field number \(code)")
                }
                upsert.fields[field] = .some(try optionalString("field value"))
            }
            for _ in 0..<(try varint("custom field count")) {
                let key = try string("custom field key")
                upsert.customFields[key] = .some(try customValue())
            }
            return .contactUpserted(upsert)
        case .callLogged:
            let direction = try direction()
            let duration = try varint("duration")
            let optional = try masked(6, "call fields")
            return .callLogged(
                CallLog(
                    contact: contact,
                    direction: direction,
                    durationSeconds: Int64(clamping: duration),
                    from: try phone(optional[0]),
                    to: try phone(optional[1]),
                    disposition: optional[2],
                    recordingURL: optional[3],
                    conversation: optional[4],
                    agent: optional[5]
                )
            )
        case .textLogged:
            let direction = try direction()
            let body = try string("body")
            let optional = try masked(2, "text fields")
            let media = try byte("media") == 0 ? nil : try strings("media")
            return .textLogged(
                TextLog(
                    contact: contact,
                    direction: direction,
                    body: body,
                    conversation: optional[0],
                    agent: optional[1],
                    mediaURLs: media
                )
            )
        case .noteAdded:
            let body = try string("body")
            let optional = try masked(2, "note fields")
            return .noteAdded(Note(contact: contact, body: body, author: optional[0], conversation: optional[1]))
        case .customFieldDefined:
            return .customFieldDefined(
                CustomFieldDefinition(
                    key: try string("key"),
                    label: try string("label"),
                    salesforceField: try optionalString("salesforce field"),
                    direction: try atEnd ? .both : syncDirection()
                )
            )
        case .settingsChanged:
            let values = try masked(6, "settings")
            return .settingsChanged(
                SettingsChange(
                    syncObject: values[0].map { $0 == "default" ? .leadsAndContacts : .object($0) },
                    phoneField: values[1].map { $0 == "default" ? .automatic : .field($0) },
                    createMissingRecords: values[2].map { $0 == "1" },
                    syncFieldUpdates: values[3].map { $0 == "1" },
                    defaultCountry: values[4].map { CountryCode(validated: $0) },
                    importSalesforceChanges: values[5].map { $0 == "1" }
                )
            )
        case .salesforceConnected:
            let environment: SalesforceEnvironment = try byte("environment") == 0 ? .production : .sandbox
            return .salesforceConnected(
                SalesforceConnection(
                    environment: environment,
                    instanceURL: try string("instance url"),
                    orgID: try optionalString("org id")
                )
            )
        case .salesforceDisconnected:
            return .salesforceDisconnected
        case .salesforceRecordChanged:
            let record = try record("record")
            guard case .contactUpserted(let values) = try payload(of: .contactUpserted, contact: contact) else {
                throw StoredDecodingError("record change: no values")
            }
            return .salesforceRecordChanged(
                SalesforceRecordChange(
                    contact: contact,
                    record: record,
                    fields: values.fields,
                    customFields: values.customFields
                )
            )
        case .salesforceRecordMerged:
            let record = try record("record")
            return .salesforceRecordMerged(
                SalesforceRecordMerge(contact: contact, record: record, mergedInto: try string("merged into"))
            )
        case .salesforceRecordDeleted:
            return .salesforceRecordDeleted(SalesforceRecordDeletion(contact: contact, record: try record("record")))
        }
    }

    private mutating func syncDirection() throws(StoredDecodingError) -> SyncDirection {
        let code = try byte("direction")
        guard let direction = SyncDirection(storedCode: code) else {
            throw StoredDecodingError("direction: unknown value \(code)")
        }
        return direction
    }

    mutating func outcomeKind(code: UInt8) throws(StoredDecodingError) -> OutcomeKind {
        switch code {
        case 64:
            let record = try record("record")
            let reason: LinkReason
            switch try byte("link reason") {
            case 0: reason = .matched
            case 1:
                var others: [RecordReference] = []
                for _ in 0..<(try varint("candidates")) { others.append(try self.record("candidate")) }
                reason = .ambiguous(others: others)
            case 2: reason = .created
            case 3: reason = .followedConversion(from: try self.record("converted lead"))
            case 4: reason = .merged(from: try self.record("merged record"))
            case let other: throw StoredDecodingError("link reason: unknown value \(other)")
            }
            return .linked(record: record, reason: reason)
        case 65:
            let record = try record("record")
            let written = try strings("written fields")
            var skipped: [SkippedField] = []
            for _ in 0..<(try varint("skipped fields")) {
                skipped.append(SkippedField(field: try string("skipped field"), reason: try string("skip reason")))
            }
            return .fieldsWritten(record: record, written: written, skipped: skipped)
        case 66: return .taskWritten(record: try record("record"), taskID: try string("task id"))
        case 67: return .parked(reason: try string("reason"))
        case 68:
            return .deadLettered(
                SalesforceFailure(
                    errorCode: try string("error code"),
                    message: try string("message"),
                    fields: try strings("fields")
                )
            )
        case 69: return .redriven
        case 70: return .blocked(reason: try string("reason"))
        case 71: return .unblocked
        case 72: return .paused(reason: try string("reason"))
        case 74: return .paused(reason: try string("reason"), until: try time())
        case 75:
            let reason = try string("reason")
            return .failing(reason: reason, retryAt: try optionalTime("retry time"))
        case 76: return .unlinked(record: try record("record"), reason: try string("reason"))
        case 77:
            let record = try record("record")
            var values: [String: String?] = [:]
            for _ in 0..<(try varint("value count")) {
                let field = try string("field")
                values[field] = .some(try optionalString("value"))
            }
            return .salesforceValues(record: record, values: values)
        case 78: return .captured(object: try string("object"), through: try time())
        default: return .checkpoint(nextOffset: try varint("next offset"), dispatched: try varint("dispatched"))
        }
    }

    private mutating func direction() throws(StoredDecodingError) -> Direction {
        try byte("direction") == 0 ? .inbound : .outbound
    }

    private func phone(_ text: String?) throws(StoredDecodingError) -> PhoneNumber? {
        guard let text else { return nil }
        guard let number = PhoneNumber(e164: text) else { throw StoredDecodingError("phone: \(text) is not E.164") }
        return number
    }

    package mutating func customValue() throws(StoredDecodingError) -> CustomFieldValue? {
        switch try byte("custom value") {
        case 0: return nil
        case 1: return .string(try string("custom value"))
        case 2: return .integer(try zigZag("custom value"))
        case 3:
            guard let bits = bytes.read(UInt64.self) else {
                throw StoredDecodingError("custom value: record ends early")
            }
            return .number(Double(bitPattern: bits))
        case 4: return .boolean(false)
        case 5: return .boolean(true)
        case let other: throw StoredDecodingError("custom value: unknown tag \(other)")
        }
    }
}
