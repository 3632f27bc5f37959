import CLZ4

/// The only file that calls liblz4. Each batch payload is one standard LZ4 frame: 4 MiB
/// independent blocks, the content size recorded (so `lz4 -dc` checks it), no LZ4 content
/// checksum (the batch's CRC-32C covers the frame already).
enum LZ4FrameCodec {
    /// The most bytes `compress` can produce for `count` input bytes.
    static func compressedBound(_ count: Int) -> Int {
        var preferences = makePreferences(contentSize: count)
        return LZ4F_compressFrameBound(count, &preferences)
    }

    /// Compresses `source` as one frame into `destination`, returning the frame's size.
    static func compress(
        _ source: UnsafeRawBufferPointer,
        into destination: UnsafeMutableRawBufferPointer
    ) throws -> Int {
        var preferences = makePreferences(contentSize: source.count)
        let written = LZ4F_compressFrame(
            destination.baseAddress,
            destination.count,
            source.baseAddress,
            source.count,
            &preferences
        )
        if LZ4F_isError(written) != 0 {
            throw LogError(code: .invalidArgument, message: "LZ4 compression failed: \(errorName(written))")
        }
        return written
    }

    private static func makePreferences(contentSize: Int) -> LZ4F_preferences_t {
        var preferences = LZ4F_preferences_t()
        preferences.frameInfo.blockSizeID = LZ4F_max4MB
        preferences.frameInfo.blockMode = LZ4F_blockIndependent
        preferences.frameInfo.contentChecksumFlag = LZ4F_noContentChecksum
        preferences.frameInfo.contentSize = UInt64(contentSize)
        preferences.compressionLevel = 1
        return preferences
    }

    fileprivate static func errorName(_ code: Int) -> String {
        String(cString: LZ4F_getErrorName(code))
    }
}

/// Decompresses frames with a reusable liblz4 context. One per reader: not thread-safe.
final class LZ4FrameDecompressor {
    private var context: OpaquePointer?

    init() {
        var created: OpaquePointer?
        let status = LZ4F_createDecompressionContext(&created, UInt32(LZ4F_VERSION))
        precondition(LZ4F_isError(status) == 0, "liblz4 could not allocate a decompression context")
        context = created
    }

    deinit { LZ4F_freeDecompressionContext(context) }

    /// Decompresses exactly one frame from `frame` into `destination`, which must be filled exactly.
    /// Returns a reason when the frame is malformed or its content is not `destination.count` bytes.
    func decompress(_ frame: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) -> String? {
        var produced = 0
        var consumed = 0
        while true {
            var outputSize = destination.count - produced
            var inputSize = frame.count - consumed
            let hint = LZ4F_decompress(
                context,
                destination.baseAddress.map { $0 + produced },
                &outputSize,
                frame.baseAddress.map { $0 + consumed },
                &inputSize,
                nil
            )
            if LZ4F_isError(hint) != 0 {
                LZ4F_resetDecompressionContext(context)
                return "LZ4 frame is invalid: \(LZ4FrameCodec.errorName(hint))"
            }
            produced += outputSize
            consumed += inputSize
            if hint == 0 { break }
            if inputSize == 0 && outputSize == 0 {
                LZ4F_resetDecompressionContext(context)
                return "LZ4 frame ends early or holds more than its declared size"
            }
        }
        guard produced == destination.count, consumed == frame.count else {
            return
                "LZ4 frame decodes to \(produced) bytes using \(consumed) of \(frame.count), expected \(destination.count)"
        }
        return nil
    }
}
