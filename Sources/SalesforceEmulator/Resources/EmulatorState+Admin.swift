import Foundation

extension EmulatorState {
    /// The emulator's own endpoints, outside Salesforce's paths: `GET /__emulator/stats`,
    /// `GET|POST|DELETE /__emulator/faults`, `POST /__emulator/reset`, `POST /__emulator/merge`,
    /// `POST /__emulator/convert`.
    /// They need no token and are never counted or faulted.
    mutating func admin(_ request: APIRequest, segments: [String], now: Date) -> APIResponse {
        let result: APIResult
        switch (segments.dropFirst().first, request.method) {
        case ("stats", "GET"):
            result = APIResult(200, stats())
        case ("faults", "GET"):
            result = APIResult(200, JSON.parse((try? JSONEncoder().encode(faults.settings)) ?? Data()) ?? [:])
        case ("faults", "POST"):
            do {
                let settings = try JSONDecoder().decode(FaultSettings.self, from: request.body)
                try settings.validate()
                faults.configure(settings)
                result = APIResult(200, ["configured": true])
            } catch let error as RecordError {
                result = APIResult(400, [error.restBody])
            } catch {
                result = APIResult(400, [RecordError.jsonParser("faults body: \(error)").restBody])
            }
        case ("faults", "DELETE"):
            faults.clear()
            result = APIResult(204, nil)
        case ("reset", "POST"):
            do {
                try reset(now: now)
                result = APIResult(204, nil)
            } catch {
                result = APIResult(500, [RecordError("UNKNOWN_EXCEPTION", error.description).restBody])
            }
        case ("merge", "POST"):
            result = merge(request.body, now: now)
        case ("convert", "POST"):
            result = convert(request.body, now: now)
        case ("stats", _), ("faults", _), ("reset", _), ("merge", _), ("convert", _):
            result =
                APIFailure.methodNotAllowed(
                    request.method,
                    allowed: ["reset", "merge", "convert"].contains(segments[1]) ? ["POST"] : ["GET", "POST", "DELETE"]
                ).response
        default:
            result = APIFailure.notFound.response
        }
        return SalesforceEmulator.response(result)
    }

    /// `{"object": "Lead", "master": ID, "duplicates": [ID, ...]}`: a person merges records (REST
    /// has no merge resource). The person is the org's last user (the standard org's second
    /// user), unless `user_id` names another.
    private mutating func merge(_ body: Data, now: Date) -> APIResult {
        struct Merge: Decodable {
            var object: String
            var master: String
            var duplicates: [String]
            var userID: String?
            enum CodingKeys: String, CodingKey {
                case object, master, duplicates
                case userID = "user_id"
            }
        }
        let request: Merge
        do {
            request = try JSONDecoder().decode(Merge.self, from: body)
        } catch {
            return APIResult(400, [RecordError.jsonParser("merge body: \(error)").restBody])
        }
        guard let object = schema.object(named: request.object) else {
            return APIResult(404, [RecordError("NOT_FOUND", "no object \(request.object)").restBody])
        }
        let user = request.userID ?? fixture.users.last?.id ?? "005000000000000AAA"
        do {
            try store.merge(
                object,
                master: request.master,
                duplicates: request.duplicates,
                context: writeContext(userID: user, now: now)
            )
            return APIResult(200, ["id": .string(request.master), "success": true])
        } catch {
            return APIResult(400, [error.restBody])
        }
    }

    /// `{"lead": ID, "contact": ID?}`: a person converts a Lead (into a new Contact, or the one
    /// named), as the org's last user unless `user_id` names another.
    private mutating func convert(_ body: Data, now: Date) -> APIResult {
        struct Conversion: Decodable {
            var lead: String
            var contact: String?
            var userID: String?
            enum CodingKeys: String, CodingKey {
                case lead, contact
                case userID = "user_id"
            }
        }
        let request: Conversion
        do {
            request = try JSONDecoder().decode(Conversion.self, from: body)
        } catch {
            return APIResult(400, [RecordError.jsonParser("convert body: \(error)").restBody])
        }
        let user = request.userID ?? fixture.users.last?.id ?? "005000000000000AAA"
        do {
            let contact = try store.convert(
                lead: request.lead,
                into: request.contact,
                context: writeContext(userID: user, now: now)
            )
            return APIResult(200, ["leadId": .string(request.lead), "contactId": .string(contact), "success": true])
        } catch {
            return APIResult(400, [error.restBody])
        }
    }

    /// API usage as Salesforce counts it, per resource, the live records per object, injected
    /// faults and issued tokens.
    private func stats() -> JSON {
        var records: [String: JSON] = [:]
        for object in schema.objects {
            records[object.name] = .int(store.records(of: object).filter { !$0.isDeleted }.count)
        }
        return [
            "api_requests": .int(usage.used),
            "api_allowance": .int(usage.allowance),
            "api_requests_refused": .int(usage.refused),
            "by_resource": .object(usage.byResource.mapValues { .int($0) }),
            "describes": .object(usage.describes.mapValues { .int($0) }),
            "records": .object(records),
            "faults_injected": .object(faults.injected.mapValues { .int($0) }),
            "access_tokens_issued": .int(sessions.issued),
        ]
    }
}
