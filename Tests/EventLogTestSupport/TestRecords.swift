/// Deterministic record contents: any process can rebuild record `index` of run `run` and compare.
public enum TestRecords {
    /// Realistic-looking bytes of a length that varies with the index (16 to ~600 bytes).
    public static func record(run: UInt64, index: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: run &* 0x9E37_79B9_7F4A_7C15 &+ index)
        let length = 16 + Int(generator.next() % 600)
        var bytes = Array("{\"run\":\(run),\"index\":\(index),\"body\":\"".utf8)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz 0123456789".utf8)
        while bytes.count < length - 2 {
            bytes.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
        }
        bytes.append(contentsOf: Array("\"}".utf8))
        return bytes
    }
}

/// A small, seedable generator: tests print their seed so a failure can be replayed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator that always produces the same sequence for the same seed.
    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
