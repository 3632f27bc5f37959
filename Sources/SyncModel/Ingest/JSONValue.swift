public import Foundation

/// A JSON value with numbers kept as written where they fit: integers stay integers.
///
/// Objects keep their keys in order (sorted when parsed), so that output is deterministic.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The JSON type's name, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One key and value of a JSON object.
public struct JSONMember: Sendable, Hashable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

extension JSONValue {
    /// Parses JSON text (any value, not only an object) with Foundation's `JSONSerialization`,
    /// which reads small documents several times faster than `JSONDecoder` does into an enum.
    /// Booleans stay booleans, integers that fit stay `Int64`, other numbers become `Double`.
    public static func parse(_ data: Data) throws -> JSONValue {
        JSONValue(foundation: try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    private static let booleanType = type(of: NSNumber(value: true))

    private init(foundation value: Any) {
        // Containers first: testing one against NSNumber would bridge it to Objective-C.
        switch value {
        case let text as String:
            self = .string(text)
        case let object as [String: Any]:
            self = .object(
                object.sorted { $0.key < $1.key }.map { JSONMember($0.key, JSONValue(foundation: $0.value)) }
            )
        case let array as [Any]:
            self = .array(array.map { JSONValue(foundation: $0) })
        case let number as NSNumber:
            let kind = number.objCType.pointee
            if type(of: number) == Self.booleanType {
                self = .bool(number.boolValue)
            } else if kind == CChar(UInt8(ascii: "d")) || kind == CChar(UInt8(ascii: "f")) {
                self = .number(number.doubleValue)
            } else if kind == CChar(UInt8(ascii: "Q")), number.uint64Value > UInt64(Int64.max) {
                self = .number(number.doubleValue)
            } else {
                self = .integer(number.int64Value)
            }
        default:
            self = .null
        }
    }
}
