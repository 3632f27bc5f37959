/// Reads the type-specific fields of one ingest object.
struct PayloadParser {
    var object: ObjectFields
    let country: CountryCode

    /// Member names that betray a credential; `salesforce.connected` must never carry one.
    static let secretWords = ["token", "password", "passwd", "secret", "session", "sid", "credential", "private_key"]

    mutating func parse(_ type: EventType) throws(FieldProblem) -> EventPayload {
        let payload: EventPayload
        switch type {
        case .contactUpserted: payload = .contactUpserted(try contactUpsert())
        case .callLogged:
            payload = .callLogged(
                CallLog(
                    contact: try object.identifier("contact"),
                    direction: try object.direction("direction"),
                    durationSeconds: try duration(),
                    from: try optionalPhone("from"),
                    to: try optionalPhone("to"),
                    disposition: try object.optionalString("disposition"),
                    recordingURL: try object.optionalString("recording_url"),
                    conversation: try object.optionalString("conversation"),
                    agent: try object.optionalString("agent")
                )
            )
        case .textLogged:
            payload = .textLogged(
                TextLog(
                    contact: try object.identifier("contact"),
                    direction: try object.direction("direction"),
                    body: try object.string("body"),
                    conversation: try object.optionalString("conversation"),
                    agent: try object.optionalString("agent"),
                    mediaURLs: try mediaURLs()
                )
            )
        case .noteAdded:
            payload = .noteAdded(
                Note(
                    contact: try object.identifier("contact"),
                    body: try object.string("body"),
                    author: try object.optionalString("author"),
                    conversation: try object.optionalString("conversation")
                )
            )
        case .customFieldDefined:
            let key = try object.identifier("key")
            let label = try object.string("label")
            let field: String?
            switch object.value("salesforce_field") {
            case nil, .null?: field = nil
            case .string(let text)?: field = try apiName(text, "salesforce_field")
            case let other?:
                throw FieldProblem("salesforce_field", "must be an API name or null, not \(other.typeName)")
            }
            var direction = SyncDirection.both
            if let text = try object.optionalString("direction") {
                guard let named = SyncDirection(rawValue: text) else {
                    throw FieldProblem(
                        "direction",
                        "must be one of \(SyncDirection.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), not \"\(text)\""
                    )
                }
                direction = named
            }
            payload = .customFieldDefined(
                CustomFieldDefinition(key: key, label: label, salesforceField: field, direction: direction)
            )
        case .settingsChanged: payload = .settingsChanged(try settingsChange())
        case .salesforceConnected: payload = .salesforceConnected(try connection())
        case .salesforceDisconnected: payload = .salesforceDisconnected
        case .salesforceRecordChanged, .salesforceRecordMerged, .salesforceRecordDeleted:
            throw FieldProblem(
                "type",
                "\"\(type.rawValue)\" is written only by avosync's change capture (changes made in Salesforce); it cannot be appended"
            )
        }
        try object.rejectUnknown(context: type.rawValue)
        return payload
    }

    private mutating func contactUpsert() throws(FieldProblem) -> ContactUpsert {
        var upsert = ContactUpsert(contact: try object.identifier("contact"))
        if let fieldsValue = object.value("fields") {
            var fields = try ObjectFields(fieldsValue, path: "fields")
            for key in fields.keys {
                guard let field = ContactField(rawValue: key) else {
                    throw FieldProblem(
                        fields.name(key),
                        "is not a contact field; known: \(ContactField.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                guard let text = try fields.optionalString(key) else {
                    upsert.fields[field] = .some(nil)
                    continue
                }
                upsert.fields[field] = field.isPhone ? try fields.phone(text, key: key, country: country).e164 : text
            }
        }
        if let customValue = object.value("custom_fields") {
            var custom = try ObjectFields(customValue, path: "custom_fields")
            for key in custom.keys {
                if let problem = NameRules.identifierProblem(key) {
                    throw FieldProblem(custom.name(key), "key \(problem)")
                }
                switch custom.value(key) {
                case .null?: upsert.customFields[key] = .some(nil)
                case .string(let text)?: upsert.customFields[key] = .string(text)
                case .integer(let number)?: upsert.customFields[key] = .integer(number)
                case .number(let number)?: upsert.customFields[key] = .number(number)
                case .bool(let flag)?: upsert.customFields[key] = .boolean(flag)
                case let other?:
                    throw FieldProblem(
                        custom.name(key),
                        "must be a string, number, boolean or null, not \(other.typeName)"
                    )
                case nil: break
                }
            }
        }
        return upsert
    }

    private mutating func duration() throws(FieldProblem) -> Int64 {
        let value = try object.required("duration_seconds")
        guard case .integer(let seconds) = value, seconds >= 0 else {
            throw FieldProblem("duration_seconds", "must be a whole number of seconds >= 0, not \(value.jsonText)")
        }
        return seconds
    }

    private mutating func optionalPhone(_ key: String) throws(FieldProblem) -> PhoneNumber? {
        guard let text = try object.optionalString(key) else { return nil }
        return try object.phone(text, key: key, country: country)
    }

    private mutating func mediaURLs() throws(FieldProblem) -> [String]? {
        guard let value = object.value("media_urls"), value != .null else { return nil }
        guard case .array(let items) = value else {
            throw FieldProblem("media_urls", "must be an array of strings, not \(value.typeName)")
        }
        var urls: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let url) = item else {
                throw FieldProblem("media_urls[\(index)]", "must be a string, not \(item.typeName)")
            }
            urls.append(url)
        }
        return urls
    }

    private func apiName(_ text: String, _ field: String) throws(FieldProblem) -> String {
        if let problem = NameRules.apiNameProblem(text) {
            throw FieldProblem(field, "\"\(text)\" is not a Salesforce API name: it \(problem)")
        }
        return text
    }

    private mutating func settingsChange() throws(FieldProblem) -> SettingsChange {
        var settings = try ObjectFields(try object.required("settings"), path: "settings")
        var change = SettingsChange()
        for key in settings.keys {
            guard let name = SettingName(rawValue: key) else {
                throw FieldProblem(
                    settings.name(key),
                    "is not a setting; known: \(SettingName.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            switch name {
            case .syncObject:
                let text = try settings.string(key)
                change.syncObject =
                    text == "default" ? .leadsAndContacts : .object(try apiName(text, settings.name(key)))
            case .phoneField:
                let text = try settings.string(key)
                change.phoneField = text == "default" ? .automatic : .field(try apiName(text, settings.name(key)))
            case .createMissingRecords: change.createMissingRecords = try settings.boolean(key)
            case .syncFieldUpdates: change.syncFieldUpdates = try settings.boolean(key)
            case .importSalesforceChanges: change.importSalesforceChanges = try settings.boolean(key)
            case .defaultCountry:
                switch CountryCode.parse(try settings.string(key)) {
                case .success(let code): change.defaultCountry = code
                case .failure(let error): throw FieldProblem(settings.name(key), error.description)
                }
            }
        }
        if change.names.isEmpty { throw FieldProblem("settings", "names no setting to change") }
        return change
    }

    private mutating func connection() throws(FieldProblem) -> SalesforceConnection {
        for key in object.keys {
            let lowered = key.lowercased()
            if Self.secretWords.contains(where: { lowered.contains($0) }) {
                throw FieldProblem(
                    key,
                    "salesforce.connected must never carry a secret; credentials are stored by `avosync connect`, not in the log"
                )
            }
        }
        let environmentText = try object.string("environment")
        guard let environment = SalesforceEnvironment(rawValue: environmentText) else {
            throw FieldProblem("environment", "must be \"production\" or \"sandbox\", not \"\(environmentText)\"")
        }
        let url = try object.string("instance_url")
        if let problem = Self.instanceURLProblem(url) { throw FieldProblem("instance_url", problem) }
        let orgID = try object.optionalString("org_id")
        if let orgID,
            !((orgID.utf8.count == 15 || orgID.utf8.count == 18)
                && orgID.utf8.allSatisfy({ NameRules.isLetter($0) || NameRules.isDigit($0) }))
        {
            throw FieldProblem("org_id", "\"\(orgID)\" is not a Salesforce org id (15 or 18 letters and digits)")
        }
        return SalesforceConnection(environment: environment, instanceURL: url, orgID: orgID)
    }

    static func instanceURLProblem(_ url: String) -> String? {
        let lowered = url.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else {
            return "\"\(url)\" is not an http(s) URL"
        }
        let rest = lowered.drop { $0 != "/" }.dropFirst(2)
        if rest.isEmpty || rest.hasPrefix("/") { return "\"\(url)\" has no host" }
        if lowered.contains("?") || lowered.contains("#") || lowered.contains("@") {
            return "must be a bare instance URL without query, fragment or user info (it could carry a secret)"
        }
        return nil
    }
}
