import Foundation

/// Faults injected into API requests, as posted to `/__emulator/faults`: a chance per request for
/// each kind, added latency, and the search index delay.
public struct FaultSettings: Sendable, Codable, Equatable {
    public struct Rates: Sendable, Codable, Equatable {
        public var http500: Double?
        public var http503: Double?
        public var requestLimit: Double?
        public var rowLock: Double?
        public var sessionExpired: Double?
        public var dropConnection: Double?

        enum CodingKeys: String, CodingKey {
            case http500, http503
            case requestLimit = "request_limit"
            case rowLock = "row_lock"
            case sessionExpired = "session_expired"
            case dropConnection = "drop_connection"
        }
    }

    public struct Latency: Sendable, Codable, Equatable {
        public var min: Int
        public var max: Int
    }

    public var seed: UInt64?
    public var rates: Rates?
    public var latencyMilliseconds: Latency?
    public var searchIndexDelayMilliseconds: Int?

    enum CodingKeys: String, CodingKey {
        case seed, rates
        case latencyMilliseconds = "latency_ms"
        case searchIndexDelayMilliseconds = "search_index_delay_ms"
    }

    /// Refuses rates outside 0...1 and negative or inverted latencies, naming the key.
    func validate() throws(RecordError) {
        let rates = self.rates ?? Rates()
        let named: [(String, Double?)] = [
            ("http500", rates.http500), ("http503", rates.http503), ("request_limit", rates.requestLimit),
            ("row_lock", rates.rowLock), ("session_expired", rates.sessionExpired),
            ("drop_connection", rates.dropConnection),
        ]
        for (name, rate) in named where rate.map({ !(0...1).contains($0) }) ?? false {
            throw RecordError("INVALID_FAULT", "rates.\(name) must be between 0 and 1", fields: [name])
        }
        if let latency = latencyMilliseconds, latency.min < 0 || latency.max < latency.min {
            throw RecordError("INVALID_FAULT", "latency_ms needs 0 <= min <= max", fields: ["latency_ms"])
        }
        if let delay = searchIndexDelayMilliseconds, delay < 0 {
            throw RecordError(
                "INVALID_FAULT",
                "search_index_delay_ms must not be negative",
                fields: ["search_index_delay_ms"]
            )
        }
    }
}

/// A fault chosen for one request.
enum Fault: String, Sendable, CaseIterable {
    case http500, http503
    case requestLimit = "request_limit"
    case rowLock = "row_lock"
    case sessionExpired = "session_expired"
    case dropConnection = "drop_connection"
}

/// Draws faults for requests from a seeded generator, so a run with a seed repeats.
struct FaultInjector: Sendable {
    private(set) var settings = FaultSettings()
    private var generator = SplitMix64(seed: 0)
    private(set) var injected: [String: Int] = [:]

    mutating func configure(_ settings: FaultSettings) {
        self.settings = settings
        generator = SplitMix64(seed: settings.seed ?? UInt64.random(in: 0...UInt64.max))
    }

    mutating func clear() {
        settings = FaultSettings()
    }

    var searchIndexDelay: TimeInterval {
        Double(settings.searchIndexDelayMilliseconds ?? 0) / 1000
    }

    /// Added latency for one request, in seconds.
    mutating func latency() -> TimeInterval {
        guard let range = settings.latencyMilliseconds else { return 0 }
        let span = UInt64(range.max - range.min)
        let extra = span == 0 ? 0 : Int(generator.next() % (span + 1))
        return Double(range.min + extra) / 1000
    }

    /// At most one fault per request; each kind drawn in turn with its own chance. Row locks
    /// only hit writes.
    mutating func draw(isWrite: Bool) -> Fault? {
        guard let rates = settings.rates else { return nil }
        let chances: [(Fault, Double?)] = [
            (.dropConnection, rates.dropConnection), (.http500, rates.http500), (.http503, rates.http503),
            (.requestLimit, rates.requestLimit), (.rowLock, isWrite ? rates.rowLock : nil),
            (.sessionExpired, rates.sessionExpired),
        ]
        for (fault, chance) in chances {
            guard let chance, chance > 0 else { continue }
            if Double(generator.next() >> 11) / Double(1 << 53) < chance {
                injected[fault.rawValue, default: 0] += 1
                return fault
            }
        }
        return nil
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64).
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
