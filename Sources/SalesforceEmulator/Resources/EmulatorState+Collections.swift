import Foundation

extension EmulatorState {
    /// sObject collections under `/composite/sobjects`: create (POST), update (PATCH), upsert by
    /// external id (PATCH `/{Object}/{Field}`), retrieve (GET `/{Object}?ids=`), delete
    /// (DELETE `?ids=`). Up to 200 records; one result per record, in order; with `allOrNone`
    /// one failure rolls every record back.
    mutating func collections(_ request: DataRequest) throws(APIFailure) -> APIResult {
        let path = request.resource
        switch (path.count, request.method) {
        case (2, "POST"), (2, "PATCH"), (4, "PATCH"):
            let (records, allOrNone) = try Self.collectionBody(request)
            var upsertField: (ObjectSchema, FieldSchema)?
            if path.count == 4 {
                guard let object = schema.object(named: path[2]) else { throw APIFailure.notFound }
                guard let field = object.field(named: path[3]), field.externalID else {
                    throw APIFailure(
                        404,
                        RecordError(
                            "NOT_FOUND",
                            "Provided external ID field does not exist or is not accessible: \(path[3])"
                        )
                    )
                }
                upsertField = (object, field)
            }
            let repeated = upsertField.map { Self.repeatedValues(records, of: $0.1) } ?? []
            let results = writeAll(records, allOrNone: allOrNone) { (state, record) throws(RecordError) in
                let context = state.writeContext(userID: request.userID, now: request.now)
                if let (object, field) = upsertField {
                    return try state.upsertOne(record, object, field, repeated: repeated, context)
                }
                let object = try state.objectOf(record)
                if request.method == "POST" {
                    return ["id": .string(try state.store.create(object, values: record, context: context))]
                }
                guard let id = record["Id"]?.stringValue ?? record["id"]?.stringValue else {
                    throw RecordError("MISSING_ARGUMENT", "Id not specified in an update call", fields: ["Id"])
                }
                let values = record.filter { $0.key.lowercased() != "id" }
                try state.store.update(object, id: id, values: values, context: context)
                return ["id": .string(RecordID.normalized(id) ?? id)]
            }
            return APIResult(200, .array(results))
        case (2, "DELETE"):
            let ids = try Self.idList(request)
            let allOrNone = request.query["allOrNone"]?.lowercased() == "true"
            let results = writeAll(ids.map { ["Id": .string($0)] }, allOrNone: allOrNone) {
                (state, record) throws(RecordError) in
                let id = record["Id"]?.stringValue ?? ""
                try state.store.delete(
                    nil,
                    id: id,
                    context: state.writeContext(userID: request.userID, now: request.now)
                )
                return ["id": .string(RecordID.normalized(id) ?? id)]
            }
            return APIResult(200, .array(results))
        case (3, "GET"):
            guard let object = schema.object(named: path[2]) else { throw APIFailure.notFound }
            let fieldList = request.query["fields"]
            var rows: [JSON] = []
            for id in try Self.idList(request) {
                if let record = store.record(id), record.object == object.name, !record.isDeleted {
                    rows.append(try render(record, fieldList: fieldList, request))
                } else {
                    rows.append(.null)
                }
            }
            return APIResult(200, .array(rows))
        default:
            throw APIFailure.methodNotAllowed(request.method, allowed: ["GET", "POST", "PATCH", "DELETE"])
        }
    }

    /// Writes each record in turn inside one transaction; on any failure with `allOrNone`, rolls
    /// back and marks the records that had succeeded as rolled back.
    private mutating func writeAll(
        _ records: [[String: JSON]],
        allOrNone: Bool,
        _ write: (inout EmulatorState, [String: JSON]) throws(RecordError) -> [String: JSON]
    ) -> [JSON] {
        store.beginTransaction()
        var results: [[String: JSON]] = []
        var failed = false
        for record in records {
            do {
                var result = try write(&self, record)
                result["success"] = true
                result["errors"] = []
                results.append(result)
            } catch {
                failed = true
                results.append(["success": false, "errors": [error.resultBody]])
            }
        }
        guard failed && allOrNone else {
            store.commit()
            return results.map { .object($0) }
        }
        store.rollBack()
        let rolledBack = RecordError(
            "ALL_OR_NONE_OPERATION_ROLLED_BACK",
            "Record rolled back because not all records were valid and the request was using AllOrNone header"
        )
        return results.map { result in
            guard result["success"] == true else { return .object(result) }
            return ["success": false, "errors": [rolledBack.resultBody]]
        }
    }

    private mutating func upsertOne(
        _ record: [String: JSON],
        _ object: ObjectSchema,
        _ field: FieldSchema,
        repeated: Set<String>,
        _ context: WriteContext
    ) throws(RecordError) -> [String: JSON] {
        if let type = record["attributes"]?["type"]?.stringValue, type.lowercased() != object.name.lowercased() {
            throw RecordError("INVALID_TYPE", "record type \(type) does not match the URL's object \(object.name)")
        }
        guard let value = record.entry(forField: field.name)?.value.stringValue, !value.isEmpty
        else {
            throw RecordError("MISSING_ARGUMENT", "\(field.name) not specified", fields: [field.name])
        }
        guard !repeated.contains(value.lowercased()) else {
            throw RecordError(
                "DUPLICATE_EXTERNAL_ID",
                "Duplicate external id specified: \(value)",
                fields: [field.name]
            )
        }
        switch try store.upsert(object, externalField: field, value: value, values: record, context: context) {
        case .created(let id): return ["id": .string(id), "created": true]
        case .updated(let id): return ["id": .string(id), "created": false]
        case .multipleMatches(let ids):
            throw RecordError(
                "DUPLICATE_EXTERNAL_ID",
                "more than one record found for external id field: \(ids.joined(separator: ", "))",
                fields: [field.name]
            )
        }
    }

    private func objectOf(_ record: [String: JSON]) throws(RecordError) -> ObjectSchema {
        guard let type = record["attributes"]?["type"]?.stringValue else {
            throw RecordError("INVALID_TYPE", "Must send a concrete entity type.")
        }
        guard let object = schema.object(named: type) else { throw RecordError.unknownObject(type) }
        return object
    }

    /// External id values that appear more than once in one upsert: Salesforce refuses every
    /// record holding one.
    private static func repeatedValues(_ records: [[String: JSON]], of field: FieldSchema) -> Set<String> {
        var seen: [String: Int] = [:]
        for record in records {
            if let value = record.entry(forField: field.name)?.value.stringValue {
                seen[value.lowercased(), default: 0] += 1
            }
        }
        return Set(seen.filter { $0.value > 1 }.keys)
    }

    private static func collectionBody(_ request: DataRequest) throws(APIFailure) -> ([[String: JSON]], Bool) {
        guard let body = try request.json().objectValue, let items = body["records"]?.arrayValue else {
            throw APIFailure.badRequest(
                RecordError.jsonParser("The request body must be an object with a records array")
            )
        }
        try checkCount(items.count)
        var records: [[String: JSON]] = []
        for item in items {
            guard let record = item.objectValue else {
                throw APIFailure.badRequest(RecordError.jsonParser("Each element of records must be an object"))
            }
            records.append(record)
        }
        return (records, body["allOrNone"]?.boolValue ?? false)
    }

    private static func idList(_ request: DataRequest) throws(APIFailure) -> [String] {
        let ids = (request.query["ids"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !ids.isEmpty else { throw APIFailure.badRequest(RecordError("MISSING_ARGUMENT", "ids not specified")) }
        try checkCount(ids.count)
        return ids
    }

    private static func checkCount(_ count: Int) throws(APIFailure) {
        guard count <= 200 else {
            throw APIFailure.badRequest(
                RecordError(
                    "EXCEEDED_ID_LIMIT",
                    "record limit reached. cannot submit more than 200 records into this call"
                )
            )
        }
    }
}
