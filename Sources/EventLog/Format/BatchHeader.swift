import ByteCoding

/// The header of a batch, stored in an LZ4 skippable frame right before the batch's LZ4 frame.
///
/// | bytes | field |
/// | --- | --- |
/// | 0..<4 | skippable frame magic `0x184D2A51` (LE) |
/// | 4..<8 | H, the size of the header content that follows (LE) |
/// | 8..<12 | ASCII `AVOB` |
/// | 12 | batch format version, 1 |
/// | 13 | codec, 1 = one LZ4 frame |
/// | 14..<16 | flags: bit 0 set when the header names who appended the batch; other bits 0 |
/// | 16..<20 | CRC-32C of bytes 0..<16 and 20..<(8 + H + C), i.e. all but itself (LE) |
/// | 20..<28 | first offset (LE) |
/// | 28..<32 | record count N (LE) |
/// | 32..<40 | earliest record time, microseconds since 1970 (LE, signed) |
/// | 40..<48 | latest record time (LE, signed) |
/// | 48..<52 | payload size P, the records' bytes once decompressed (LE) |
/// | 52..<56 | C, the size of the LZ4 frame after the header (LE) |
/// | 56..<T | record table: per record, varint length then varint (time - earliest time) |
/// | T..<8+H | with flag bit 0 only: who appended the batch, a varint length (1...255) then UTF-8 |
/// | 8+H..<8+H+C | a standard LZ4 frame whose content is the N records back to back (P bytes) |
struct BatchHeader: Equatable {
    static let skippableMagic: UInt32 = 0x184D_2A51
    static let magic: UInt32 = 0x424F_5641  // "AVOB" read little-endian
    static let version: UInt8 = 1
    static let codecLZ4Frame: UInt8 = 1
    /// Flag bit 0: after the record table, the name of who appended the batch.
    static let flagAppendedBy: UInt16 = 1
    /// Every flag this build reads; a batch with another is refused, not misread.
    static let knownFlags: UInt16 = flagAppendedBy
    /// The longest "appended by" name, in UTF-8 bytes.
    static let maxAppendedByBytes = 255
    /// Bytes before the record table.
    static let fixedSize = 56
    static let checksumPosition = 16
    /// Upper bounds that keep a damaged size field from asking for gigabytes.
    static let maxPayloadSize = 1 << 30
    static let maxRecordCount = 1 << 26

    var firstOffset: UInt64
    var recordCount: UInt32
    var minTime: Int64
    var maxTime: Int64
    var payloadSize: UInt32
    var frameSize: UInt32
    /// H: bytes after the size field up to the LZ4 frame.
    var contentSize: UInt32
    var checksum: UInt32
    var flags: UInt16 = 0

    /// The whole batch on disk: header frame plus LZ4 frame.
    var totalSize: Int { 8 + Int(contentSize) + Int(frameSize) }
    var offsets: Range<UInt64> { firstOffset..<firstOffset + UInt64(recordCount) }

    /// How a batch's first bytes fail to be a batch header.
    enum PrefixProblem: Error {
        /// Fewer than `fixedSize` bytes are there (a torn or in-progress write).
        case incomplete
        /// The bytes are not a batch header of a version this build reads.
        case malformed(String)
    }

    /// Reads the fixed part of a header from the first `fixedSize` bytes of a batch. The checksum
    /// is not verified here: that needs the whole batch (see `BatchDecoder`).
    static func parseFixedPart(_ bytes: UnsafeRawBufferPointer) -> Result<BatchHeader, PrefixProblem> {
        guard bytes.count >= fixedSize else { return .failure(.incomplete) }
        var reader = ByteReader(bytes)
        let frameMagic: UInt32 = reader.read()!
        let content: UInt32 = reader.read()!
        let magic: UInt32 = reader.read()!
        let version: UInt8 = reader.read()!
        let codec: UInt8 = reader.read()!
        let flags: UInt16 = reader.read()!
        let checksum: UInt32 = reader.read()!
        var header = BatchHeader(
            firstOffset: reader.read()!,
            recordCount: reader.read()!,
            minTime: reader.read()!,
            maxTime: reader.read()!,
            payloadSize: reader.read()!,
            frameSize: reader.read()!,
            contentSize: content,
            checksum: checksum
        )
        header.flags = flags
        guard frameMagic == skippableMagic, magic == Self.magic else {
            return .failure(.malformed("no batch header here (magic \(hex(frameMagic)))"))
        }
        guard version == Self.version, codec == codecLZ4Frame else {
            return .failure(.malformed("batch version \(version), codec \(codec) not readable by this build"))
        }
        guard flags & ~knownFlags == 0 else {
            return .failure(.malformed("batch flags \(hex(UInt32(flags))) not readable by this build"))
        }
        guard Int(content) >= fixedSize - 8, Int(content) - (fixedSize - 8) <= 20 * maxRecordCount,
            Int(header.payloadSize) <= maxPayloadSize, Int(header.frameSize) <= maxPayloadSize + (1 << 20),
            Int(header.recordCount) <= maxRecordCount, header.minTime <= header.maxTime
        else {
            return .failure(.malformed("batch header fields are out of range"))
        }
        return .success(header)
    }

    /// The checksum a whole batch must carry: CRC-32C of every byte but the checksum field.
    static func checksum(ofBatch raw: UnsafeRawBufferPointer) -> UInt32 {
        let head = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<checksumPosition]))
        return CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[(checksumPosition + 4)...]), seed: head)
    }

    private static func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }
}
