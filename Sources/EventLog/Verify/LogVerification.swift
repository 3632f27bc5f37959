/// The result of checking every batch of a log.
public struct LogVerification: Sendable, Equatable, Codable {
    /// One damaged place.
    public struct Damage: Sendable, Equatable, Codable, CustomStringConvertible {
        /// The segment file.
        public var segment: String
        /// The byte position where the damage starts.
        public var position: Int64
        /// How many bytes are unreadable from there.
        public var length: Int64
        /// The first offset that cannot be read.
        public var fromOffset: UInt64
        /// The first offset readable again after the damage, when a later batch was found.
        public var toOffset: UInt64?
        /// What is wrong.
        public var reason: String

        public var description: String {
            let range =
                toOffset.map { $0 > fromOffset ? "offsets \(fromOffset)...\($0 - 1)" : "no offsets lost" }
                ?? "offsets from \(fromOffset) on"
            return "\(segment) byte \(position) (\(length) bytes), \(range): \(reason)"
        }
    }

    /// The log directory.
    public var directory: String
    /// Segment files checked.
    public var segments = 0
    /// Whole, verified batches.
    public var batches = 0
    /// Records in the verified batches.
    public var records: UInt64 = 0
    /// The offset after the last verified record.
    public var nextOffset: UInt64 = 0
    /// Every damaged place, in log order.
    public var damages: [Damage] = []
    /// Things worth knowing that are not damage (an index to rebuild, a batch being written).
    public var notes: [String] = []

    /// True when every batch verified and the offsets run without gaps.
    public var isIntact: Bool { damages.isEmpty }
}
