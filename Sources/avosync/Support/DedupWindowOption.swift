import ArgumentParser

/// `--dedup-window DURATION`: how long an event's `(account, id)` is remembered so that sending
/// it again appends nothing. The contract's floor is 7 days.
struct DedupWindowOption: ParsableArguments {
    @Option(
        help:
            "How long an event's (account, id) is remembered against duplicates: 7d (the default and the least), 30d, 240h, ..."
    )
    var dedupWindow = "7d"

    func validate() throws {
        guard let window = Self.parse(dedupWindow) else {
            throw ValidationError(
                "--dedup-window must be a number of days, hours, minutes or seconds (7d, 240h), got '\(dedupWindow)'"
            )
        }
        guard window >= Self.floor else { throw ValidationError("--dedup-window must be at least 7 days (7d)") }
    }

    var duration: Duration { Self.parse(dedupWindow) ?? Self.floor }

    static let floor = Duration.seconds(7 * 86_400)

    /// `7d`, `36h`, `90m`, `3600s` or bare seconds.
    static func parse(_ text: String) -> Duration? {
        let units: [Character: Int64] = ["d": 86_400, "h": 3600, "m": 60, "s": 1]
        let unit = text.last.flatMap { units[$0] }
        guard let count = Int64(unit == nil ? Substring(text) : text.dropLast()), count > 0, count < 100 * 365 * 86_400
        else { return nil }
        return .seconds(count * (unit ?? 1))
    }
}
