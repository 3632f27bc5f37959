import Foundation

/// The org's daily API usage, as the `Sforce-Limit-Info: api-usage=USED/MAX` header reports it.
public struct APIUsage: Sendable, Equatable, CustomStringConvertible {
    public var used: Int
    public var limit: Int

    public init(used: Int, limit: Int) {
        self.used = used
        self.limit = limit
    }

    /// Reads the header's value; nil when it has no `api-usage` part.
    public init?(header: String) {
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces) == "api-usage" else { continue }
            let numbers = pair[1].split(separator: "/")
            guard numbers.count == 2, let used = Int(numbers[0].trimmingCharacters(in: .whitespaces)),
                let limit = Int(numbers[1].trimmingCharacters(in: .whitespaces))
            else { return nil }
            self.init(used: used, limit: limit)
            return
        }
        return nil
    }

    /// Calls left today.
    public var remaining: Int { max(0, limit - used) }

    public var description: String { "\(used) of \(limit) API requests used" }
}
