import Foundation

extension EmulatorState {
    /// `/sobjects/...`: describe, create, read, update, delete and upsert by external id.
    mutating func sobjects(_ request: DataRequest) throws(APIFailure) -> APIResult {
        let path = request.resource
        guard path.count > 1 else {
            guard request.method == "GET" else {
                throw APIFailure.methodNotAllowed(request.method, allowed: ["GET", "HEAD"])
            }
            return describeGlobal(request)
        }
        guard let object = schema.object(named: path[1]) else { throw APIFailure.notFound }
        let context = writeContext(userID: request.userID, now: request.now)
        switch (path.count, request.method) {
        case (2, "GET"):
            return basicInformation(object, request)
        case (2, "POST"):
            let values = try request.fieldValues()
            let id = try Self.recordCall { () throws(RecordError) in
                try store.create(object, values: values, context: context)
            }
            return APIResult(201, ["id": .string(id), "success": true, "errors": []])
        case (2, _):
            throw APIFailure.methodNotAllowed(request.method, allowed: ["GET", "POST", "HEAD"])
        case (3, "GET") where path[2] == "describe":
            return describe(object, request)
        case (3, "GET") where path[2] == "updated" || path[2] == "deleted":
            return try replication(object, deleted: path[2] == "deleted", request)
        case (3, _):
            return try recordByID(object, path[2], request, context)
        case (4, _):
            return try recordByExternalID(object, field: path[2], value: path[3], request, context)
        default:
            throw APIFailure.notFound
        }
    }

    private mutating func recordByID(
        _ object: ObjectSchema,
        _ id: String,
        _ request: DataRequest,
        _ context: WriteContext
    ) throws(APIFailure) -> APIResult {
        guard RecordID.normalized(id) != nil else { throw APIFailure.notFound }
        switch request.method {
        case "GET":
            let record = try Self.recordCall { () throws(RecordError) in try store.liveRecord(id, of: object) }
            return APIResult(200, try render(record, fieldList: request.query["fields"], request))
        case "PATCH":
            let values = try request.fieldValues()
            try Self.recordCall { () throws(RecordError) in
                try store.update(object, id: id, values: values, context: context)
            }
            return APIResult(204, nil)
        case "DELETE":
            try Self.recordCall { () throws(RecordError) in try store.delete(object, id: id, context: context) }
            return APIResult(204, nil)
        default:
            throw APIFailure.methodNotAllowed(request.method, allowed: ["GET", "PATCH", "DELETE", "HEAD"])
        }
    }

    /// `/sobjects/{Object}/{ExternalIdField}/{value}`: upsert (PATCH), read (GET), delete.
    private mutating func recordByExternalID(
        _ object: ObjectSchema,
        field name: String,
        value: String,
        _ request: DataRequest,
        _ context: WriteContext
    ) throws(APIFailure) -> APIResult {
        guard let field = object.field(named: name), field.externalID || field.type == .id else {
            throw APIFailure(
                404,
                RecordError("NOT_FOUND", "Provided external ID field does not exist or is not accessible: \(name)")
            )
        }
        if field.type == .id { return try recordByID(object, value, request, context) }
        switch request.method {
        case "PATCH", "POST":
            let values = try request.fieldValues()
            let result = try Self.recordCall { () throws(RecordError) in
                try store.upsert(object, externalField: field, value: value, values: values, context: context)
            }
            switch result {
            case .created(let id):
                var body: [String: JSON] = ["id": .string(id), "success": true, "errors": []]
                if request.version >= 46 { body["created"] = true }
                return APIResult(201, .object(body))
            case .updated(let id):
                // Before v46 an update by upsert answered 204 without a body.
                guard request.version >= 46 else { return APIResult(204, nil) }
                return APIResult(200, ["id": .string(id), "success": true, "errors": [], "created": false])
            case .multipleMatches(let ids):
                return APIResult(
                    300,
                    .array(ids.map { .string("\(request.versionPath)/sobjects/\(object.name)/\($0)") })
                )
            }
        case "GET", "DELETE":
            let ids = store.ids(of: object, whereExternal: field.name, is: value)
            if ids.count > 1 {
                return APIResult(
                    300,
                    .array(ids.map { .string("\(request.versionPath)/sobjects/\(object.name)/\($0)") })
                )
            }
            guard let id = ids.first else { throw APIFailure.notFound }
            return try recordByID(object, id, request, context)
        default:
            throw APIFailure.methodNotAllowed(request.method, allowed: ["GET", "PATCH", "DELETE", "HEAD"])
        }
    }

    /// A record as the API shows it: `attributes` (type and URL) and the chosen fields, or all.
    func render(_ record: StoredRecord, fieldList: String?, _ request: DataRequest) throws(APIFailure) -> JSON {
        guard let object = schema.object(named: record.object) else { throw APIFailure.notFound }
        var fields = object.fields
        if let fieldList {
            fields = []
            for name in fieldList.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let field = object.field(named: name) else {
                    throw APIFailure.badRequest(QueryParser.noSuchColumn(name, object))
                }
                fields.append(field)
            }
        }
        return render(record, fields: fields, versionPath: request.versionPath)
    }

    func render(_ record: StoredRecord, fields: [FieldSchema], versionPath: String) -> JSON {
        var body: [String: JSON] = [
            "attributes": [
                "type": .string(record.object), "url": .string("\(versionPath)/sobjects/\(record.object)/\(record.id)"),
            ]
        ]
        for field in fields { body[field.name] = record.value(of: field.name) }
        return .object(body)
    }

    /// Runs a record operation, turning its error into the status Salesforce gives it.
    static func recordCall<T>(_ operation: () throws(RecordError) -> T) throws(APIFailure) -> T {
        do {
            return try operation()
        } catch {
            let status = ["NOT_FOUND", "ENTITY_IS_DELETED"].contains(error.code) ? 404 : 400
            throw APIFailure(status, error)
        }
    }
}
