/// Segment and index files are named by the segment's first offset, zero-padded to 20 digits so
/// that names sort like offsets: `00000000000000000000.log`, `00000000000000001000.idx`.
enum SegmentFileName {
    static let segmentExtension = ".log"
    static let indexExtension = ".idx"
    static let temporarySuffix = ".tmp"

    static func segment(base: UInt64) -> String { padded(base) + segmentExtension }
    static func index(base: UInt64) -> String { padded(base) + indexExtension }

    /// The base offset of a segment file name, or nil for any other name.
    static func baseOffset(ofSegment name: String) -> UInt64? {
        guard name.hasSuffix(segmentExtension) else { return nil }
        let digits = name.dropLast(segmentExtension.count)
        guard digits.count == 20, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return UInt64(digits)
    }

    private static func padded(_ value: UInt64) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }
}
