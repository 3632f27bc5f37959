import ByteCoding

/// The first 40 bytes of every segment file: an LZ4 skippable frame that names the format, its
/// version and the segment's first offset. Being a skippable frame, `lz4 -dc` passes over it.
///
/// | bytes | field |
/// | --- | --- |
/// | 0..<4 | skippable frame magic `0x184D2A50` (LE) |
/// | 4..<8 | frame content size, 32 (LE) |
/// | 8..<16 | ASCII `AVOLOGSG` |
/// | 16..<18 | format version, 1 (LE) |
/// | 18..<20 | flags, 0 |
/// | 20..<28 | base offset (LE) |
/// | 28..<36 | creation time, microseconds since 1970 (LE, signed) |
/// | 36..<40 | CRC-32C of bytes 0..<36 (LE) |
struct SegmentHeader: Equatable {
    static let size = 40
    static let skippableMagic: UInt32 = 0x184D_2A50
    static let magic: [UInt8] = Array("AVOLOGSG".utf8)
    static let currentVersion: UInt16 = 1

    var baseOffset: UInt64
    var createdAt: Int64

    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.size)
        bytes.appendLittleEndian(Self.skippableMagic)
        bytes.appendLittleEndian(UInt32(Self.size - 8))
        bytes.append(contentsOf: Self.magic)
        bytes.appendLittleEndian(Self.currentVersion)
        bytes.appendLittleEndian(UInt16(0))
        bytes.appendLittleEndian(baseOffset)
        bytes.appendLittleEndian(createdAt)
        bytes.appendLittleEndian(CRC32C.checksum(bytes))
        return bytes
    }

    /// Decodes a header, or throws `.unsupportedFormat` / `.damaged` naming the file.
    static func decode(_ bytes: [UInt8], path: String) throws -> SegmentHeader {
        guard bytes.count >= size else {
            throw LogError.damaged(
                "segment header is cut short: \(bytes.count) of \(size) bytes",
                path: path,
                position: Int64(bytes.count)
            )
        }
        return try bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw)
            let frameMagic: UInt32 = reader.read()!
            _ = reader.read(UInt32.self)
            let magic = reader.readBytes(8)!
            guard frameMagic == skippableMagic, Array(magic) == Self.magic else {
                throw LogError(
                    code: .unsupportedFormat,
                    message: "not an avosync log segment (its first bytes are not an avosync segment header)",
                    path: path,
                    position: 0
                )
            }
            let version: UInt16 = reader.read()!
            guard version == currentVersion else {
                throw LogError(
                    code: .unsupportedFormat,
                    message:
                        "segment format version \(version) is not readable by this build (it reads \(currentVersion))",
                    path: path,
                    position: 16
                )
            }
            _ = reader.read(UInt16.self)
            let base: UInt64 = reader.read()!
            let created: Int64 = reader.read()!
            let stored: UInt32 = reader.read()!
            let computed = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<36]))
            guard stored == computed else {
                throw LogError.damaged("segment header fails its checksum", path: path, position: 36)
            }
            return SegmentHeader(baseOffset: base, createdAt: created)
        }
    }
}
