import ByteCoding
import SyncModel

// The snapshot payload: every collection sorted by key, and contacts in the order they first
// appeared (`ContactStore+Snapshot.swift`), so that the same logs give the same bytes. Optional
// offsets are stored as offset + 1, with 0 for none.

extension Array where Element == UInt8 {
    mutating func appendPayload(of state: ProjectionState) {
        appendVarint(state.unknownRecords)
        appendVarint(UInt64(state.accounts.count))
        for (name, account) in state.accounts.sorted(by: { $0.key < $1.key }) {
            appendString(name)
            appendAccount(account)
        }
    }

    private mutating func appendOptionalOffset(_ offset: UInt64?) { appendVarint(offset.map { $0 + 1 } ?? 0) }

    private mutating func appendAccount(_ account: AccountState) {
        let settings = account.settings
        appendString(settings.syncObject.description)
        appendString(settings.phoneField.description)
        append(settings.createMissingRecords ? 1 : 0)
        append(settings.syncFieldUpdates ? 1 : 0)
        appendString(settings.defaultCountry.code)
        append(settings.importSalesforceChanges ? 1 : 0)
        for name in SettingName.allCases { appendOptionalOffset(account.settingsChangedAt[name]) }

        appendVarint(UInt64(account.customFields.count))
        for (_, definition) in account.customFields.sorted(by: { $0.key < $1.key }) {
            appendString(definition.key)
            appendString(definition.label)
            appendOptionalString(definition.salesforceField)
            appendString(definition.direction.rawValue)
        }
        appendOptionalTime(account.captureFrom)
        appendVarint(UInt64(account.captureCursors.count))
        for (object, through) in account.captureCursors.sorted(by: { $0.key < $1.key }) {
            appendString(object)
            appendTime(through)
        }
        if let connection = account.connection {
            append(connection.environment == .production ? 1 : 2)
            appendString(connection.instanceURL)
            appendOptionalString(connection.orgID)
        } else {
            append(0)
        }
        appendVarint(account.events)
        appendVarint(account.activities)
        appendOptionalOffset(account.lastEventOffset)
        appendOptional(account.checkpoint) { bytes, checkpoint in
            bytes.appendVarint(checkpoint.nextOffset)
            bytes.appendVarint(checkpoint.dispatched)
        }
        appendOptionalString(account.blockedReason)
        appendOptionalString(account.pausedReason)
        appendOptionalString(account.lastError)
        appendOptionalTime(account.pausedUntil)
        appendOptional(account.failure) { bytes, failure in
            bytes.appendString(failure.reason)
            bytes.appendTime(failure.since)
            bytes.appendOptionalTime(failure.retryAt)
        }

        appendVarint(UInt64(account.parked.count))
        for (offset, parked) in account.parked.sorted(by: { $0.key < $1.key }) {
            appendVarint(offset)
            appendOptionalString(parked.contact)
            appendString(parked.reason)
        }
        appendVarint(UInt64(account.deadLetters.count))
        for (offset, letter) in account.deadLetters.sorted(by: { $0.key < $1.key }) {
            appendVarint(offset)
            appendOptionalString(letter.contact)
            appendTime(letter.at)
            appendString(letter.failure.errorCode)
            appendString(letter.failure.message)
            appendStrings(letter.failure.fields)
        }
        appendVarint(UInt64(account.redriven.count))
        for offset in account.redriven.sorted() { appendVarint(offset) }

        appendContacts(account.contacts)
    }
}

extension StoredReader {
    mutating func projectionState(version: UInt32) throws(StoredDecodingError) -> ProjectionState {
        var state = ProjectionState()
        state.unknownRecords = try varint("unknown records")
        for _ in 0..<(try count("accounts")) {
            let name = try string("account")
            state.accounts[name] = try account(version: version)
        }
        return state
    }

    /// A collection's length, refused when it could not fit in the bytes left.
    private mutating func count(_ field: StaticString) throws(StoredDecodingError) -> UInt64 {
        let value = try varint(field)
        guard value <= UInt64(bytes.remaining) else {
            throw StoredDecodingError("\(field): count \(value) is impossible")
        }
        return value
    }

    private mutating func optionalOffset(_ field: StaticString) throws(StoredDecodingError) -> UInt64? {
        let value = try varint(field)
        return value == 0 ? nil : value - 1
    }

    private mutating func account(version: UInt32) throws(StoredDecodingError) -> AccountState {
        var account = AccountState()
        let syncObject = try string("sync object")
        let phoneField = try string("phone field")
        account.settings = AccountSettings(
            syncObject: syncObject == "default" ? .leadsAndContacts : .object(syncObject),
            phoneField: phoneField == "default" ? .automatic : .field(phoneField),
            createMissingRecords: try byte("create") == 1,
            syncFieldUpdates: try byte("field updates") == 1,
            defaultCountry: CountryCode(validated: try string("country")),
            importSalesforceChanges: version >= 3 ? try byte("import") == 1 : true
        )
        // Version 2 knew the first five settings.
        for name in SettingName.allCases.prefix(version >= 3 ? SettingName.allCases.count : 5) {
            if let offset = try optionalOffset("setting offset") { account.settingsChangedAt[name] = offset }
        }
        for _ in 0..<(try count("custom fields")) {
            var definition = CustomFieldDefinition(
                key: try string("key"),
                label: try string("label"),
                salesforceField: try optionalString("salesforce field")
            )
            if version >= 3 {
                let direction = try string("direction")
                guard let known = SyncDirection(rawValue: direction) else {
                    throw StoredDecodingError("direction: unknown value \(direction)")
                }
                definition.direction = known
            }
            account.customFields[definition.key] = definition
        }
        if version >= 3 {
            account.captureFrom = try optionalTime("capture start")
            for _ in 0..<(try count("capture cursors")) {
                let object = try string("cursor object")
                account.captureCursors[object] = try time()
            }
        }
        let environment = try byte("connection")
        if environment != 0 {
            account.connection = SalesforceConnection(
                environment: environment == 1 ? .production : .sandbox,
                instanceURL: try string("instance url"),
                orgID: try optionalString("org id")
            )
        }
        account.events = try varint("events")
        account.activities = try varint("activities")
        account.lastEventOffset = try optionalOffset("last event")
        if try byte("checkpoint") == 1 {
            account.checkpoint = Checkpoint(nextOffset: try varint("checkpoint"), dispatched: try varint("dispatched"))
        }
        account.blockedReason = try optionalString("blocked")
        account.pausedReason = try optionalString("paused")
        account.lastError = try optionalString("last error")
        if version >= 2 {
            account.pausedUntil = try optionalTime("paused until")
            if try byte("failure") == 1 {
                account.failure = LaneFailure(
                    reason: try string("failure"),
                    since: try time(),
                    retryAt: try optionalTime("retry time")
                )
            }
        }
        for _ in 0..<(try count("parked")) {
            let offset = try varint("parked offset")
            account.parked[offset] = ParkedActivity(
                contact: try optionalString("contact"),
                reason: try string("reason")
            )
        }
        for _ in 0..<(try count("dead letters")) {
            let offset = try varint("dead letter offset")
            let contact = try optionalString("contact")
            let at = try time()
            account.deadLetters[offset] = DeadLetter(
                contact: contact,
                at: at,
                failure: SalesforceFailure(
                    errorCode: try string("error code"),
                    message: try string("message"),
                    fields: try strings("fields")
                )
            )
        }
        for _ in 0..<(try count("redriven")) { account.redriven.insert(try varint("redriven offset")) }
        if version >= 4 {
            account.contacts = try contactStore()
        } else {
            for _ in 0..<(try count("contacts")) {
                let id = try string("contact")
                account.contacts.set(try contact(version: version), for: id)
            }
        }
        return account
    }

    /// A contact as formats 1 to 3 kept it, by field name.
    private mutating func contact(version: UInt32) throws(StoredDecodingError) -> ContactState {
        var contact = ContactState()
        for _ in 0..<(try count("fields")) {
            let code = try byte("field")
            guard let field = ContactField(storedCode: code) else {
                throw StoredDecodingError("field: unknown field number \(code)")
            }
            contact.fields[field] = try string("field value")
        }
        for _ in 0..<(try count("custom fields")) {
            let key = try string("custom field")
            if let value = try customValue() { contact.customFields[key] = value }
        }
        if try byte("link") == 1 { contact.link = try record("link") }
        contact.lastEventOffset = try optionalOffset("last event")
        if version >= 3 {
            contact.activityCount = try varint("activity count")
            for _ in 0..<(try count("salesforce values")) {
                let field = try string("salesforce field")
                contact.salesforceValues[field] = try string("salesforce value")
            }
        }
        return contact
    }
}
