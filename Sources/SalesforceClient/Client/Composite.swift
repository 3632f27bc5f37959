/// One subrequest of a composite request.
public struct CompositeSubrequest: Sendable, Hashable {
    public var method: String
    /// Relative to `/services/data/vXX.X/`.
    public var path: String
    public var referenceID: String
    public var body: SalesforceValue?

    public init(method: String, path: String, referenceID: String, body: SalesforceValue? = nil) {
        self.method = method
        self.path = path
        self.referenceID = referenceID
        self.body = body
    }

    /// A SOQL query.
    public static func query(_ query: SOQLQuery, referenceID: String) -> CompositeSubrequest {
        CompositeSubrequest(
            method: "GET",
            path: "query?q=" + SalesforceClient.queryEncoded(query.text),
            referenceID: referenceID
        )
    }

    /// An upsert of up to 200 records of one object by an external-id field.
    public static func upsertCollection(
        _ object: APIName,
        by externalID: APIName,
        _ records: [RecordWrite],
        referenceID: String
    ) -> CompositeSubrequest {
        CompositeSubrequest(
            method: "PATCH",
            path: "composite/sobjects/\(object)/\(externalID)",
            referenceID: referenceID,
            body: RecordWrite.collectionBody(records, allOrNone: false)
        )
    }

    /// An update of up to 200 records by id.
    public static func updateCollection(_ records: [RecordWrite], referenceID: String) -> CompositeSubrequest {
        CompositeSubrequest(
            method: "PATCH",
            path: "composite/sobjects",
            referenceID: referenceID,
            body: RecordWrite.collectionBody(records, allOrNone: false)
        )
    }

    /// Whether sending it twice does what sending it once does.
    var isIdempotent: Bool { method == "GET" || method == "PATCH" || method == "DELETE" }
}

/// The answer to one subrequest.
public struct CompositeSubresponse: Sendable, Hashable {
    public var referenceID: String
    public var status: Int
    public var body: SalesforceValue?

    /// The records of a query subrequest.
    public var records: [SalesforceRecord] { (body?["records"]?.array ?? []).compactMap(SalesforceRecord.init) }

    /// The per-record results of a collection subrequest.
    public var saveResults: [SaveResult] { (body?.array ?? []).map(SaveResult.init) }

    /// The subrequest's errors when it failed as a whole.
    public var errors: [SalesforceErrorItem] {
        guard !(200..<300).contains(status) else { return [] }
        let items = (body?.array ?? []).map(SalesforceErrorItem.init)
        return items.isEmpty ? [SalesforceErrorItem(errorCode: "HTTP_\(status)", message: "subrequest failed")] : items
    }
}
