public import Foundation

/// A request to the emulated API, independent of the HTTP server that carried it.
public struct APIRequest: Sendable {
    /// Upper-case HTTP method.
    public var method: String
    /// The path as sent, still percent-encoded, without the query string.
    public var path: String
    /// The raw query string (after `?`), if any.
    public var rawQuery: String?
    /// Header values by lower-cased name.
    public var headers: [String: String]
    public var body: Data

    public init(method: String, target: String, headers: [String: String] = [:], body: Data = Data()) {
        self.method = method.uppercased()
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            rawQuery = String(target[target.index(after: mark)...])
        } else {
            path = target
            rawQuery = nil
        }
        self.headers = Dictionary(
            headers.map { ($0.key.lowercased(), $0.value) },
            uniquingKeysWith: { first, _ in first }
        )
        self.body = body
    }

    /// The length of the request line's target, which Salesforce caps at 16,384 bytes.
    var targetLength: Int { path.utf8.count + (rawQuery.map { $0.utf8.count + 1 } ?? 0) }

    /// The path's segments, percent-decoded, without empty ones (so trailing slashes do not matter).
    var segments: [String] {
        path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
    }

    /// Query parameters, form-decoded: `+` is a space and `%2B` a plus sign.
    var queryParameters: [String: String] {
        FormEncoding.decode(rawQuery ?? "")
    }
}

/// A response of the emulated API.
public struct APIResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data?
    /// When set, the server closes the connection instead of answering (an injected fault).
    public var dropsConnection = false

    init(status: Int, json: JSON?, headers: [(String, String)] = []) {
        self.status = status
        self.body = json.map { $0.encoded() }
        self.headers = headers + (json == nil ? [] : [("Content-Type", "application/json;charset=UTF-8")])
    }
}

/// `application/x-www-form-urlencoded` decoding, for query strings and the OAuth token form.
enum FormEncoding {
    static func decode(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = component(parts[0])
            if result[name] == nil { result[name] = parts.count > 1 ? component(parts[1]) : "" }
        }
        return result
    }

    private static func component(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
