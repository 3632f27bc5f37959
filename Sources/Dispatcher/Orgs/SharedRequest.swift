import Algorithms
import SalesforceClient

/// A query or a collection write of one batch that may travel in one call with other batches'.
enum SharedRequest: Sendable {
    case query(SOQLQuery)
    case collection(CollectionRequest)
}

/// Up to 200 records written in one sObject collection request.
struct CollectionRequest: Sendable {
    /// `POST` (create) or `PATCH` (update, upsert).
    var method: String
    /// `composite/sobjects`, or `composite/sobjects/OBJECT/EXTERNAL_ID` for an upsert.
    var path: String
    var records: [RecordWrite]

    static func create(_ records: [RecordWrite]) -> CollectionRequest {
        CollectionRequest(method: "POST", path: "composite/sobjects", records: records)
    }

    static func update(_ records: [RecordWrite]) -> CollectionRequest {
        CollectionRequest(method: "PATCH", path: "composite/sobjects", records: records)
    }

    static func upsert(_ object: APIName, by externalID: APIName, _ records: [RecordWrite]) -> CollectionRequest {
        CollectionRequest(method: "PATCH", path: "composite/sobjects/\(object)/\(externalID)", records: records)
    }

    /// A create may already have been carried out when its answer is lost: not sent twice blindly.
    var isIdempotent: Bool { method != "POST" }
}

/// How submitted requests travel: collection writes of one kind are merged into collections of
/// up to 200 records (never splitting one submitted request, never naming a record id twice in
/// one collection), and every query or collection is a unit that shares a composite call with up
/// to four others.
struct RequestPacking {
    /// Where a unit's answer goes: the submission and request it serves and, for a merged
    /// collection, which of the unit's records are that request's.
    struct Part {
        var submission: Int
        var request: Int
        var records: Range<Int>?
    }

    /// One subrequest of a composite call (or the whole call, when alone).
    struct Unit {
        var request: SharedRequest
        var parts: [Part]

        var isIdempotent: Bool {
            if case .collection(let collection) = request { return collection.isIdempotent }
            return true
        }
    }

    private(set) var units: [Unit] = []

    /// Packs the requests of each submission, in order.
    init(_ submissions: [[SharedRequest]]) {
        var open: [String: Int] = [:]
        for (submission, requests) in submissions.enumerated() {
            for (index, request) in requests.enumerated() {
                guard case .collection(let collection) = request else {
                    units.append(Unit(request: request, parts: [Part(submission: submission, request: index)]))
                    continue
                }
                let kind = collection.method + " " + collection.path
                if let position = open[kind], Self.fits(collection, into: units[position]) {
                    guard case .collection(var merged) = units[position].request else { continue }
                    let start = merged.records.count
                    merged.records += collection.records
                    units[position].request = .collection(merged)
                    units[position].parts.append(
                        Part(submission: submission, request: index, records: start..<merged.records.count)
                    )
                } else {
                    open[kind] = units.count
                    units.append(
                        Unit(
                            request: request,
                            parts: [Part(submission: submission, request: index, records: 0..<collection.records.count)]
                        )
                    )
                }
            }
        }
    }

    /// Whether `collection` can join the unit's collection: room for its records, and no record id
    /// both name (Salesforce refuses a collection that updates one record twice).
    private static func fits(_ collection: CollectionRequest, into unit: Unit) -> Bool {
        guard case .collection(let merged) = unit.request,
            merged.records.count + collection.records.count <= SalesforceClient.collectionLimit
        else { return false }
        let ids = Set(merged.records.compactMap(\.id))
        return !collection.records.contains { $0.id.map(ids.contains) ?? false }
    }

    /// The units in groups that each fit one composite call.
    var calls: [[Int]] {
        Array(units.indices).chunks(ofCount: SalesforceClient.compositeHeavyLimit).map(Array.init)
    }

    /// The subrequest for unit `index`.
    func subrequest(_ index: Int) -> CompositeSubrequest {
        switch units[index].request {
        case .query(let query): return .query(query, referenceID: "r\(index)")
        case .collection(let collection):
            return .collection(
                method: collection.method,
                path: collection.path,
                collection.records,
                referenceID: "r\(index)"
            )
        }
    }

    /// The part of a unit's answer that one request gets: a merged collection's own results, or
    /// the whole answer (a query's records, or an error that failed the collection as a whole).
    static func share(of answer: CompositeSubresponse, for part: Part) -> CompositeSubresponse {
        guard let records = part.records, (200..<300).contains(answer.status), let results = answer.body?.array else {
            return answer
        }
        let slice = records.clamped(to: results.indices)
        return CompositeSubresponse(
            referenceID: answer.referenceID,
            status: answer.status,
            body: .array(Array(results[slice]))
        )
    }
}
