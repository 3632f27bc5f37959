import Foundation

extension EmulatorState {
    /// The emulator's own endpoints, outside Salesforce's paths: `GET /__emulator/stats`,
    /// `GET|POST|DELETE /__emulator/faults`, `POST /__emulator/reset`. They need no token and are
    /// never counted or faulted.
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
        case ("stats", _), ("faults", _), ("reset", _):
            result =
                APIFailure.methodNotAllowed(
                    request.method,
                    allowed: segments[1] == "reset" ? ["POST"] : ["GET", "POST", "DELETE"]
                ).response
        default:
            result = APIFailure.notFound.response
        }
        return SalesforceEmulator.response(result)
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
