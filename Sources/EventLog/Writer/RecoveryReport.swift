/// What opening a log for writing had to repair.
public struct RecoveryReport: Sendable, Equatable, CustomStringConvertible {
    /// A torn or unverifiable last batch cut off the end of the log.
    public struct Truncation: Sendable, Equatable {
        /// The segment file that was cut.
        public var segment: String
        /// The byte position it was cut at (the start of the bad batch).
        public var position: Int64
        /// How many bytes were cut.
        public var bytes: Int64
        /// The offset the bad batch would have started at: nothing at or after it was acknowledged.
        public var fromOffset: UInt64
        /// Why the bytes could not be trusted.
        public var reason: String
        /// Where the cut bytes were saved for inspection, if they could be.
        public var savedTo: String?
    }

    /// The truncated tail, if there was one.
    public var truncation: Truncation?
    /// Index files that were missing, stale or damaged and have been rebuilt.
    public var rebuiltIndexes: [String] = []
    /// Temporary files left by an interrupted segment creation or index write, now removed.
    public var removedTemporaryFiles: [String] = []

    /// True when the log was closed cleanly and needed nothing.
    public var isClean: Bool { truncation == nil && rebuiltIndexes.isEmpty && removedTemporaryFiles.isEmpty }

    public var description: String {
        var lines: [String] = []
        if let cut = truncation {
            lines.append(
                "truncated \(cut.bytes) bytes of \(cut.segment) at byte \(cut.position), from offset \(cut.fromOffset) on: \(cut.reason)"
                    + (cut.savedTo.map { "; the bytes were saved to \($0)" } ?? "")
            )
        }
        for path in rebuiltIndexes { lines.append("rebuilt index \(path)") }
        for path in removedTemporaryFiles { lines.append("removed temporary file \(path)") }
        return lines.isEmpty ? "clean" : lines.joined(separator: "\n")
    }
}
