import Foundation
import Ingest
import SyncModel
import Testing

@Suite("Ingest: validation on every core")
struct ParallelValidationTests {
    @Test("validating on every core gives exactly what one pass gives, across chunk boundaries")
    func parallelEqualsSequential() {
        // Over 3 MiB: several chunks. A default country set early applies to phones in later
        // chunks, an id reused far away is refused, and bad lines keep their numbers.
        var lines: [String] = []
        for index in 0..<24_000 {
            switch index {
            case 5:
                lines.append(
                    #"{"type":"settings.changed","account":"uk","at":"2026-11-28T09:00:00Z","settings":{"default_country":"GB"}}"#
                )
            case 777, 20_001:
                lines.append(
                    #"{"type":"note.added","account":"acme","id":"same","contact":"c","at":"2026-11-28T09:00:00Z","body":"x"}"#
                )
            case 15_000:
                lines.append(
                    #"{"type":"note.added","account":"acme","contact":"c 1","at":"2026-11-28T09:00:00Z","body":"x"}"#
                )
            case 16_000:
                lines.append("")
            default:
                let account = index % 2 == 0 ? "uk" : "acme"
                lines.append(
                    #"{"type":"contact.upserted","account":"\#(account)","id":"e\#(index)","contact":"c\#(index)","at":"2026-11-28T09:00:00Z","fields":{"phone":"020 7946 0958","first_name":"Name padding padding padding padding padding padding"}}"#
                )
            }
        }
        let text = Array((lines.joined(separator: "\n") + "\n").utf8)
        #expect(text.count > 3 << 20)
        let sequential = text.withUnsafeBytes { bytes in
            var validator = IngestValidator(parser: EventParser(makeID: { "x" })) { _ in .unitedStates }
            return validator.validate(lines: bytes)
        }
        let parallel = text.withUnsafeBytes { bytes in
            var validator = IngestValidator(parser: EventParser(makeID: { "x" })) { _ in .unitedStates }
            return validator.validate(lines: bytes, threads: 4)
        }
        #expect(parallel.events == sequential.events)
        #expect(parallel.problems == sequential.problems)
        // The US accounts' British numbers are refused; the UK account's, after line 6, are not.
        #expect(sequential.problems.map(\.line).contains(20_002))
        #expect(sequential.problems.map(\.line).contains(15_001))
        #expect(!sequential.problems.map(\.line).contains(7))
        #expect(sequential.problems.map(\.line).contains(2))
    }
}
