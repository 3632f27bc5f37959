import Algorithms
import Projection
import SalesforceClient
import SyncModel

extension AccountBatch {
    /// Finds a record for each unlinked contact: SOSL on phone digits (format-blind, but lagging
    /// for new records), the records this account already linked to the same number, and, when
    /// creation is on, a consistent SOQL look-up for the number as avosync and common layouts
    /// write it and for the contact's external id. Creates what is still missing.
    func lookUp(
        _ contacts: [String],
        target resolution: Result<ResolvedTarget, TargetProblem>,
        objects: [String: ObjectDescription]
    ) async throws -> Resolution {
        var result = Resolution()
        guard !contacts.isEmpty else { return result }
        let target: ResolvedTarget
        switch resolution {
        case .success(let resolved): target = resolved
        case .failure(let problem):
            let reason = "new look-ups are blocked: \(problem)"
            for contact in contacts { result.unresolved[contact] = .parked(reason) }
            return result
        }
        var keys: [String: String] = [:]
        for contact in contacts {
            if let key = phoneKey(of: contact) {
                keys[contact] = key
            } else {
                result.unresolved[contact] = .parked("the contact has no phone number to look up; it waits for one")
            }
        }
        let keysByContact = keys
        let wanted = Array(Set(keys.values)).sorted()
        let withPhones = contacts.filter { keys[$0] != nil }
        let creating = state.settings.createMissingRecords
        // The consistent look-up runs beside the search (one round trip, not two); its answer
        // matters only for contacts the search does not find.
        async let searched = search(wanted, target: target, objects: objects)
        async let consistent =
            creating ? consistentLookUp(withPhones, keys: keysByContact, target: target, objects: objects) : [:]
        var candidates = try await searched
        let checked = try await consistent
        addKnownLinks(to: &candidates, target: target, wanted: Set(wanted))

        var toCreate: [String] = []
        for contact in withPhones {
            guard let key = keys[contact] else { continue }
            if let chosen = choose(candidates[key] ?? []) ?? choose(checked[key] ?? []) {
                result.resolved[contact] = chosen
            } else if creating {
                toCreate.append(contact)
            } else {
                result.unresolved[contact] = .parked(
                    "no \(target.objects.joined(separator: " or ")) has phone \(phone(of: contact) ?? "?"); create_missing_records is off"
                )
            }
        }
        try await create(toCreate, keys: keys, target: target, objects: objects, into: &result)
        return try await filledIn(result, objects: objects)
    }

    /// Candidate records by phone key.
    typealias Candidates = [String: [(candidate: CandidateRecord, values: [String: SalesforceValue]?)]]

    private func search(
        _ keys: [String],
        target: ResolvedTarget,
        objects: [String: ObjectDescription]
    ) async throws -> Candidates {
        guard !keys.isEmpty else { return [:] }
        let returning = target.objects.compactMap { object -> SOSLReturning? in
            guard let description = objects[object], let name = try? APIName(object) else { return nil }
            let fields = ReadFields.names(
                of: description,
                matchFields: target.matchFields,
                customFields: state.customFields
            )
            return SOSLReturning(
                name,
                fields: fields,
                where: object == "Lead" ? .equals(try! APIName("IsConverted"), .bool(false)) : nil
            )
        }
        // Searched 50 numbers at a time, with other accounts' numbers when they share the session.
        let records = try await access.requests.search(
            keys,
            like: SOSLSearch(anyOf: [], in: .phone, returning: returning, limit: 2000),
            for: account
        )
        return candidates(records, keys: Set(keys), target: target)
    }

    /// Groups records by the wanted phone keys they hold in a match field; converted Leads never match.
    private func candidates(_ records: [SalesforceRecord], keys: Set<String>, target: ResolvedTarget) -> Candidates {
        var result: Candidates = [:]
        for record in records where record["IsConverted"].bool != true {
            guard let candidate = record.candidate else { continue }
            var matched: Set<String> = []
            for field in target.matchFields {
                if let key = record[field].string.flatMap(PhoneMatching.key), keys.contains(key) { matched.insert(key) }
            }
            for key in matched { result[key, default: []].append((candidate, record.fields)) }
        }
        return result
    }

    /// Adds the records this account already linked to a contact with the same number: known even
    /// while the search index has not caught up with them.
    private func addKnownLinks(to candidates: inout Candidates, target: ResolvedTarget, wanted: Set<String>) {
        for (_, contact) in state.contacts {
            guard let link = contact.link, target.objects.contains(link.object),
                let phone = contact.fields[.phone] ?? contact.fields[.mobilePhone], let key = PhoneMatching.key(phone),
                wanted.contains(key)
            else { continue }
            if !(candidates[key] ?? []).contains(where: { $0.candidate.record.id == link.id }) {
                candidates[key, default: []].append((CandidateRecord(record: link, lastModified: ""), nil))
            }
        }
    }

    private func choose(
        _ candidates: [(candidate: CandidateRecord, values: [String: SalesforceValue]?)]
    ) -> ResolvedRecord? {
        guard let (chosen, others) = RecordChoice.choose(candidates.map(\.candidate)) else { return nil }
        let values = candidates.first { $0.candidate.record.id == chosen.record.id }?.values
        return ResolvedRecord(
            record: chosen.record,
            values: values ?? [:],
            newLink: RecordChoice.reason(others: others),
            needsRead: values == nil
        )
    }

    /// Reads the values of chosen records known only from links.
    private func filledIn(_ resolution: Resolution, objects: [String: ObjectDescription]) async throws -> Resolution {
        var result = resolution
        let unread = result.resolved.filter(\.value.needsRead)
        guard !unread.isEmpty else { return result }
        let read = try await values(of: unread.map(\.value.record), objects: objects)
        for (contact, record) in unread {
            result.resolved[contact]?.values = read[record.record.id] ?? [:]
            result.resolved[contact]?.needsRead = false
        }
        return result
    }

    /// Looks, with SOQL (no index lag), for records holding the numbers as avosync and common
    /// layouts write them, or the contacts' external ids: records an earlier, interrupted run may
    /// have created.
    private func consistentLookUp(
        _ contacts: [String],
        keys: [String: String],
        target: ResolvedTarget,
        objects: [String: ObjectDescription]
    ) async throws -> Candidates {
        var queries: [SOQLQuery] = []
        let phones = contacts.compactMap { contact in phone(of: contact).flatMap { PhoneNumber(e164: $0) } }
        let externalIDs = contacts.map { RecordCreation.externalID(account: account, contact: $0) }
        for object in target.objects {
            guard let description = objects[object], let name = try? APIName(object) else { continue }
            let fields = ReadFields.names(
                of: description,
                matchFields: target.matchFields,
                customFields: state.customFields
            )
            let hasExternalID = description.field("Avochato_Contact_Id__c")?.externalId == true
            for range in phones.indices.chunks(ofCount: Self.phonesPerCheck) {
                let spellings = phones[range].flatMap { PhoneMatching.spellings($0).prefix(5) }.map(SOQLLiteral.string)
                var any = target.matchFields.compactMap { try? APIName($0) }.map { SOQLCondition.isIn($0, spellings) }
                if hasExternalID {
                    any.append(
                        .isIn(try! APIName("Avochato_Contact_Id__c"), externalIDs[range].map(SOQLLiteral.string))
                    )
                }
                var condition = SOQLCondition.any(any)
                if object == "Lead" {
                    condition = .all([condition, .equals(try! APIName("IsConverted"), .bool(false))])
                }
                queries.append(SOQLQuery(select: fields, from: name, where: condition))
            }
        }
        let records = try await run(queries)
        var result = candidates(records, keys: Set(keys.values), target: target)
        // A record found by its external id is that contact's, whatever its phone says now.
        for record in records {
            guard let external = record["Avochato_Contact_Id__c"].string, let candidate = record.candidate,
                let contact = contacts.first(where: {
                    RecordCreation.externalID(account: account, contact: $0) == external
                }),
                let key = keys[contact]
            else { continue }
            if !(result[key] ?? []).contains(where: { $0.candidate.record.id == candidate.record.id }) {
                result[key, default: []].append((candidate, record.fields))
            }
        }
        return result
    }

    /// The contact's phone (or mobile phone) in E.164.
    func phone(of contact: String) -> String? {
        state.contacts[contact].flatMap { $0.fields[.phone] ?? $0.fields[.mobilePhone] }
    }

    func phoneKey(of contact: String) -> String? { phone(of: contact).flatMap(PhoneMatching.key) }

    static let phonesPerSearch = 50
    static let phonesPerCheck = 40
}
