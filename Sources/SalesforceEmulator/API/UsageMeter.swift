/// API requests counted as Salesforce counts them against the daily allowance: one per REST
/// request, a composite or collection request counting once whatever it holds.
struct UsageMeter: Sendable {
    let allowance: Int
    private(set) var used = 0
    /// Counts per resource ("query", "search", "sobjects", "composite", "composite/sobjects", ...).
    private(set) var byResource: [String: Int] = [:]
    /// Requests refused because the allowance was used up.
    private(set) var refused = 0
    /// Describe requests per object (`sobjects/NAME/describe`); the global describe (`sobjects`)
    /// counts under "*".
    private(set) var describes: [String: Int] = [:]

    init(allowance: Int) {
        self.allowance = allowance
    }

    var exhausted: Bool { used >= allowance }

    mutating func count(_ resource: String) {
        used += 1
        byResource[resource, default: 0] += 1
    }

    /// Counts a request by its resource path, describes by object too.
    mutating func count(_ request: DataRequest) {
        count(request.resourceName)
        let path = request.resource
        if request.method == "GET", path.first == "sobjects" {
            if path.count == 1 { describes["*", default: 0] += 1 }
            if path.count == 3, path[2] == "describe" { describes[path[1], default: 0] += 1 }
        }
    }

    mutating func countRefusal() {
        refused += 1
    }

    /// The `Sforce-Limit-Info` header value.
    var header: String { "api-usage=\(used)/\(allowance)" }
}
