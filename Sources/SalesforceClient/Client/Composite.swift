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

    /// A collection request of up to 200 records: `POST composite/sobjects` creates, `PATCH` of
    /// the same path updates by id, `PATCH composite/sobjects/OBJECT/FIELD` upserts by an external id.
    public static func collection(
        method: String,
        path: String,
        _ records: [RecordWrite],
        referenceID: String
    ) -> CompositeSubrequest {
        CompositeSubrequest(
            method: method,
            path: path,
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
    public var isIdempotent: Bool { method == "GET" || method == "PATCH" || method == "DELETE" }
}

/// The answer to one subrequest.
public struct CompositeSubresponse: Sendable, Hashable {
    public var referenceID: String
    public var status: Int
    public var body: SalesforceValue?

    public init(referenceID: String, status: Int, body: SalesforceValue?) {
        self.referenceID = referenceID
        self.status = status
        self.body = body
    }

    /// The answer of a request sent on its own, as a composite would have given it: its status
    /// and the error items Salesforce sent.
    public init(referenceID: String, status: Int, errors: [SalesforceErrorItem]) {
        self.init(
            referenceID: referenceID,
            status: status,
            body: .array(
                errors.map {
                    .object([
                        "errorCode": .string($0.errorCode), "message": .string($0.message),
                        "fields": .array($0.fields.map { .string($0) }),
                    ])
                }
            )
        )
    }

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
