extension PhoneNumber {
    /// Reads a phone number in any common written form and normalises it to E.164.
    ///
    /// `+1 415 555 0101`, `(415) 555-0101`, `415.555.0101`, `4155550101`, `1-415-555-0101`,
    /// `001 415 555 0101`, `+44 (0)20 7946 0958` and `011 44 20 7946 0958` (from North America)
    /// are all understood.
    /// A number without an international prefix is read in `defaultCountry`'s plan, dropping its
    /// trunk prefix (the `0` of `020 7946 0958` in Great Britain). Refused: letters (vanity numbers
    /// and extensions), unassigned calling codes, impossible lengths, and North American area codes
    /// or exchanges starting with 0 or 1.
    public static func parse(_ text: String, defaultCountry: CountryCode) -> Result<PhoneNumber, PhoneNumberError> {
        var digitBytes: [UInt8] = []
        digitBytes.reserveCapacity(20)
        var sawPlus = false
        // "+44 (0)20 ..." writes the trunk prefix an international caller must not dial.
        let trimmed = text.drop { $0 == " " }
        let written = trimmed.hasPrefix("+") || trimmed.hasPrefix("00") ? text.replacing("(0)", with: "") : text
        // Scalars, not Characters: ingest reads millions of phones, and grapheme breaking is slow.
        for scalar in written.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39:
                digitBytes.append(UInt8(scalar.value))
            case 0x2B:  // +
                guard digitBytes.isEmpty, !sawPlus else { return .failure(.init("'+' may only start the number")) }
                sawPlus = true
            case 0x20, 0x2D, 0x2E, 0x28, 0x29, 0x2F, 0xA0:  // space - . ( ) / and a no-break space
                continue
            case 0x41...0x5A, 0x61...0x7A:
                return .failure(.init("contains letters; vanity numbers and extensions are not accepted"))
            default:
                return .failure(.init("contains '\(Character(scalar))', which is not part of a phone number"))
            }
        }
        let digits = String(decoding: digitBytes, as: UTF8.self)
        if digits.isEmpty { return .failure(.init("has no digits")) }
        if sawPlus { return international(Substring(digits)) }
        if digits.hasPrefix("00") { return international(digits.dropFirst(2)) }
        guard let region = PhoneRegions.byCountry[defaultCountry.code] else {
            return .failure(.init("has no country code and country \(defaultCountry.code) has no known numbering plan"))
        }
        if region.callingCode == "1", digits.hasPrefix("011") { return international(digits.dropFirst(3)) }
        var national = Substring(digits)
        if let trunk = region.trunkPrefix, national.hasPrefix(trunk),
            national.count - trunk.count >= region.lengths.lowerBound
        {
            national = national.dropFirst(trunk.count)
        }
        return validated(callingCode: region.callingCode, national: national, country: defaultCountry.code)
    }

    private static func international(_ digits: Substring) -> Result<PhoneNumber, PhoneNumberError> {
        guard let code = PhoneRegions.callingCode(atStartOf: digits) else {
            return .failure(.init("starts with no assigned country calling code"))
        }
        return validated(callingCode: String(code), national: digits.dropFirst(code.count), country: nil)
    }

    private static func validated(
        callingCode: String,
        national: Substring,
        country: String?
    ) -> Result<
        PhoneNumber, PhoneNumberError
    > {
        let place = country.map { "for \($0)" } ?? "after +\(callingCode)"
        let lengths = PhoneRegions.lengthsByCallingCode[callingCode] ?? 4...(15 - callingCode.count)
        if national.count < lengths.lowerBound {
            return .failure(.init("has \(national.count) digits \(place); at least \(lengths.lowerBound) are needed"))
        }
        if national.count > lengths.upperBound || callingCode.count + national.count > 15 {
            return .failure(.init("has \(national.count) digits \(place); at most \(lengths.upperBound) are possible"))
        }
        if callingCode == "1" {
            let areaCode = national.prefix(3)
            let exchange = national.dropFirst(3).prefix(3)
            if areaCode.first == "0" || areaCode.first == "1" {
                return .failure(.init("area code \(areaCode) cannot exist (North American area codes start with 2-9)"))
            }
            if exchange.first == "0" || exchange.first == "1" {
                return .failure(.init("exchange \(exchange) cannot exist (North American exchanges start with 2-9)"))
            }
        }
        guard let number = PhoneNumber(e164: "+" + callingCode + national) else {
            return .failure(.init("is not a possible phone number"))
        }
        return .success(number)
    }
}
