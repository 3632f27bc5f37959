/// What avosync knows of a country's numbering plan: enough to turn a nationally written number
/// into E.164 and to refuse numbers that cannot exist. Not a full numbering database: lengths are
/// the national significant number's (without trunk prefix), the loosest the plan allows.
struct PhoneRegion: Sendable {
    /// The country calling code, without `+`.
    var callingCode: String
    /// The prefix dialled before a national number inside the country and dropped in E.164.
    var trunkPrefix: String?
    /// Allowed lengths of the national significant number.
    var lengths: ClosedRange<Int>
}

enum PhoneRegions {
    /// Regions by ISO 3166 alpha-2 code: the countries a `default_country` may name.
    static let byCountry: [String: PhoneRegion] = {
        var table: [String: PhoneRegion] = [:]
        func add(_ countries: [String], _ code: String, _ trunk: String?, _ lengths: ClosedRange<Int>) {
            for country in countries {
                table[country] = PhoneRegion(callingCode: code, trunkPrefix: trunk, lengths: lengths)
            }
        }
        // The North American Numbering Plan: 3-digit area code, 7-digit number.
        add(
            [
                "US", "CA", "PR", "VI", "GU", "AS", "MP", "AG", "AI", "BB", "BM", "BS", "DM", "DO", "GD", "JM", "KN",
                "KY",
                "LC", "MS", "SX", "TC", "TT", "VC", "VG",
            ],
            "1",
            "1",
            10...10
        )
        add(["GB", "GG", "JE", "IM"], "44", "0", 9...10)
        add(["FR"], "33", "0", 9...9)
        add(["DE"], "49", "0", 6...13)
        add(["ES"], "34", nil, 9...9)
        add(["IT", "VA"], "39", nil, 6...11)
        add(["NL"], "31", "0", 9...9)
        add(["BE"], "32", "0", 8...9)
        add(["CH"], "41", "0", 9...9)
        add(["AT"], "43", "0", 4...13)
        add(["IE"], "353", "0", 7...9)
        add(["PT"], "351", nil, 9...9)
        add(["SE"], "46", "0", 6...10)
        add(["NO"], "47", nil, 8...8)
        add(["DK"], "45", nil, 8...8)
        add(["FI"], "358", "0", 5...12)
        add(["PL"], "48", nil, 9...9)
        add(["CZ"], "420", nil, 9...9)
        add(["GR"], "30", nil, 10...10)
        add(["TR"], "90", "0", 10...10)
        add(["RU", "KZ"], "7", "8", 10...10)
        add(["UA"], "380", "0", 9...9)
        add(["IL"], "972", "0", 8...9)
        add(["AE"], "971", "0", 8...9)
        add(["SA"], "966", "0", 8...9)
        add(["IN"], "91", "0", 10...10)
        add(["PK"], "92", "0", 9...10)
        add(["BD"], "880", "0", 8...10)
        add(["CN"], "86", "0", 7...11)
        add(["JP"], "81", "0", 9...10)
        add(["KR"], "82", "0", 8...10)
        add(["TW"], "886", "0", 8...9)
        add(["HK"], "852", nil, 8...8)
        add(["SG"], "65", nil, 8...8)
        add(["MY"], "60", "0", 8...10)
        add(["TH"], "66", "0", 8...9)
        add(["VN"], "84", "0", 9...10)
        add(["PH"], "63", "0", 8...10)
        add(["ID"], "62", "0", 8...12)
        add(["AU"], "61", "0", 8...10)
        add(["NZ"], "64", "0", 8...10)
        add(["ZA"], "27", "0", 9...9)
        add(["NG"], "234", "0", 8...10)
        add(["KE"], "254", "0", 9...9)
        add(["EG"], "20", "0", 8...10)
        add(["MA"], "212", "0", 9...9)
        add(["BR"], "55", "0", 10...11)
        add(["MX"], "52", nil, 10...10)
        add(["AR"], "54", "0", 10...11)
        add(["CL"], "56", nil, 9...9)
        add(["CO"], "57", nil, 8...10)
        add(["PE"], "51", "0", 8...9)
        add(["VE"], "58", "0", 10...10)
        add(["HU"], "36", "06", 8...9)
        add(["RO"], "40", "0", 9...9)
        add(["LU"], "352", nil, 4...11)
        add(["IS"], "354", nil, 7...9)
        return table
    }()

    /// The national-number lengths by calling code, for the codes the table above describes.
    static let lengthsByCallingCode: [String: ClosedRange<Int>] = {
        var lengths: [String: ClosedRange<Int>] = [:]
        for region in byCountry.values {
            let known = lengths[region.callingCode]
            lengths[region.callingCode] =
                known.map {
                    min($0.lowerBound, region.lengths.lowerBound)...max($0.upperBound, region.lengths.upperBound)
                }
                ?? region.lengths
        }
        return lengths
    }()

    /// The calling code at the start of an international number's digits, if one is assigned.
    ///
    /// ITU calling codes are prefix-free: `1` and `7` are the only one-digit codes, the two-digit
    /// codes are listed, and every other assigned code has three digits.
    static func callingCode(atStartOf digits: Substring) -> Substring? {
        guard let first = digits.first else { return nil }
        if first == "1" || first == "7" { return digits.prefix(1) }
        guard digits.count >= 2 else { return nil }
        let two = digits.prefix(2)
        if twoDigitCodes.contains(String(two)) { return two }
        if first == "0" { return nil }
        guard digits.count >= 3, let three = Int(digits.prefix(3)), isAssignedThreeDigitCode(three) else { return nil }
        return digits.prefix(3)
    }

    private static let twoDigitCodes: Set<String> = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
        "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84",
        "86", "90", "91", "92", "93", "94", "95", "98",
    ]

    private static func isAssignedThreeDigitCode(_ code: Int) -> Bool {
        switch code {
        case 211, 212, 213, 216, 218, 220...258, 260...269, 290, 291, 297, 298, 299: return true
        case 350...359, 370...378, 380...383, 385, 386, 387, 389: return true
        case 420, 421, 423: return true
        case 500...509, 590...599: return true
        case 670, 672...692: return true
        case 850, 852, 853, 855, 856, 880, 886: return true
        case 960...968, 970...977, 992...998: return true
        default: return false
        }
    }
}
