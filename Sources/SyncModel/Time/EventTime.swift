/// An instant as the ingest contract writes it: RFC 3339 with an offset from UTC or `Z`.
///
/// The offset the writer used is kept, so that an event shows its time the way it was given.
/// Equality and order are by instant and then offset; `+00:00` and `Z` are the same offset
/// and print as `Z`.
public struct EventTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64
    /// Nanoseconds past `seconds`, 0..<1,000,000,000.
    public var nanoseconds: UInt32
    /// The writer's offset from UTC, in minutes (-1439...1439).
    public var offsetMinutes: Int16

    /// An instant from its parts; `nanoseconds` must be below one second.
    public init(seconds: Int64, nanoseconds: UInt32 = 0, offsetMinutes: Int16 = 0) {
        precondition(nanoseconds < 1_000_000_000, "nanoseconds out of range")
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.offsetMinutes = offsetMinutes
    }

    /// Microseconds since 1970, the unit the log's own timestamps use.
    public var unixMicroseconds: Int64 { seconds * 1_000_000 + Int64(nanoseconds / 1000) }

    /// The instant at `microseconds` since 1970, in UTC.
    public init(unixMicroseconds microseconds: Int64) {
        let (quotient, remainder) = microseconds.quotientAndRemainder(dividingBy: 1_000_000)
        if remainder < 0 {
            self.init(seconds: quotient - 1, nanoseconds: UInt32(remainder + 1_000_000) * 1000)
        } else {
            self.init(seconds: quotient, nanoseconds: UInt32(remainder) * 1000)
        }
    }

    public static func < (lhs: EventTime, rhs: EventTime) -> Bool {
        (lhs.seconds, lhs.nanoseconds, lhs.offsetMinutes) < (rhs.seconds, rhs.nanoseconds, rhs.offsetMinutes)
    }

    /// RFC 3339, in the writer's offset, with as many fraction digits as the value needs (0, 3, 6 or 9).
    public var description: String {
        let local = seconds + Int64(offsetMinutes) * 60
        let (days, secondOfDay) = floorDivide(local, 86_400)
        let (year, month, day) = CivilCalendar.date(fromDaysSinceEpoch: days)
        var text =
            pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(secondOfDay / 3600, 2) + ":"
            + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if nanoseconds != 0 {
            var digits = pad(Int64(nanoseconds), 9)
            while digits.count > 3, digits.hasSuffix("000") { digits.removeLast(3) }
            text += "." + digits
        }
        if offsetMinutes == 0 { return text + "Z" }
        let magnitude = Int64(abs(Int(offsetMinutes)))
        return text + (offsetMinutes < 0 ? "-" : "+") + pad(magnitude / 60, 2) + ":" + pad(magnitude % 60, 2)
    }

    private func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
    let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
    return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's days-from-civil algorithms).
enum CivilCalendar {
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400).quotient
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func date(fromDaysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097).quotient
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
