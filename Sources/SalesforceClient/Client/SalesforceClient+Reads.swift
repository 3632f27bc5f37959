import Foundation

extension SalesforceClient {
    /// Runs a SOQL query and follows `nextRecordsUrl` until every record is read.
    public func query(_ query: SOQLQuery) async throws -> [SalesforceRecord] {
        try await read(query, resource: "query")
    }

    /// Runs a SOQL query through `queryAll`: deleted and merged records too (`IsDeleted`,
    /// `MasterRecordId`), as change capture needs.
    public func queryAll(_ query: SOQLQuery) async throws -> [SalesforceRecord] {
        try await read(query, resource: "queryAll")
    }

    private func read(_ query: SOQLQuery, resource: String) async throws -> [SalesforceRecord] {
        var records: [SalesforceRecord] = []
        var page = try await call("GET", resource + "?q=" + Self.queryEncoded(query.text), idempotent: true)
        while true {
            records += (page?["records"]?.array ?? []).compactMap(SalesforceRecord.init)
            guard let next = page?["nextRecordsUrl"]?.string, page?["done"]?.bool == false else { return records }
            page = try await call("GET", next, idempotent: true)
        }
    }

    /// Runs a SOSL search; returns the records of every `RETURNING` object.
    public func search(_ search: SOSLSearch) async throws -> [SalesforceRecord] {
        let answer = try await call("GET", "search?q=" + Self.queryEncoded(search.text), idempotent: true)
        let list = answer?["searchRecords"]?.array ?? answer?.array ?? []
        return list.compactMap(SalesforceRecord.init)
    }

    /// The objects of the org (cached until `forgetDescriptions()`).
    public func describeGlobal() async throws -> [ObjectSummary] {
        if let cached = cachedGlobalDescription() { return cached }
        let global = try await fetchGlobalDescription()
        remember(global: global)
        return global
    }

    /// One object's describe (cached until `forgetDescriptions()`); nil when the org has no such object.
    public func describe(_ object: APIName) async throws -> ObjectDescription? {
        if let cached = cachedDescription(object.rawValue) { return cached }
        let description = try await fetchDescription(object)
        if let description { remember(description) }
        return description
    }

    /// The objects of the org, read now (for callers that keep their own cache).
    public func fetchGlobalDescription() async throws -> [ObjectSummary] {
        let answer = try await call("GET", "sobjects", idempotent: true)
        let global: GlobalDescribe = try Self.convert(answer, "GET sobjects")
        return global.sobjects
    }

    /// One object's describe, read now (for callers that keep their own cache); nil when the org
    /// has no such object.
    public func fetchDescription(_ object: APIName) async throws -> ObjectDescription? {
        do {
            let answer = try await call("GET", "sobjects/\(object)/describe", idempotent: true)
            return try Self.convert(answer, "GET sobjects/\(object)/describe")
        } catch SalesforceError.api(let status, let errors, _)
            where status == 404
            || errors.contains(where: { $0.errorCode == "NOT_FOUND" || $0.errorCode == "INVALID_TYPE" })
        {
            return nil
        }
    }

    /// The org's limits (`/limits`), by name: `DailyApiRequests` and the others.
    public func limits() async throws -> SalesforceValue? {
        try await call("GET", "limits", idempotent: true)
    }

    /// Re-decodes an answer into a documented shape.
    static func convert<T: Decodable>(_ value: SalesforceValue?, _ label: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value ?? .null))
        } catch {
            throw SalesforceError.invalidResponse(request: label, reason: "\(error)")
        }
    }

    /// Percent-encodes a query parameter, path segment or form value: everything outside RFC 3986's
    /// unreserved set, `+` included, so that a phone's plus sign is not read as a space.
    static func queryEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlUnreserved) ?? text
    }
}
