extension EventTime {
    /// Parses RFC 3339 (`2026-11-28T09:00:00Z`, `2026-11-28T10:00:00.250+01:00`), or explains why not.
    ///
    /// Accepts `T`, `t` or a space between date and time, `Z` or `z`, and up to nine fraction
    /// digits. Rejects leap seconds (`:60`), which no clock avosync meets will write.
    public static func parse(_ text: String) -> Result<EventTime, TimeFormatError> {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(digits: 4), scanner.expect("-"), let month = scanner.number(digits: 2),
            scanner.expect("-"), let day = scanner.number(digits: 2)
        else { return .failure(.init("expected a date as YYYY-MM-DD")) }
        guard scanner.expect("T") || scanner.expect("t") || scanner.expect(" ") else {
            return .failure(.init("expected 'T' between the date and the time"))
        }
        guard let hour = scanner.number(digits: 2), scanner.expect(":"), let minute = scanner.number(digits: 2),
            scanner.expect(":"), let second = scanner.number(digits: 2)
        else { return .failure(.init("expected a time as hh:mm:ss")) }
        var nanoseconds: Int64 = 0
        if scanner.expect(".") {
            let fraction = scanner.digits()
            guard (1...9).contains(fraction.count) else {
                return .failure(.init("a fraction of a second needs 1 to 9 digits"))
            }
            nanoseconds = fraction.reduce(0) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
            for _ in fraction.count..<9 { nanoseconds *= 10 }
        }
        var offset: Int64 = 0
        if scanner.expect("Z") || scanner.expect("z") {
            offset = 0
        } else if let sign = scanner.sign() {
            guard let hours = scanner.number(digits: 2), scanner.expect(":"), let minutes = scanner.number(digits: 2),
                hours <= 23, minutes <= 59
            else { return .failure(.init("expected an offset as +hh:mm or -hh:mm")) }
            offset = sign * (hours * 60 + minutes)
        } else {
            return .failure(.init("expected an offset from UTC ('Z', '+hh:mm' or '-hh:mm')"))
        }
        guard scanner.atEnd else { return .failure(.init("unexpected text after the offset")) }
        guard year >= 1 else { return .failure(.init("year 0000 is out of range")) }
        guard (1...12).contains(month) else { return .failure(.init("month \(month) is out of range")) }
        guard (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day) else {
            return .failure(.init("day \(day) does not exist in \(year)-\(month < 10 ? "0" : "")\(month)"))
        }
        guard hour <= 23, minute <= 59 else { return .failure(.init("time of day is out of range")) }
        guard second <= 59 else {
            return .failure(.init("second \(second) is out of range (leap seconds are not accepted)"))
        }
        let local =
            CivilCalendar.daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600
            + minute * 60 + second
        return .success(
            EventTime(seconds: local - offset * 60, nanoseconds: UInt32(nanoseconds), offsetMinutes: Int16(offset))
        )
    }
}

/// Why a time could not be read.
public struct TimeFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, for a person.
    public var description: String

    init(_ description: String) { self.description = "not an RFC 3339 time: " + description }
}

private struct DigitScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    mutating func number(digits count: Int) -> Int64? {
        guard bytes.count - index >= count else { return nil }
        var value: Int64 = 0
        for byte in bytes[index..<index + count] {
            guard NameRules.isDigit(byte) else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        index += count
        return value
    }

    mutating func digits() -> ArraySlice<UInt8> {
        let start = index
        while index < bytes.count, NameRules.isDigit(bytes[index]) { index += 1 }
        return bytes[start..<index]
    }

    mutating func expect(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func sign() -> Int64? {
        if expect("+") { return 1 }
        if expect("-") { return -1 }
        return nil
    }
}
