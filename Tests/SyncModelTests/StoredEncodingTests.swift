import Testing

@testable import SyncModel

@Suite("Stored encoding")
struct StoredEncodingTests {
    static let at = EventTime(seconds: 1_764_320_400, nanoseconds: 5_000, offsetMinutes: -300)
    static let lead = RecordReference(object: "Lead", id: "00Q000000000001AAA")
    static let contact = RecordReference(object: "Contact", id: "003000000000001AAA")

    static let kinds: [OutcomeKind] = [
        .linked(record: lead, reason: .matched),
        .linked(record: contact, reason: .ambiguous(others: [lead])),
        .linked(record: lead, reason: .created),
        .linked(record: contact, reason: .followedConversion(from: lead)),
        .fieldsWritten(
            record: lead,
            written: ["Email", "FavoriteFood__c"],
            skipped: [SkippedField(field: "Rating", reason: "not updatable")]
        ),
        .taskWritten(record: lead, taskID: "00T000000000001AAA"),
        .parked(reason: "no record matches and creation is off"),
        .deadLettered(
            SalesforceFailure(
                errorCode: "REQUIRED_FIELD_MISSING",
                message: "Required fields are missing: [Company]",
                fields: ["Company"]
            )
        ),
        .redriven,
        .blocked(reason: "NoFeed__c does not have feed tracking"),
        .unblocked,
        .paused(reason: "REQUEST_LIMIT_EXCEEDED"),
        .paused(reason: "2% of the daily allowance left", until: EventTime(seconds: 1_764_400_000)),
        .failing(reason: "HTTP 503 SERVER_UNAVAILABLE", retryAt: EventTime(seconds: 1_764_300_030)),
        .failing(reason: "connection refused", retryAt: nil),
        .checkpoint(nextOffset: 1_000_000, dispatched: 999),
    ]

    @Test("every outcome kind round-trips", arguments: kinds.indices)
    func outcomeRoundTrip(_ index: Int) throws {
        let outcome = Outcome(
            account: "acme",
            at: Self.at,
            eventOffset: index.isMultiple(of: 2) ? UInt64(index) : nil,
            contact: index.isMultiple(of: 3) ? "c-1" : nil,
            kind: Self.kinds[index]
        )
        #expect(try StoredEncoding.decode(StoredEncoding.encode(outcome)) == .outcome(outcome))
    }

    @Test("a record of an unknown future type is kept with its account, time and bytes")
    func unknownTypeIsKept() throws {
        var bytes: [UInt8] = []
        bytes.appendEnvelope(code: 200, account: "acme", at: Self.at)
        bytes += [1, 2, 3]
        guard case .unknown(let unknown) = try StoredEncoding.decode(bytes) else {
            Issue.record("an unknown type was not kept as unknown")
            return
        }
        #expect(unknown.account == "acme")
        #expect(unknown.at == Self.at)
        #expect(unknown.bytes == bytes)
        #expect(unknown.typeName == "unknown.v1.200")
    }

    @Test("a record of a newer format version is kept whole")
    func newerVersionIsKept() throws {
        let bytes: [UInt8] = [2, 1, 9, 9, 9]
        #expect(
            try StoredEncoding.decode(bytes)
                == .unknown(UnknownRecord(formatVersion: 2, typeCode: 1, account: nil, at: nil, bytes: bytes))
        )
    }

    @Test("a truncated or padded record of a known type throws instead of guessing")
    func malformedKnownRecordThrows() throws {
        let event = try event(
            #"{"type":"note.added","account":"acme","contact":"c","at":"2026-11-28T09:00:00Z","body":"hello"}"#
        )
        let bytes = StoredEncoding.encode(event)
        for cut in 1..<bytes.count {
            #expect(throws: StoredDecodingError.self) { try StoredEncoding.decode(bytes[..<cut]) }
        }
        #expect(throws: StoredDecodingError.self) { try StoredEncoding.decode(bytes + [0]) }
    }

    @Test("times keep their instant and their offset; Z and +00:00 are the same")
    func times() throws {
        for text in [
            "2026-11-28T09:00:00Z", "2026-11-28T09:00:00.5+05:30", "1969-12-31T23:59:59.999999999-12:00",
            "2000-02-29T00:00:00Z",
        ] {
            let time = try EventTime.parse(text).get()
            #expect(try EventTime.parse(time.description).get() == time, "\(text)")
        }
        #expect(try EventTime.parse("2026-11-28T09:00:00+00:00").get().description == "2026-11-28T09:00:00Z")
        #expect(
            try EventTime.parse("2026-11-28T10:00:00+01:00").get().unixMicroseconds
                == EventTime.parse("2026-11-28T09:00:00Z").get().unixMicroseconds
        )
        #expect(try EventTime.parse("2026-11-28T09:00:00.5Z").get().description == "2026-11-28T09:00:00.500Z")
    }
}
