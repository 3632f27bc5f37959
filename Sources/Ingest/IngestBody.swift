public import SyncModel

/// The events of one ingest input, validated in order: what was valid, and why the rest was not.
public struct ValidatedEvents: Sendable {
    /// The valid events, in input order.
    public var events: [Event] = []
    /// Each refused line or element, in input order.
    public var problems: [IngestError] = []

    public init() {}
}

extension IngestValidator {
    /// Validates JSON lines (`\n`-separated, `\r\n` too; blank lines skipped), numbering them
    /// from 1. `progress` hears the bytes read so far now and then.
    public mutating func validate(
        lines buffer: UnsafeRawBufferPointer,
        progress: ((Int) -> Void)? = nil
    ) -> ValidatedEvents {
        var result = ValidatedEvents()
        // Lines are rarely shorter than 100 bytes: growing the array by copying costs more.
        result.events.reserveCapacity(buffer.count / 100)
        reserve(lines: buffer.count / 100)
        var number = 0
        var start = 0
        while start < buffer.count {
            let end = buffer[start...].firstIndex(of: 0x0A) ?? buffer.count
            number += 1
            switch validate(line: UnsafeRawBufferPointer(rebasing: buffer[start..<end]), number: number) {
            case .success(let event)?: result.events.append(event)
            case .failure(let error)?: result.problems.append(error)
            case nil: break
            }
            if number % 4096 == 0 { progress?(end) }
            start = end + 1
        }
        progress?(buffer.count)
        return result
    }

    /// Validates a JSON array of events, numbering its elements from 1. Throws when the bytes
    /// are not a JSON array at all.
    public mutating func validate(array buffer: UnsafeRawBufferPointer) throws(JSONBodyError) -> ValidatedEvents {
        let value: JSONValue
        do {
            value = try JSONScanner.parse(buffer)
        } catch {
            throw JSONBodyError(reason: "the body is not valid JSON (\(error))")
        }
        guard case .array(let elements) = value else {
            throw JSONBodyError(reason: "the body must be a JSON array of events, not \(value.typeName)")
        }
        var result = ValidatedEvents()
        for (index, element) in elements.enumerated() {
            switch validate(value: element, number: index + 1) {
            case .success(let event): result.events.append(event)
            case .failure(let error): result.problems.append(error)
            }
        }
        return result
    }
}

/// A body that is not a JSON array of events.
public struct JSONBodyError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
