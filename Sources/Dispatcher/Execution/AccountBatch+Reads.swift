import Algorithms
import Projection
import SalesforceClient
import SyncModel

extension AccountBatch {
    /// What reading or looking up gave: records for some contacts, reasons for others.
    struct Resolution {
        var resolved: [String: ResolvedRecord] = [:]
        var unresolved: [String: Unresolved] = [:]
    }

    /// Reads the linked records, following a converted Lead to the Contact it became.
    func read(
        _ linked: [(contact: String, record: RecordReference)],
        objects: [String: ObjectDescription]
    ) async throws -> Resolution {
        var result = Resolution()
        let current = try await values(of: linked.map(\.record), objects: objects)
        var converted: [(contact: String, lead: RecordReference, contactID: String)] = []
        for (contact, record) in linked {
            guard let found = current[record.id] else {
                result.unresolved[contact] = .failed(
                    SalesforceFailure(
                        errorCode: "ENTITY_IS_DELETED",
                        message: "the linked \(record.object) \(record.id) is no longer in the org"
                    )
                )
                continue
            }
            if record.object == "Lead", found["IsConverted"]?.bool == true,
                let contactID = found["ConvertedContactId"]?.string
            {
                converted.append((contact, record, contactID))
                continue
            }
            result.resolved[contact] = ResolvedRecord(record: record, values: found)
        }
        guard !converted.isEmpty else { return result }
        let contacts = converted.map { RecordReference(object: "Contact", id: $0.contactID) }
        let contactValues = try await values(of: contacts, objects: objects)
        for (contact, lead, contactID) in converted {
            result.resolved[contact] = ResolvedRecord(
                record: RecordReference(object: "Contact", id: contactID),
                values: contactValues[contactID] ?? [:],
                newLink: .followedConversion(from: lead)
            )
        }
        return result
    }

    /// The current values of `records`, by id; records the org no longer has are absent.
    func values(
        of records: [RecordReference],
        objects: [String: ObjectDescription]
    ) async throws -> [String: [String: SalesforceValue]] {
        var queries: [SOQLQuery] = []
        let byObject = Dictionary(grouping: records, by: \.object)
        for (object, references) in byObject.sorted(by: { $0.key < $1.key }) {
            guard let description = objects[object], let name = try? APIName(object) else { continue }
            let fields = ReadFields.names(
                of: description,
                matchFields: description.phoneFields.map(\.name),
                customFields: state.customFields
            )
            let ids = Array(Set(references.map(\.id))).sorted()
            for chunk in ids.chunks(ofCount: Self.idsPerQuery) {
                queries.append(
                    SOQLQuery(select: fields, from: name, where: .isIn(APIName.id, chunk.map { .string($0) }))
                )
            }
        }
        var result: [String: [String: SalesforceValue]] = [:]
        for record in try await run(queries) {
            if let id = record.id { result[id] = record.fields }
        }
        return result
    }

    /// Runs queries with the fewest calls: alone, or five to a composite request (shared with
    /// other accounts' batches on the same session), composites in parallel.
    func run(_ queries: [SOQLQuery]) async throws -> [SalesforceRecord] {
        let answers = try await access.requests.send(queries.map(SharedRequest.query), for: account)
        var records: [SalesforceRecord] = []
        for (query, answer) in zip(queries, answers) {
            guard (200..<300).contains(answer.status) else {
                throw SalesforceError.api(
                    status: answer.status,
                    errors: answer.errors,
                    request: "query \(query.object)"
                )
            }
            records += answer.records
            if let next = answer.body?["nextRecordsUrl"]?.string {
                // A query with more rows than one answer holds: read the rest directly.
                var page = try await client.call("GET", next, idempotent: true)
                while true {
                    records += (page?["records"]?.array ?? []).compactMap {
                        SalesforceRecord(type: query.object.rawValue, value: $0)
                    }
                    guard let more = page?["nextRecordsUrl"]?.string else { break }
                    page = try await client.call("GET", more, idempotent: true)
                }
            }
        }
        return records
    }

    static let idsPerQuery = 200
}

extension APIName {
    static let id = try! APIName("Id")
}

extension SalesforceRecord {
    /// A record from a raw answer, typed by `attributes.type` or else by `type`.
    init?(type: String, value: SalesforceValue) {
        guard var members = value.object else { return nil }
        let named = members["attributes"]?["type"]?.string ?? type
        members["attributes"] = nil
        self.init(type: named, fields: members)
    }
}
