import Foundation

/// Dates and times as Salesforce writes them: `2024-05-01T12:34:56.000+0000` for date-times and
/// `2024-05-01` for dates, always in UTC.
enum SalesforceTime {
    /// Salesforce's date-time text for `date`.
    static func format(_ date: Date) -> String {
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds.floorDivided(by: 1000))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        let day = [
            digits(Int(parts.tm_year) + 1900, 4), "-", digits(Int(parts.tm_mon) + 1, 2), "-",
            digits(Int(parts.tm_mday), 2),
        ]
        let time = [
            "T", digits(Int(parts.tm_hour), 2), ":", digits(Int(parts.tm_min), 2), ":", digits(Int(parts.tm_sec), 2),
            ".",
            digits(milliseconds - milliseconds.floorDivided(by: 1000) * 1000, 3), "+0000",
        ]
        return (day + time).joined()
    }

    /// Parses a date-time with a zone (`Z`, `+hh:mm` or `+hhmm`) and optional fraction:
    /// `2024-05-01T10:00:00Z`, `2024-05-01T10:00:00.000+0000`.
    static func parseDateTime(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T"), let day = calendarDate(bytes[0..<10]),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]), let second = number(bytes[17..<19]),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            let start = index + 1
            index = start
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            guard index > start, index - start <= 9, let digits = number(bytes[start..<index]) else { return nil }
            fraction = Double(digits) / pow(10, Double(index - start))
        }
        var offset = 0
        let zone = bytes[index...]
        if zone.elementsEqual([UInt8(ascii: "Z")]) {
            offset = 0
        } else {
            let sign = zone.first
            let digits = zone.dropFirst().filter { $0 != UInt8(ascii: ":") }
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), digits.count == 4,
                zone.count == 5 || (zone.count == 6 && zone[zone.startIndex + 3] == UInt8(ascii: ":")),
                let hours = number(digits[0..<2]), let minutes = number(digits[2..<4])
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
        }
        var parts = tm()
        parts.tm_year = Int32(day.year - 1900)
        parts.tm_mon = Int32(day.month - 1)
        parts.tm_mday = Int32(day.day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Date(timeIntervalSince1970: Double(timegm(&parts)) + fraction - Double(offset))
    }

    /// Whether `text` is a calendar date `YYYY-MM-DD`.
    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 10 && calendarDate(bytes[...]) != nil
    }

    private static func calendarDate(_ bytes: ArraySlice<UInt8>) -> (year: Int, month: Int, day: Int)? {
        let start = bytes.startIndex
        guard bytes.count == 10, bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-"),
            let year = number(bytes[start..<(start + 4)]), let month = number(bytes[(start + 5)..<(start + 7)]),
            let day = number(bytes[(start + 8)..<(start + 10)]), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        return (year, month, day)
    }

    /// The value of ASCII digits; `nil` when any byte is not one.
    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return bytes.isEmpty ? nil : value
    }
}

extension Int {
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
