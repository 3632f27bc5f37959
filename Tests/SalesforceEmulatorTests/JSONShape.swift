import SalesforceEmulator

/// Differences between a documented JSON example and an actual answer: keys the answer lacks and
/// values of another JSON type, each named by its path. Extra keys in the answer are allowed.
enum JSONShape {
    static func differences(documented: JSON, actual: JSON, path: String = "$") -> [String] {
        switch (documented, actual) {
        case (.object(let expected), .object(let members)):
            return expected.keys.sorted().flatMap { key -> [String] in
                guard let value = members[key] else { return ["\(path).\(key) is missing"] }
                return differences(documented: expected[key]!, actual: value, path: "\(path).\(key)")
            }
        case (.array(let expected), .array(let elements)):
            guard let first = expected.first else { return [] }
            if elements.isEmpty { return ["\(path) is empty, the documentation shows elements"] }
            return elements.enumerated().flatMap { index, element in
                differences(
                    documented: index < expected.count ? expected[index] : first,
                    actual: element,
                    path: "\(path)[\(index)]"
                )
            }
        default:
            return kind(documented) == kind(actual) || documented == .null || actual == .null
                ? [] : ["\(path) is \(kind(actual)), documented as \(kind(documented))"]
        }
    }

    private static func kind(_ value: JSON) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
