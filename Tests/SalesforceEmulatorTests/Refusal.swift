import Testing

/// A request text the API must refuse, and the error code it must give.
struct Refusal: Sendable, CustomTestStringConvertible {
    var text: String
    var code: String
    var testDescription: String { "\(code): \(text)" }

    init(_ text: String, _ code: String) {
        self.text = text
        self.code = code
    }
}
