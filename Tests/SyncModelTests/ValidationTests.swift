import Foundation
import Testing

@testable import SyncModel

/// Each validation rule of the ingest contract refuses with its own reason, naming the field.
@Suite("Ingest validation")
struct ValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var rule: String
        var line: String
        var field: String?
        var reason: String
        var testDescription: String { rule }
    }

    static let base = #""account":"acme","at":"2026-11-28T09:00:00Z""#
    static let contact = #""type":"note.added","account":"acme","contact":"c-1","at":"2026-11-28T09:00:00Z","body":"b""#

    static let cases: [Case] = [
        Case(
            rule: "empty account",
            line: #"{"type":"salesforce.disconnected","account":"","at":"2026-11-28T09:00:00Z"}"#,
            field: "account",
            reason: "must not be empty"
        ),
        Case(
            rule: "account over 64 characters",
            line:
                #"{"type":"salesforce.disconnected","account":"\#(String(repeating: "a", count: 65))","at":"2026-11-28T09:00:00Z"}"#,
            field: "account",
            reason: "at most 64"
        ),
        Case(
            rule: "account with a space",
            line: #"{"type":"salesforce.disconnected","account":"ac me","at":"2026-11-28T09:00:00Z"}"#,
            field: "account",
            reason: "a space"
        ),
        Case(
            rule: "account with a slash",
            line: #"{"type":"salesforce.disconnected","account":"ac/me","at":"2026-11-28T09:00:00Z"}"#,
            field: "account",
            reason: "'/'"
        ),
        Case(
            rule: "account not a string",
            line: #"{"type":"salesforce.disconnected","account":7,"at":"2026-11-28T09:00:00Z"}"#,
            field: "account",
            reason: "must be a string"
        ),
        Case(
            rule: "missing account",
            line: #"{"type":"salesforce.disconnected","at":"2026-11-28T09:00:00Z"}"#,
            field: "account",
            reason: "is required"
        ),
        Case(
            rule: "contact with non-ASCII",
            line: #"{"type":"note.added",\#(base),"contact":"cé","body":"b"}"#,
            field: "contact",
            reason: "non-ASCII"
        ),
        Case(
            rule: "missing contact",
            line: #"{"type":"note.added",\#(base),"body":"b"}"#,
            field: "contact",
            reason: "is required"
        ),
        Case(rule: "bad event id", line: #"{\#(contact),"id":"has space"}"#, field: "id", reason: "a space"),
        Case(
            rule: "time without offset",
            line: #"{"type":"salesforce.disconnected","account":"acme","at":"2026-11-28T09:00:00"}"#,
            field: "at",
            reason: "offset"
        ),
        Case(
            rule: "time that is a date only",
            line: #"{"type":"salesforce.disconnected","account":"acme","at":"2026-11-28"}"#,
            field: "at",
            reason: "'T'"
        ),
        Case(
            rule: "month 13",
            line: #"{"type":"salesforce.disconnected","account":"acme","at":"2026-13-01T00:00:00Z"}"#,
            field: "at",
            reason: "month 13"
        ),
        Case(
            rule: "February 30",
            line: #"{"type":"salesforce.disconnected","account":"acme","at":"2026-02-30T00:00:00Z"}"#,
            field: "at",
            reason: "day 30"
        ),
        Case(
            rule: "leap second",
            line: #"{"type":"salesforce.disconnected","account":"acme","at":"2026-12-31T23:59:60Z"}"#,
            field: "at",
            reason: "leap seconds"
        ),
        Case(
            rule: "time as a number",
            line: #"{"type":"salesforce.disconnected","account":"acme","at":1764320400}"#,
            field: "at",
            reason: "must be a string"
        ),
        Case(
            rule: "unknown type",
            line: #"{"type":"contact.deleted",\#(base)}"#,
            field: "type",
            reason: "not an event type"
        ),
        Case(rule: "missing type", line: #"{\#(base)}"#, field: "type", reason: "is required"),
        Case(
            rule: "unknown field",
            line: #"{"type":"salesforce.disconnected",\#(base),"extra":1}"#,
            field: "extra",
            reason: "not a field of salesforce.disconnected"
        ),
        Case(
            rule: "unknown contact field",
            line: #"{"type":"contact.upserted",\#(base),"contact":"c","fields":{"nickname":"x"}}"#,
            field: "fields.nickname",
            reason: "not a contact field"
        ),
        Case(
            rule: "phone that is too short",
            line: #"{"type":"contact.upserted",\#(base),"contact":"c","fields":{"phone":"555-0101"}}"#,
            field: "fields.phone",
            reason: "not a valid phone number"
        ),
        Case(
            rule: "phone with letters",
            line: #"{"type":"contact.upserted",\#(base),"contact":"c","fields":{"mobile_phone":"1-800-FLOWERS"}}"#,
            field: "fields.mobile_phone",
            reason: "letters"
        ),
        Case(
            rule: "call from a bad phone",
            line:
                #"{"type":"call.logged",\#(base),"contact":"c","direction":"inbound","duration_seconds":1,"from":"+999 1234"}"#,
            field: "from",
            reason: "calling code"
        ),
        Case(
            rule: "negative duration",
            line: #"{"type":"call.logged",\#(base),"contact":"c","direction":"inbound","duration_seconds":-1}"#,
            field: "duration_seconds",
            reason: ">= 0"
        ),
        Case(
            rule: "fractional duration",
            line: #"{"type":"call.logged",\#(base),"contact":"c","direction":"inbound","duration_seconds":1.5}"#,
            field: "duration_seconds",
            reason: "whole number"
        ),
        Case(
            rule: "unknown direction",
            line: #"{"type":"text.logged",\#(base),"contact":"c","direction":"sideways","body":"b"}"#,
            field: "direction",
            reason: "\"inbound\" or \"outbound\""
        ),
        Case(
            rule: "media that is not strings",
            line: #"{"type":"text.logged",\#(base),"contact":"c","direction":"inbound","body":"b","media_urls":[1]}"#,
            field: "media_urls[0]",
            reason: "must be a string"
        ),
        Case(
            rule: "custom field value that is an object",
            line: #"{"type":"contact.upserted",\#(base),"contact":"c","custom_fields":{"k":{"a":1}}}"#,
            field: "custom_fields.k",
            reason: "string, number, boolean or null"
        ),
        Case(
            rule: "API name starting with a digit",
            line: #"{"type":"custom_field.defined",\#(base),"key":"k","label":"K","salesforce_field":"1Food__c"}"#,
            field: "salesforce_field",
            reason: "start with a letter"
        ),
        Case(
            rule: "API name with a space",
            line: #"{"type":"custom_field.defined",\#(base),"key":"k","label":"K","salesforce_field":"Favorite Food"}"#,
            field: "salesforce_field",
            reason: "a space"
        ),
        Case(
            rule: "API name with a stray double underscore",
            line:
                #"{"type":"custom_field.defined",\#(base),"key":"k","label":"K","salesforce_field":"Favorite__Food"}"#,
            field: "salesforce_field",
            reason: "double underscore"
        ),
        Case(
            rule: "API name ending in an underscore",
            line: #"{"type":"custom_field.defined",\#(base),"key":"k","label":"K","salesforce_field":"Food_"}"#,
            field: "salesforce_field",
            reason: "underscore"
        ),
        Case(
            rule: "sync object that is not an API name",
            line: #"{"type":"settings.changed",\#(base),"settings":{"sync_object":"Avo Customer"}}"#,
            field: "settings.sync_object",
            reason: "not a Salesforce API name"
        ),
        Case(
            rule: "phone field that is not an API name",
            line: #"{"type":"settings.changed",\#(base),"settings":{"phone_field":"Phone-2"}}"#,
            field: "settings.phone_field",
            reason: "not a Salesforce API name"
        ),
        Case(
            rule: "unknown setting",
            line: #"{"type":"settings.changed",\#(base),"settings":{"colour":"red"}}"#,
            field: "settings.colour",
            reason: "not a setting"
        ),
        Case(
            rule: "setting of the wrong type",
            line: #"{"type":"settings.changed",\#(base),"settings":{"create_missing_records":"no"}}"#,
            field: "settings.create_missing_records",
            reason: "true or false"
        ),
        Case(
            rule: "unknown country",
            line: #"{"type":"settings.changed",\#(base),"settings":{"default_country":"XX"}}"#,
            field: "settings.default_country",
            reason: "numbering plan"
        ),
        Case(
            rule: "country that is not two letters",
            line: #"{"type":"settings.changed",\#(base),"settings":{"default_country":"USA"}}"#,
            field: "settings.default_country",
            reason: "alpha-2"
        ),
        Case(
            rule: "empty settings change",
            line: #"{"type":"settings.changed",\#(base),"settings":{}}"#,
            field: "settings",
            reason: "names no setting"
        ),
        Case(
            rule: "salesforce.connected carrying an access token",
            line:
                #"{"type":"salesforce.connected",\#(base),"environment":"production","instance_url":"https://x.my.salesforce.com","access_token":"00Dxx!AQ"}"#,
            field: "access_token",
            reason: "never carry a secret"
        ),
        Case(
            rule: "salesforce.connected carrying a refresh token",
            line:
                #"{"type":"salesforce.connected",\#(base),"environment":"production","instance_url":"https://x.my.salesforce.com","refresh_token":"5Aep"}"#,
            field: "refresh_token",
            reason: "never carry a secret"
        ),
        Case(
            rule: "salesforce.connected carrying a password",
            line:
                #"{"type":"salesforce.connected",\#(base),"environment":"sandbox","instance_url":"https://x.my.salesforce.com","password":"hunter2"}"#,
            field: "password",
            reason: "never carry a secret"
        ),
        Case(
            rule: "salesforce.connected carrying a client secret",
            line:
                #"{"type":"salesforce.connected",\#(base),"environment":"sandbox","instance_url":"https://x.my.salesforce.com","client_secret":"s"}"#,
            field: "client_secret",
            reason: "never carry a secret"
        ),
        Case(
            rule: "instance URL carrying a session id",
            line:
                #"{"type":"salesforce.connected",\#(base),"environment":"sandbox","instance_url":"https://x.my.salesforce.com/?sid=abc"}"#,
            field: "instance_url",
            reason: "could carry a secret"
        ),
        Case(
            rule: "unknown environment",
            line:
                #"{"type":"salesforce.connected",\#(base),"environment":"staging","instance_url":"https://x.my.salesforce.com"}"#,
            field: "environment",
            reason: "\"production\" or \"sandbox\""
        ),
        Case(
            rule: "JSON that is an array",
            line: #"[{"type":"note.added"}]"#,
            field: nil,
            reason: "must be a JSON object, not an array"
        ),
        Case(
            rule: "JSON that is a string",
            line: #""hello""#,
            field: nil,
            reason: "must be a JSON object, not a string"
        ),
        Case(rule: "JSON that is null", line: "null", field: nil, reason: "must be a JSON object, not null"),
        Case(rule: "text that is not JSON", line: #"{"type":"note.added","#, field: nil, reason: "not valid JSON"),
    ]

    @Test("refuses with the rule's reason", arguments: cases)
    func refuses(_ testCase: Case) {
        switch parse(testCase.line) {
        case .success(let event):
            Issue.record("accepted \(event)")
        case .failure(let error):
            #expect(error.line == 7)
            #expect(error.field == testCase.field, "\(error)")
            #expect(error.reason.contains(testCase.reason), "\(error)")
        }
    }

    @Test("a line over 1 MiB is refused for its length")
    func overlongLine() {
        let body = String(repeating: "x", count: EventParser.maxLineBytes)
        let line = #"{\#(Self.contact.replacingOccurrences(of: "\"body\":\"b\"", with: "\"body\":\"\(body)\""))}"#
        guard case .failure(let error) = parse(line) else {
            Issue.record("an overlong line was accepted")
            return
        }
        #expect(error.field == nil)
        #expect(error.reason.contains("the limit is 1 MiB"))
    }

    @Test("a line just under 1 MiB is accepted")
    func longLineUnderTheLimit() throws {
        let prefix = #"{\#(Self.contact.replacingOccurrences(of: "\"body\":\"b\"", with: "\"body\":\""))"#
        let body = String(repeating: "x", count: EventParser.maxLineBytes - prefix.utf8.count - 2)
        let line = prefix + body + "\"}"
        #expect(line.utf8.count == EventParser.maxLineBytes)
        #expect(throws: Never.self) { try parse(line).get() }
    }

    @Test("invalid UTF-8 is refused, naming the byte")
    func invalidUTF8() {
        var bytes = Array(
            #"{"type":"note.added","account":"acme","contact":"c","at":"2026-11-28T09:00:00Z","body":"caf"#.utf8
        )
        let position = bytes.count + 1
        bytes += [0xC3, 0x28] + Array("\"}".utf8)
        let result = EventParser(makeID: { "x" }).parse(line: bytes, number: 3) { _ in .unitedStates }
        guard case .failure(let error) = result else {
            Issue.record("invalid UTF-8 was accepted")
            return
        }
        #expect(error.reason == "is not valid UTF-8 (byte \(position) of the line)")
    }

    @Test("a repeated event id within one account is refused; another account may reuse it")
    func duplicateIDs() {
        var validator = IngestValidator(parser: EventParser(makeID: { "x" })) { _ in .unitedStates }
        let first = #"{"type":"salesforce.disconnected","account":"acme","at":"2026-11-28T09:00:00Z","id":"e-1"}"#
        let other = first.replacingOccurrences(of: "acme", with: "globex")
        #expect(throws: Never.self) { try validator.validate(line: Array(first.utf8), number: 1)?.get() }
        #expect(throws: Never.self) { try validator.validate(line: Array(other.utf8), number: 2)?.get() }
        guard case .failure(let error)? = validator.validate(line: Array(first.utf8), number: 3) else {
            Issue.record("a repeated id was accepted")
            return
        }
        #expect(error.field == "id")
        #expect(validator.validate(line: Array("   ".utf8), number: 4) == nil)
    }

    @Test("a default_country change applies to the phones of later lines of the same input")
    func countryChangeAppliesToLaterLines() throws {
        var validator = IngestValidator(parser: EventParser()) { _ in .unitedStates }
        let change =
            #"{"type":"settings.changed","account":"acme","at":"2026-11-28T09:00:00Z","settings":{"default_country":"GB"}}"#
        let contact =
            #"{"type":"contact.upserted","account":"acme","contact":"c","at":"2026-11-28T09:00:00Z","fields":{"phone":"020 7946 0958"}}"#
        guard case .failure = validator.validate(line: Array(contact.utf8), number: 1) else {
            Issue.record("a British national number was read as a US one")
            return
        }
        _ = try validator.validate(line: Array(change.utf8), number: 2)?.get()
        let event = try validator.validate(line: Array(contact.utf8), number: 3)?.get()
        guard case .contactUpserted(let upsert)? = event?.payload else {
            Issue.record("no event")
            return
        }
        #expect(upsert.fields[.phone] == .some("+442079460958"))
    }
}

@Suite("Assigned ids")
struct AssignedIDTests {
    @Test("an event without an id gets a distinct version 4 UUID")
    func assignedIDsAreVersion4UUIDs() throws {
        let line = Array(#"{"type":"salesforce.disconnected","account":"acme","at":"2026-11-28T09:00:00Z"}"#.utf8)
        let ids = try (0..<1000).map { _ in
            try EventParser().parse(line: line, number: 1) { _ in .unitedStates }.get().id
        }
        #expect(Set(ids).count == 1000)
        for id in ids.prefix(20) {
            #expect(UUID(uuidString: id) != nil, "\(id)")
            #expect(id.count == 36 && id == id.lowercased())
            let version = id[id.index(id.startIndex, offsetBy: 14)]
            let variant = id[id.index(id.startIndex, offsetBy: 19)]
            #expect(version == "4" && "89ab".contains(variant), "\(id)")
        }
    }
}
