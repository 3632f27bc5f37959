import ByteCoding
import Testing

@testable import EventLog

@Suite("CRC-32C")
struct CRC32CTests {
    @Test("matches the published check values")
    func publishedCheckValues() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum([UInt8]()) == 0)
    }

    @Test("a checksum continued over two parts equals the checksum of the whole", arguments: [0, 1, 7, 8, 9, 100, 999])
    func continuation(split: Int) {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = CRC32C.checksum(bytes)
        let first = CRC32C.checksum(Array(bytes[..<split]))
        #expect(CRC32C.checksum(Array(bytes[split...]), seed: first) == whole)
    }
}
