extension EmulatorState {
    /// `GET /services/data/`: every version served, oldest first.
    func versions() -> APIResult {
        APIResult(
            200,
            .array(
                APIVersions.supported.map { number in
                    [
                        "label": .string(APIVersions.label(number)), "url": .string("/services/data/v\(number).0"),
                        "version": .string("\(number).0"),
                    ]
                }
            )
        )
    }

    /// `GET /services/data/vXX.X/`: the resources of that version.
    func versionRoot(_ request: DataRequest) throws(APIFailure) -> APIResult {
        guard request.method == "GET" else {
            throw APIFailure.methodNotAllowed(request.method, allowed: ["GET", "HEAD"])
        }
        let names = ["sobjects", "query", "queryAll", "search", "composite", "limits"]
        return APIResult(
            200,
            .object(Dictionary(uniqueKeysWithValues: names.map { ($0, JSON.string("\(request.versionPath)/\($0)")) }))
        )
    }

    /// `GET /services/data/vXX.X/limits`: the daily API allowance and what remains of it.
    func limits(_ request: DataRequest) throws(APIFailure) -> APIResult {
        guard request.method == "GET" else {
            throw APIFailure.methodNotAllowed(request.method, allowed: ["GET", "HEAD"])
        }
        let records = store.records.values.filter { !$0.isDeleted }.count
        // Salesforce counts about 2 KB of data storage per record.
        let storageMB = 1024
        return APIResult(
            200,
            [
                "DailyApiRequests": [
                    "Max": .int(usage.allowance), "Remaining": .int(max(0, usage.allowance - usage.used)),
                ],
                "DataStorageMB": ["Max": .int(storageMB), "Remaining": .int(max(0, storageMB - records * 2 / 1024))],
                "DailyBulkApiBatches": ["Max": 15000, "Remaining": 15000],
                "ConcurrentSyncCalloutRequests": ["Max": 25, "Remaining": 25],
            ]
        )
    }
}
