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
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03d+0000",
            Int(parts.tm_year) + 1900,
            Int(parts.tm_mon) + 1,
            Int(parts.tm_mday),
            Int(parts.tm_hour),
            Int(parts.tm_min),
            Int(parts.tm_sec),
            milliseconds - milliseconds.floorDivided(by: 1000) * 1000
        )
    }

    /// Parses a date-time with a zone (`Z`, `+hh:mm` or `+hhmm`) and optional fraction.
    static func parseDateTime(_ text: String) -> Date? {
        let pattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/
        guard let match = text.wholeMatch(of: pattern),
            let year = Int(match.1), let month = Int(match.2), let day = Int(match.3),
            let hour = Int(match.4), let minute = Int(match.5), let second = Int(match.6),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        var epoch = Double(timegm(&parts))
        if let fraction = match.7, let value = Double("0" + fraction) { epoch += value }
        let zone = String(match.8)
        if zone != "Z" {
            let digits = zone.dropFirst().filter(\.isNumber)
            let offset = (Int(digits.prefix(2)) ?? 0) * 3600 + (Int(digits.suffix(2)) ?? 0) * 60
            epoch -= Double(zone.hasPrefix("-") ? -offset : offset)
        }
        return Date(timeIntervalSince1970: epoch)
    }

    /// Whether `text` is a calendar date `YYYY-MM-DD`.
    static func isDate(_ text: String) -> Bool {
        guard let match = text.wholeMatch(of: /^(\d{4})-(\d{2})-(\d{2})$/),
            let month = Int(match.2), let day = Int(match.3)
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}

extension Int {
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
