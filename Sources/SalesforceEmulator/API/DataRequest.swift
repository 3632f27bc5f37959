import Foundation

/// A request under `/services/data/vXX.X/`, authenticated, with what resources need to answer it.
struct DataRequest {
    var method: String
    /// Segments after the version: `["sobjects", "Lead", "describe"]`.
    var resource: [String]
    var query: [String: String]
    var headers: [String: String]
    var body: Data
    /// The API version's number, 59 for `v59.0`.
    var version: Int
    var userID: String
    var now: Date

    /// `/services/data/v59.0`.
    var versionPath: String { "/services/data/v\(version).0" }

    /// The body as JSON; JSON_PARSER_ERROR when it is missing or not JSON.
    func json() throws(APIFailure) -> JSON {
        guard !body.isEmpty else {
            throw APIFailure.badRequest(RecordError.jsonParser("No content to map due to end-of-input"))
        }
        guard let value = JSON.parse(body) else {
            throw APIFailure.badRequest(
                RecordError.jsonParser("Unexpected character in the request body: it is not valid JSON")
            )
        }
        return value
    }

    /// The body as a JSON object of field values.
    func fieldValues() throws(APIFailure) -> [String: JSON] {
        guard let object = try json().objectValue else {
            throw APIFailure.badRequest(
                RecordError.jsonParser("Cannot deserialize instance of sObject from START_ARRAY value")
            )
        }
        return object
    }

    var isWrite: Bool { ["POST", "PATCH", "PUT", "DELETE"].contains(method) }

    /// The name under which `/__emulator/stats` counts this request.
    var resourceName: String {
        guard let first = resource.first else { return "resources" }
        if first == "composite", resource.count > 1, resource[1] == "sobjects" { return "composite/sobjects" }
        return first
    }
}

/// API versions the emulator serves: v20.0 (Winter '11) to v62.0 (Winter '25).
enum APIVersions {
    static let supported = 20...62

    /// `59` for `v59.0`; `nil` for anything else or an unsupported version.
    static func number(_ segment: String) -> Int? {
        guard segment.hasPrefix("v"), segment.hasSuffix(".0"), let number = Int(segment.dropFirst().dropLast(2)),
            supported.contains(number)
        else { return nil }
        return number
    }

    /// The release a version shipped with: v59.0 is "Winter '24", then Spring, Summer, Winter.
    static func label(_ number: Int) -> String {
        let distance = number - 59
        let seasonIndex = ((distance % 3) + 3) % 3
        let year = 24 + Int((Double(distance) / 3).rounded(.down))
        return "\(["Winter", "Spring", "Summer"][seasonIndex]) '\(year)"
    }
}
