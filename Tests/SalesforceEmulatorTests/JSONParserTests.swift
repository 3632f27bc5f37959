import Foundation
import SalesforceEmulator
import Testing

/// The emulator's JSON reader: every JSON value, escapes, numbers, and refusals of bad text.
@Suite struct JSONParserTests {
    @Test func readsEveryKindOfValue() {
        let text =
            #"{"a": [1, -2, 3.5, 1e3, true, false, null], "s": "x\"y\\z\/\n\t\u00e9\ud83d\ude00", "o": {}, "e": []}"#
        let expected: JSON = [
            "a": [1, -2, 3.5, 1000.0, true, false, .null], "s": "x\"y\\z/\n\té😀", "o": [:], "e": [],
        ]
        #expect(JSON.parse(Data(text.utf8)) == expected)
    }

    @Test func writesWhatItReads() {
        let value: JSON = [
            "name": "Ada \"Countess\" Lovelace\n", "list": [1, 2.5, .null, false], "nested": ["é": "\u{1}"],
        ]
        #expect(JSON.parse(value.encoded()) == value)
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":}", "{\"a\" 1}", "tru", "01", "1.", "-", "\"open", "\"bad \\q escape\"",
        "\"tab\there\"", "[1] 2", "{\"a\":1,}", "\"\\ud800\"", String(repeating: "[", count: 600),
    ])
    func refusesTextThatIsNotExactlyOneJSONValue(_ text: String) {
        #expect(JSON.parse(Data(text.utf8)) == nil)
    }
}
