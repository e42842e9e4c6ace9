import Foundation

// Country data used by `PhoneNumber` parsing and validation.
//
// Lengths are the *national significant number* (NSN) lengths, i.e. the digits
// after the country calling code with any trunk prefix removed. They are kept
// deliberately permissive (a range covering fixed and mobile numbers) because the
// goal is to catch typos, not to replicate a full numbering-plan database.

/// Numbering rules for one country (or one shared calling code).
struct PhoneCountryRule: Sendable {
    /// ISO 3166-1 alpha-2 code, upper case.
    let iso: String
    /// Calling code without '+', e.g. "44".
    let callingCode: String
    /// Digits dialled before a national number inside the country ("0" in GB), if any.
    let trunkPrefix: String?
    /// Allowed national significant number lengths.
    let nsnLengths: ClosedRange<Int>
    /// North American Numbering Plan: NPA-NXX-XXXX with N in 2...9.
    let isNANP: Bool

    init(_ iso: String, _ callingCode: String, trunk: String?, _ nsnLengths: ClosedRange<Int>, nanp: Bool = false) {
        self.iso = iso
        self.callingCode = callingCode
        self.trunkPrefix = trunk
        self.nsnLengths = nsnLengths
        self.isNANP = nanp
    }
}

enum PhoneCountries {
    /// NANP members sharing +1 (all 10-digit NSN, trunk prefix "1").
    static let nanpRegions: [String] = [
        "US", "CA", "AG", "AI", "AS", "BB", "BM", "BS", "DM", "DO", "GD", "GU", "JM",
        "KN", "KY", "LC", "MP", "MS", "PR", "SX", "TC", "TT", "VC", "VG", "VI",
    ]

    /// The table. When several countries share a calling code, the first one listed
    /// provides the rule used for international numbers with that code.
    static let rules: [PhoneCountryRule] = nanpRegions.map {
        PhoneCountryRule($0, "1", trunk: "1", 10...10, nanp: true)
    } + [
        PhoneCountryRule("GB", "44", trunk: "0", 9...10),
        PhoneCountryRule("GG", "44", trunk: "0", 9...10),
        PhoneCountryRule("JE", "44", trunk: "0", 9...10),
        PhoneCountryRule("IM", "44", trunk: "0", 9...10),
        PhoneCountryRule("IE", "353", trunk: "0", 7...10),
        PhoneCountryRule("AU", "61", trunk: "0", 9...9),
        PhoneCountryRule("NZ", "64", trunk: "0", 8...10),
        PhoneCountryRule("DE", "49", trunk: "0", 6...13),
        PhoneCountryRule("FR", "33", trunk: "0", 9...9),
        PhoneCountryRule("ES", "34", trunk: nil, 9...9),
        PhoneCountryRule("IT", "39", trunk: nil, 6...11),
        PhoneCountryRule("NL", "31", trunk: "0", 9...9),
        PhoneCountryRule("BE", "32", trunk: "0", 8...9),
        PhoneCountryRule("CH", "41", trunk: "0", 9...9),
        PhoneCountryRule("AT", "43", trunk: "0", 6...13),
        PhoneCountryRule("SE", "46", trunk: "0", 7...10),
        PhoneCountryRule("NO", "47", trunk: nil, 8...8),
        PhoneCountryRule("DK", "45", trunk: nil, 8...8),
        PhoneCountryRule("FI", "358", trunk: "0", 5...12),
        PhoneCountryRule("PT", "351", trunk: nil, 9...9),
        PhoneCountryRule("PL", "48", trunk: nil, 9...9),
        PhoneCountryRule("IN", "91", trunk: "0", 10...10),
        PhoneCountryRule("SG", "65", trunk: nil, 8...8),
        PhoneCountryRule("ZA", "27", trunk: "0", 9...9),
        PhoneCountryRule("MX", "52", trunk: nil, 10...10),
        PhoneCountryRule("BR", "55", trunk: "0", 10...11),
        PhoneCountryRule("JP", "81", trunk: "0", 9...10),
        PhoneCountryRule("PH", "63", trunk: "0", 8...10),
        PhoneCountryRule("AE", "971", trunk: "0", 8...9),
        PhoneCountryRule("RU", "7", trunk: "8", 10...10),
        PhoneCountryRule("KZ", "7", trunk: "8", 10...10),
        PhoneCountryRule("CN", "86", trunk: "0", 10...11),
        PhoneCountryRule("HK", "852", trunk: nil, 8...8),
        PhoneCountryRule("TW", "886", trunk: "0", 8...9),
        PhoneCountryRule("KR", "82", trunk: "0", 8...10),
        PhoneCountryRule("MY", "60", trunk: "0", 8...10),
        PhoneCountryRule("TH", "66", trunk: "0", 8...9),
        PhoneCountryRule("VN", "84", trunk: "0", 9...10),
        PhoneCountryRule("PK", "92", trunk: "0", 9...10),
        PhoneCountryRule("IL", "972", trunk: "0", 8...9),
        PhoneCountryRule("SA", "966", trunk: "0", 9...9),
        PhoneCountryRule("TR", "90", trunk: "0", 10...10),
        PhoneCountryRule("EG", "20", trunk: "0", 8...10),
        PhoneCountryRule("NG", "234", trunk: "0", 7...10),
        PhoneCountryRule("KE", "254", trunk: "0", 9...9),
        PhoneCountryRule("GR", "30", trunk: nil, 10...10),
        PhoneCountryRule("CZ", "420", trunk: nil, 9...9),
        PhoneCountryRule("RO", "40", trunk: "0", 9...9),
        PhoneCountryRule("UA", "380", trunk: "0", 9...9),
        PhoneCountryRule("CL", "56", trunk: nil, 9...9),
        PhoneCountryRule("CO", "57", trunk: nil, 10...10),
    ]

    /// Rules by upper-case ISO code.
    static let byISO: [String: PhoneCountryRule] = {
        var map: [String: PhoneCountryRule] = [:]
        for rule in rules where map[rule.iso] == nil { map[rule.iso] = rule }
        return map
    }()

    /// Rules by calling code (first listed country wins for shared codes).
    static let byCallingCode: [String: PhoneCountryRule] = {
        var map: [String: PhoneCountryRule] = [:]
        for rule in rules where map[rule.callingCode] == nil { map[rule.callingCode] = rule }
        return map
    }()

    /// Informal aliases accepted for configuration convenience.
    static let aliases: [String: String] = ["UK": "GB"]

    /// Looks up a rule by ISO code, case-insensitively, honouring aliases.
    static func rule(forISO iso: String) -> PhoneCountryRule? {
        if let rule = byISO[iso] { return rule }  // the common case, without Foundation's trimming
        let key = iso.trimmingCharacters(in: .whitespaces).uppercased()
        return byISO[aliases[key] ?? key]
    }

    /// ITU-T E.164 assigned country calling codes (geographic and global services).
    /// Calling codes are prefix-free, so at most one prefix of a number matches.
    static let assignedCallingCodes: Set<String> = {
        var codes: Set<String> = [
            "1", "7",
            "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44",
            "45", "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58",
            "60", "61", "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91",
            "92", "93", "94", "95", "98",
            "211", "212", "213", "216", "218", "290", "291", "297", "298", "299",
            "420", "421", "423", "670",
            "800", "808", "850", "852", "853", "855", "856", "870", "878", "880", "881",
            "882", "883", "886", "888",
            "970", "971", "972", "973", "974", "975", "976", "977", "979",
            "992", "993", "994", "995", "996", "998",
        ]
        let ranges: [ClosedRange<Int>] = [
            220...258, 260...269, 350...359, 370...383, 385...387, 389...389,
            500...509, 590...599, 672...683, 685...692, 960...968,
        ]
        for range in ranges {
            for code in range { codes.insert(String(code)) }
        }
        return codes
    }()
}
