import Foundation

extension EmulatorState {
    /// `GET /query?q=` and `/queryAll?q=` (deleted records too), and `GET /query/{locator}-{n}`
    /// for the next batch. Batches hold 2,000 records unless `Sforce-Query-Options: batchSize=`
    /// asks for 200 to 2,000.
    mutating func query(_ request: DataRequest) throws(APIFailure) -> APIResult {
        guard request.method == "GET" else {
            throw APIFailure.methodNotAllowed(request.method, allowed: ["GET", "HEAD"])
        }
        if request.resource.count == 2 { return try nextBatch(request.resource[1], request) }
        guard request.resource.count == 1 else { throw APIFailure.notFound }
        guard let text = request.query["q"], !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw APIFailure.badRequest(RecordError("MALFORMED_QUERY", "A query string has to be specified"))
        }
        let parsed = try Self.recordCall { () throws(RecordError) in try SOQLQuery.parse(text, schema: schema) }
        let rows = store.run(parsed, includeDeleted: request.resource[0] == "queryAll")
        guard case .fields(let fields) = parsed.selection else {
            return APIResult(200, ["totalSize": .int(rows.count), "done": true, "records": []])
        }
        let rendered = rows.map { render($0, fields: fields, versionPath: request.versionPath) }
        let batchSize = Self.batchSize(request.headers["sforce-query-options"])
        guard rendered.count > batchSize else {
            return APIResult(200, ["totalSize": .int(rendered.count), "done": true, "records": .array(rendered)])
        }
        let locator = cursors.open(rows: rendered, batchSize: batchSize)
        return APIResult(
            200,
            [
                "totalSize": .int(rendered.count), "done": false,
                "nextRecordsUrl": .string("\(request.versionPath)/\(request.resource[0])/\(locator)-\(batchSize)"),
                "records": .array(Array(rendered.prefix(batchSize))),
            ]
        )
    }

    private mutating func nextBatch(_ segment: String, _ request: DataRequest) throws(APIFailure) -> APIResult {
        let parts = segment.split(separator: "-")
        guard parts.count == 2, let start = Int(parts[1]),
            let batch = cursors.batch(String(parts[0]), from: start)
        else {
            throw APIFailure.badRequest(RecordError("INVALID_QUERY_LOCATOR", "invalid query locator"))
        }
        var body: [String: JSON] = [
            "totalSize": .int(batch.total), "done": .bool(batch.done), "records": .array(batch.rows),
        ]
        if !batch.done {
            body["nextRecordsUrl"] = .string(
                "\(request.versionPath)/\(request.resource[0])/\(parts[0])-\(start + batch.rows.count)"
            )
        }
        return APIResult(200, .object(body))
    }

    private static func batchSize(_ options: String?) -> Int {
        guard let options, let match = options.firstMatch(of: /batchSize=(\d+)/), let size = Int(match.1) else {
            return 2000
        }
        return min(2000, max(200, size))
    }

    /// `GET /search?q=FIND {...}`: SOSL, answered as `{"searchRecords": [...]}`.
    func search(_ request: DataRequest) throws(APIFailure) -> APIResult {
        guard request.method == "GET" else {
            throw APIFailure.methodNotAllowed(request.method, allowed: ["GET", "HEAD"])
        }
        guard request.resource.count == 1 else { throw APIFailure.notFound }
        guard let text = request.query["q"], !text.isEmpty else {
            throw APIFailure.badRequest(
                RecordError(
                    "MALFORMED_SEARCH",
                    "No search term found. The search term must be at least 2 characters long."
                )
            )
        }
        let parsed = try Self.recordCall { () throws(RecordError) in try SOSLQuery.parse(text, schema: schema) }
        let found = store.search(parsed, at: request.now)
        return APIResult(
            200,
            [
                "searchRecords": .array(
                    found.map { spec, record in render(record, fields: spec.fields, versionPath: request.versionPath) }
                )
            ]
        )
    }
}
