import Foundation

extension EmulatorState {
    /// `POST /composite`: up to 25 subrequests run in order (at most 5 of them queries or
    /// collections), each able to use earlier results through `@{referenceId.path}`. With
    /// `allOrNone`, one failure rolls back every subrequest. Counts as one API request.
    mutating func composite(_ request: DataRequest) throws(APIFailure) -> APIResult {
        guard request.method == "POST" else { throw APIFailure.methodNotAllowed(request.method, allowed: ["POST"]) }
        let body = try request.json()
        guard let items = body["compositeRequest"]?.arrayValue else {
            throw APIFailure.badRequest(RecordError.jsonParser("compositeRequest is required"))
        }
        let subrequests = try Self.subrequests(items, request)
        let allOrNone = body["allOrNone"]?.boolValue ?? false
        store.beginTransaction()
        var results: [(referenceID: String, status: Int, body: JSON?)] = []
        var bodies: [String: JSON] = [:]
        var failed = false
        for subrequest in subrequests {
            if failed && allOrNone {
                results.append(
                    (
                        subrequest.referenceID, 400,
                        Self.halted(
                            "The transaction was rolled back since another operation in the same transaction failed."
                        )
                    )
                )
                continue
            }
            let result: APIResult
            do throws(CompositeReferenceError) {
                var resolved = subrequest.request
                resolved.resource = try resolved.resource.map { segment throws(CompositeReferenceError) in
                    try Self.substitute(in: .string(segment), bodies).stringValue ?? segment
                }
                for (name, value) in resolved.query {
                    resolved.query[name] = try Self.substitute(in: .string(value), bodies).stringValue ?? value
                }
                if let json = subrequest.body {
                    resolved.body = try Self.substitute(in: json, bodies).encoded()
                }
                result = route(resolved)
            } catch {
                result = APIResult(
                    400,
                    Self.halted(
                        "Invalid reference specified. No value for \(error.reference) found in \(error.referenceID). Provided referenceId ('\(error.referenceID)') must be a previous subrequest with a result."
                    )
                )
            }
            if result.status >= 400 {
                failed = true
            } else if let resultBody = result.body {
                bodies[subrequest.referenceID] = resultBody
            }
            results.append((subrequest.referenceID, result.status, result.body))
        }
        if failed && allOrNone {
            store.rollBack()
            let halted = Self.halted(
                "The transaction was rolled back since another operation in the same transaction failed."
            )
            results = results.map { $0.status >= 400 ? $0 : ($0.referenceID, 400, halted) }
        } else {
            store.commit()
        }
        return APIResult(
            200,
            [
                "compositeResponse": .array(
                    results.map { result in
                        [
                            "body": result.body ?? .null, "httpHeaders": [:], "httpStatusCode": .int(result.status),
                            "referenceId": .string(result.referenceID),
                        ]
                    }
                )
            ]
        )
    }

    private struct Subrequest {
        var referenceID: String
        var request: DataRequest
        var body: JSON?
    }

    private static func subrequests(_ items: [JSON], _ parent: DataRequest) throws(APIFailure) -> [Subrequest] {
        guard items.count <= 25 else {
            throw APIFailure.badRequest(
                RecordError(
                    "LIMIT_EXCEEDED",
                    "A composite request may hold at most 25 subrequests; this one holds \(items.count)"
                )
            )
        }
        var subrequests: [Subrequest] = []
        var heavy = 0
        for (index, item) in items.enumerated() {
            guard let method = item["method"]?.stringValue?.uppercased(), let url = item["url"]?.stringValue,
                let referenceID = item["referenceId"]?.stringValue, !referenceID.isEmpty
            else {
                throw APIFailure.badRequest(
                    RecordError.jsonParser("compositeRequest[\(index)] needs method, url and referenceId")
                )
            }
            guard subrequests.allSatisfy({ $0.referenceID != referenceID }) else {
                throw APIFailure.badRequest(
                    RecordError.jsonParser("Duplicate referenceId provided in the request: \(referenceID)")
                )
            }
            let api = APIRequest(method: method, target: url, headers: parent.headers, body: Data())
            let segments = api.segments
            guard segments.count >= 3, segments[0] == "services", segments[1] == "data",
                let version = APIVersions.number(segments[2])
            else {
                throw APIFailure.badRequest(
                    RecordError("INVALID_URL", "compositeRequest[\(index)].url must start with /services/data/vXX.X/")
                )
            }
            var request = parent
            request.method = method
            request.resource = Array(segments.dropFirst(3))
            request.query = api.queryParameters
            request.version = version
            request.body = Data()
            switch request.resourceName {
            case "sobjects": break
            case "query", "queryAll", "composite/sobjects": heavy += 1
            default:
                throw APIFailure.badRequest(
                    RecordError(
                        "INVALID_URL",
                        "compositeRequest[\(index)]: \(request.resourceName) is not supported inside a composite request"
                    )
                )
            }
            guard heavy <= 5 else {
                throw APIFailure.badRequest(
                    RecordError(
                        "LIMIT_EXCEEDED",
                        "A composite request may hold at most 5 queries and sObject collections"
                    )
                )
            }
            subrequests.append(Subrequest(referenceID: referenceID, request: request, body: item["body"]))
        }
        return subrequests
    }

    private static func halted(_ message: String) -> JSON {
        [RecordError("PROCESSING_HALTED", message).restBody]
    }

    /// Replaces `@{referenceId.path}` in strings: a whole-string reference takes the value as it is
    /// (a number stays a number), a reference inside text is spliced in as text.
    private static func substitute(in value: JSON, _ bodies: [String: JSON]) throws(CompositeReferenceError) -> JSON {
        switch value {
        case .string(let text) where text.contains("@{"):
            let pattern = /@\{([A-Za-z0-9_]+)\.([^}]+)\}/
            if let whole = text.wholeMatch(of: pattern) {
                return try resolve(String(whole.1), String(whole.2), bodies)
            }
            var result = ""
            var rest = text[...]
            while let match = rest.firstMatch(of: pattern) {
                result += rest[..<match.range.lowerBound]
                let resolved = try resolve(String(match.1), String(match.2), bodies)
                result += resolved.stringValue ?? String(decoding: resolved.encoded(), as: UTF8.self)
                rest = rest[match.range.upperBound...]
            }
            return .string(result + rest)
        case .array(let elements):
            var resolved: [JSON] = []
            for element in elements { resolved.append(try substitute(in: element, bodies)) }
            return .array(resolved)
        case .object(let members):
            var resolved: [String: JSON] = [:]
            for (key, member) in members { resolved[key] = try substitute(in: member, bodies) }
            return .object(resolved)
        default:
            return value
        }
    }

    /// Follows a path such as `records[0].Id` through an earlier subrequest's result body.
    private static func resolve(
        _ referenceID: String,
        _ path: String,
        _ bodies: [String: JSON]
    ) throws(CompositeReferenceError) -> JSON {
        let failure = CompositeReferenceError(referenceID: referenceID, reference: "\(referenceID).\(path)")
        guard var current = bodies[referenceID] else { throw failure }
        for part in path.split(separator: ".") {
            guard let match = part.wholeMatch(of: /([A-Za-z0-9_]+)((?:\[\d+\])*)/) else { throw failure }
            guard let member = current[String(match.1)] else { throw failure }
            current = member
            for index in match.2.matches(of: /\[(\d+)\]/) {
                guard let position = Int(index.1), let elements = current.arrayValue, position < elements.count else {
                    throw failure
                }
                current = elements[position]
            }
        }
        return current
    }
}

/// A composite subrequest named a reference with no value.
struct CompositeReferenceError: Error {
    var referenceID: String
    var reference: String
}
