import Testing

@testable import SyncModel

/// Phones are accepted in their common written forms and stored as E.164; impossible ones are refused.
@Suite("Phone normalisation")
struct PhoneNumberTests {
    static let valid: [(written: String, country: String, e164: String)] = [
        ("+1 415 555 0101", "US", "+14155550101"),
        ("(415) 555-0101", "US", "+14155550101"),
        ("415.555.0101", "US", "+14155550101"),
        ("4155550101", "US", "+14155550101"),
        ("415-555-0101", "US", "+14155550101"),
        ("1-415-555-0101", "US", "+14155550101"),
        ("1 (415) 555-0101", "US", "+14155550101"),
        ("+1 (415) 555-0101", "US", "+14155550101"),
        ("001 415 555 0101", "US", "+14155550101"),
        ("011 44 20 7946 0958", "US", "+442079460958"),
        ("+14155550101", "US", "+14155550101"),
        ("  415 555 0101  ", "US", "+14155550101"),
        ("415/555/0101", "US", "+14155550101"),
        ("(604) 555-0199", "CA", "+16045550199"),
        ("+44 20 7946 0958", "US", "+442079460958"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("07700 900123", "GB", "+447700900123"),
        ("+44 (0)20 7946 0958", "US", "+442079460958"),
        ("01 23 45 67 89", "FR", "+33123456789"),
        ("+33 1 23 45 67 89", "US", "+33123456789"),
        ("030 123456", "DE", "+4930123456"),
        ("+49 30 1234567", "US", "+49301234567"),
        ("06 1234 5678", "IT", "+390612345678"),
        ("+61 2 9876 5432", "US", "+61298765432"),
        ("0412 345 678", "AU", "+61412345678"),
        ("+81 3-1234-5678", "US", "+81312345678"),
        ("+91 98765 43210", "US", "+919876543210"),
        ("+55 11 91234-5678", "US", "+5511912345678"),
        ("+52 55 1234 5678", "US", "+525512345678"),
        ("0049 30 1234567", "FR", "+49301234567"),
        ("+353 1 234 5678", "US", "+35312345678"),
        ("+65 6123 4567", "US", "+6561234567"),
    ]

    static let invalid: [(written: String, country: String, reason: String)] = [
        ("555-0101", "US", "at least 10"),
        ("", "US", "no digits"),
        ("call me", "US", "letters"),
        ("1-800-FLOWERS", "US", "letters"),
        ("415 555 0101 x12", "US", "letters"),
        ("123 555 0101", "US", "area code 123"),
        ("415 055 0101", "US", "exchange 055"),
        ("+1 415 555 01011", "US", "at most 10"),
        ("+999 1234 5678", "US", "calling code"),
        ("+0 123 456 789", "US", "calling code"),
        ("+44 20", "US", "at least 9"),
        ("415+5550101", "US", "'+' may only start"),
        ("415#5550101", "US", "'#'"),
        ("+1234567890123456", "US", "at most"),
        ("1234567", "FR", "at least 9"),
    ]

    @Test("valid numbers normalise to E.164", arguments: valid.indices)
    func normalises(_ index: Int) throws {
        let example = Self.valid[index]
        let number = try PhoneNumber.parse(example.written, defaultCountry: country(example.country)).get()
        #expect(number.e164 == example.e164, "\(example.written) in \(example.country)")
    }

    @Test("impossible numbers are refused with a reason", arguments: invalid.indices)
    func refuses(_ index: Int) {
        let example = Self.invalid[index]
        switch PhoneNumber.parse(example.written, defaultCountry: country(example.country)) {
        case .success(let number): Issue.record("\(example.written) was accepted as \(number)")
        case .failure(let error): #expect(error.description.contains(example.reason), "\(example.written): \(error)")
        }
    }

    @Test("the same number in different formats matches on its digits")
    func formattingDoesNotMatter() throws {
        let forms = ["(415) 555-0101", "415.555.0101", "+14155550101", "1 415 555 0101"]
        let numbers = try forms.map { try PhoneNumber.parse($0, defaultCountry: .unitedStates).get() }
        #expect(Set(numbers).count == 1)
        #expect(numbers[0].digits == "14155550101")
    }
}
