import EventLogTestSupport
import Foundation
import SyncModel
import Testing

/// DESIGN.md section 12: ingest parses JSON strictly, in one pass, and refuses per line what a
/// strict parser refuses.
@Suite("Ingest: strict JSON")
struct StrictJSONTests {
    static let valid =
        #"{"type":"contact.upserted","account":"acme","id":"e-1","contact":"c-1","at":"2026-11-28T09:00:00Z","fields":{"phone":"(415) 555-0101","first_name":"Ada \u00e9\ud83d\ude00"},"custom_fields":{"score":12.5e1,"vip":true,"note":null}}"#

    private func refusal(_ line: [UInt8]) -> String? {
        switch EventParser(makeID: { "x" }).parse(line: line, number: 7, country: { _ in .unitedStates }) {
        case .success: return nil
        case .failure(let error):
            #expect(error.line == 7)
            return error.reason
        }
    }

    @Test("a valid line parses, escapes and surrogate pairs included")
    func validLineParses() throws {
        let event = try EventParser(makeID: { "x" }).parse(line: Array(Self.valid.utf8), number: 1) { _ in .unitedStates
        }
        .get()
        #expect(event.id == "e-1")
        guard case .contactUpserted(let upsert) = event.payload else {
            Issue.record("not a contact upsert")
            return
        }
        #expect(upsert.fields[.firstName] == .some("Ada é😀"))
    }

    @Test(
        "hostile JSON is refused with a clear reason, never a crash",
        arguments: [
            (#"{"type":"note.added","type":"note.added"}"#, "twice"),
            (#"{"a":"\ud800"}"#, "surrogate"),
            (#"{"a":"\udc00x"}"#, "surrogate"),
            (#"{"a":1e999999}"#, "too large"),
            (#"{"a":123456789012345678901234567890}"#, "too large"),
            (String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000), "deep"),
            (#"{"a":"b""#, "end"),
            (#"{"a":"b"} x"#, "after"),
            (#"{"a":01}"#, "number"),
            ("{\"a\":\"tab\tinside\"}", "control"),
            (#"{'a':1}"#, ""),
            (#"{"a":1,}"#, ""),
            ("", ""),
        ]
    )
    func hostileJSONIsRefused(line: String, mention: String) {
        let reason = refusal(Array(line.utf8))
        #expect(reason != nil, "accepted: \(line.prefix(60))")
        if let reason, !mention.isEmpty {
            #expect(reason.lowercased().contains(mention), "\(reason)")
        }
    }

    @Test("invalid UTF-8 is refused naming its byte")
    func invalidUTF8IsRefused() {
        var bytes = Array(#"{"a":"xx"}"#.utf8)
        bytes[6] = 0xC3
        bytes[7] = 0x28
        #expect(refusal(bytes) == "is not valid UTF-8 (byte 7 of the line)")
        #expect(refusal(Array(#"{"a":"\#u{7F}"}"#.utf8) + [0xFF]) != nil)
    }

    @Test("every truncation of a valid line is refused")
    func truncationsAreRefused() {
        let bytes = Array(Self.valid.utf8)
        for length in 0..<bytes.count {
            #expect(refusal(Array(bytes[..<length])) != nil, "prefix of \(length) bytes accepted")
        }
    }

    @Test("random mutations of valid lines never crash, and what parses still makes a valid event")
    func randomMutationsNeverCrash() throws {
        var random = SplitMix64(seed: 20_261_202)
        let base = Array(Self.valid.utf8)
        let interesting: [UInt8] = Array(#"{}[]",:\u0"#.utf8) + [0x00, 0x7F, 0x80, 0xC0, 0xED, 0xF4, 0xFF, 0x30, 0x65]
        var accepted = 0
        for _ in 0..<20_000 {
            var line = base
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let position = Int.random(in: 0..<line.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: line[position] = interesting.randomElement(using: &random)!
                case 1: line.remove(at: position)
                default: line.insert(interesting.randomElement(using: &random)!, at: position)
                }
                if line.isEmpty { line = [0x7B] }
            }
            if refusal(line) == nil {
                accepted += 1
                // What is accepted must be valid UTF-8 JSON that Foundation reads too.
                #expect(
                    (try? JSONSerialization.jsonObject(with: Data(line))) != nil,
                    "\(String(decoding: line, as: UTF8.self))"
                )
            }
        }
        #expect(accepted < 20_000)
    }
}
