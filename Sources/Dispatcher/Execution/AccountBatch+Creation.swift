import Algorithms
import Projection
import SalesforceClient
import SyncModel

extension AccountBatch {
    /// Creates one record per phone number among `contacts` (contacts sharing a number share the
    /// record). Upserts by the contact's external id where the object has one, so that a repeated
    /// batch finds the record instead of making a second; otherwise creates, after the consistent
    /// look-up above found nothing.
    func create(
        _ contacts: [String],
        keys: [String: String],
        target: ResolvedTarget,
        objects: [String: ObjectDescription],
        into result: inout Resolution
    ) async throws {
        guard !contacts.isEmpty else { return }
        guard let object = objects[target.creationObject], let name = try? APIName(target.creationObject) else {
            for contact in contacts {
                result.unresolved[contact] = .parked(
                    "new look-ups are blocked: the org has no \(target.creationObject) object"
                )
            }
            return
        }
        var creators: [String] = []
        var followers: [String: [String]] = [:]
        for contact in contacts {
            guard let key = keys[contact] else { continue }
            if let creator = creators.first(where: { keys[$0] == key }) {
                followers[creator, default: []].append(contact)
            } else {
                creators.append(contact)
            }
        }
        let phoneField = target.matchFields.first ?? "Phone"
        let writes = creators.map { contact in
            RecordWrite(
                object: name,
                fields: RecordCreation.fields(
                    account: account,
                    contactID: contact,
                    contact: state.contacts[contact] ?? ContactState(),
                    object: object,
                    phoneField: phoneField,
                    customFields: state.customFields
                )
            )
        }
        let externalID =
            object.field("Avochato_Contact_Id__c")?.externalId == true ? try? APIName("Avochato_Contact_Id__c") : nil
        let collections = writes.chunks(ofCount: SalesforceClient.collectionLimit).map { chunk in
            SharedRequest.collection(externalID.map { .upsert(name, by: $0, Array(chunk)) } ?? .create(Array(chunk)))
        }
        var results: [SaveResult] = []
        for answer in try await access.requests.send(collections, for: account) {
            guard (200..<300).contains(answer.status) else {
                throw SalesforceError.api(status: answer.status, errors: answer.errors, request: "create \(name)")
            }
            results += answer.saveResults
        }
        for (index, contact) in creators.enumerated() {
            let saved = index < results.count ? results[index] : SaveResult(id: nil, success: false)
            if let transient = saved.errors.first(where: \.isTransient) {
                throw SalesforceError.api(status: 400, errors: [transient], request: "create \(name)")
            }
            let sharing = [contact] + (followers[contact] ?? [])
            guard saved.success, let id = saved.id else {
                for member in sharing { result.unresolved[member] = .failed(SalesforceFailure(saved.errors)) }
                continue
            }
            var values = writes[index].fields
            values["Id"] = .string(id)
            let record = RecordReference(object: name.rawValue, id: id)
            result.resolved[contact] = ResolvedRecord(
                record: record,
                values: values,
                newLink: .created,
                createdNow: true
            )
            for follower in followers[contact] ?? [] {
                result.resolved[follower] = ResolvedRecord(record: record, values: values, newLink: .matched)
            }
        }
    }
}
