extension SalesforceClient {
    /// The largest collection Salesforce accepts.
    public static let collectionLimit = 200
    /// The most subrequests in one composite request.
    public static let compositeLimit = 25
    /// The most queries and collections in one composite request.
    public static let compositeHeavyLimit = 5

    /// Creates one record; returns its id. Not retried after a lost answer: it may have been created.
    public func create(_ object: APIName, fields: [String: SalesforceValue]) async throws -> String {
        let answer = try await call("POST", "sobjects/\(object)/", body: .object(fields), idempotent: false)
        guard let id = answer?["id"]?.string else {
            throw SalesforceError.invalidResponse(request: "POST sobjects/\(object)", reason: "no id")
        }
        return id
    }

    /// Updates fields of one record.
    public func update(_ object: APIName, id: String, fields: [String: SalesforceValue]) async throws {
        _ = try await call(
            "PATCH",
            "sobjects/\(object)/\(SalesforceClient.queryEncoded(id))",
            body: .object(fields),
            idempotent: true
        )
    }

    /// Creates or updates the record whose `externalID` field is `value`.
    public func upsert(
        _ object: APIName,
        by externalID: APIName,
        value: String,
        fields: [String: SalesforceValue]
    ) async throws -> SaveResult {
        let path = "sobjects/\(object)/\(externalID)/\(SalesforceClient.queryEncoded(value))"
        let answer = try await call("PATCH", path, body: .object(fields), idempotent: true)
        return SaveResult(id: answer?["id"]?.string, success: true, created: answer?["created"]?.bool)
    }

    /// Creates up to 200 records in one call. Not retried after a lost answer.
    public func createCollection(_ records: [RecordWrite], allOrNone: Bool = false) async throws -> [SaveResult] {
        try await collection("POST", "composite/sobjects", records, allOrNone: allOrNone, idempotent: false)
    }

    /// Updates up to 200 records by id in one call.
    public func updateCollection(_ records: [RecordWrite], allOrNone: Bool = false) async throws -> [SaveResult] {
        try await collection("PATCH", "composite/sobjects", records, allOrNone: allOrNone, idempotent: true)
    }

    /// Upserts up to 200 records of one object by an external-id field in one call.
    public func upsertCollection(
        _ object: APIName,
        by externalID: APIName,
        _ records: [RecordWrite],
        allOrNone: Bool = false
    ) async throws -> [SaveResult] {
        try await collection(
            "PATCH",
            "composite/sobjects/\(object)/\(externalID)",
            records,
            allOrNone: allOrNone,
            idempotent: true
        )
    }

    private func collection(
        _ method: String,
        _ path: String,
        _ records: [RecordWrite],
        allOrNone: Bool,
        idempotent: Bool
    ) async throws -> [SaveResult] {
        precondition(records.count <= Self.collectionLimit, "callers send at most 200 records per collection")
        let answer = try await call(
            method,
            path,
            body: RecordWrite.collectionBody(records, allOrNone: allOrNone),
            idempotent: idempotent
        )
        guard let list = answer?.array else {
            throw SalesforceError.invalidResponse(request: "\(method) \(path)", reason: "not a list of results")
        }
        return list.map(SaveResult.init)
    }

    /// Sends up to 25 subrequests (at most 5 queries or collections) as one API call.
    public func composite(
        _ subrequests: [CompositeSubrequest],
        allOrNone: Bool = false
    ) async throws -> [CompositeSubresponse] {
        precondition(subrequests.count <= Self.compositeLimit)
        let version = apiVersion
        let body: SalesforceValue = .object([
            "allOrNone": .bool(allOrNone),
            "compositeRequest": .array(
                subrequests.map { subrequest in
                    var members: [String: SalesforceValue] = [
                        "method": .string(subrequest.method),
                        "url": .string("/services/data/\(version)/\(subrequest.path)"),
                        "referenceId": .string(subrequest.referenceID),
                    ]
                    if let body = subrequest.body { members["body"] = body }
                    return .object(members)
                }
            ),
        ])
        let answer = try await call("POST", "composite", body: body, idempotent: subrequests.allSatisfy(\.isIdempotent))
        guard let list = answer?["compositeResponse"]?.array else {
            throw SalesforceError.invalidResponse(request: "POST composite", reason: "no compositeResponse")
        }
        return list.map {
            CompositeSubresponse(
                referenceID: $0["referenceId"]?.string ?? "",
                status: $0["httpStatusCode"]?.int ?? 0,
                body: $0["body"]
            )
        }
    }
}
