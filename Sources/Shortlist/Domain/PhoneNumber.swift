import Foundation

/// Why a phone number was rejected. `reason` is safe to show to users and to log:
/// it never contains the number itself (at most a country calling code).
public struct PhoneNumberError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case empty
        case noDigits
        case letters
        case extensionNotAllowed
        case invalidCharacter
        case misplacedPlus
        case tooShort
        case tooLong
        case unknownCountryCode
        case unknownDefaultCountry
        case invalidAreaCode
        case invalidExchangeCode
        case invalidLeadingDigit
    }

    public let kind: Kind
    public let reason: String

    public init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { reason }
}

/// A validated phone number in E.164 form ("+14155550123").
///
/// `description` is the masked form so that string interpolation into logs or
/// error messages never leaks the full number; use `e164` explicitly when needed.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    public let e164: String

    /// Parses user input. National numbers are read in `defaultCountry` (ISO 3166
    /// alpha-2, case-insensitive); numbers with '+', "00" (or "011" in NANP
    /// countries) are read as international.
    public init(parsing raw: String, defaultCountry: String) throws(PhoneNumberError) {
        e164 = try PhoneNumberParser.parse(raw, defaultCountry: defaultCountry)
    }

    /// Re-validates a stored E.164 string (must start with '+' and already be canonical).
    public init?(e164: String) {
        guard e164.first == "+",
              let parsed = try? PhoneNumber(parsing: e164, defaultCountry: ""),
              parsed.e164 == e164 else { return nil }
        self = parsed
    }

    public static func normalize(_ raw: String, defaultCountry: String) -> Result<PhoneNumber, PhoneNumberError> {
        do {
            return .success(try PhoneNumber(parsing: raw, defaultCountry: defaultCountry))
        } catch {
            return .failure(error)
        }
    }

    /// True when `iso` (case-insensitive ISO 3166 alpha-2, "UK" accepted as GB) is a
    /// country whose national numbers this type can parse.
    public static func isKnownCountry(_ iso: String) -> Bool {
        PhoneCountries.rule(forISO: iso) != nil
    }

    /// ISO codes accepted by `isKnownCountry`, sorted (aliases excluded).
    public static var supportedCountries: [String] {
        PhoneCountries.byISO.keys.sorted()
    }

    /// Country calling code without '+', e.g. "1" or "44".
    public var callingCode: String {
        let digits = e164.dropFirst()
        for length in 1...3 {
            let candidate = String(digits.prefix(length))
            if PhoneCountries.assignedCallingCodes.contains(candidate) { return candidate }
        }
        return String(digits.prefix(3))
    }

    /// "+14155550123" → "+14*******23".
    public var masked: String { Self.mask(e164) }

    public var description: String { masked }

    /// Masks any phone-like string for logging: keeps a leading '+', the first two and
    /// the last two digits, one '*' per hidden digit; other characters are dropped.
    /// Inputs with fewer than six digits are fully starred; inputs with no digits
    /// become "***" (or "" when empty).
    public static func mask(_ e164OrAnything: String) -> String {
        var digits: [UInt8] = []
        var plus = false
        for byte in e164OrAnything.utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                digits.append(byte)
            } else if byte == UInt8(ascii: "+") && digits.isEmpty {
                plus = true
            }
        }
        if digits.isEmpty { return e164OrAnything.isEmpty ? "" : "***" }
        var out: [UInt8] = plus ? [UInt8(ascii: "+")] : []
        if digits.count < 6 {
            out += [UInt8](repeating: UInt8(ascii: "*"), count: digits.count)
        } else {
            out += digits.prefix(2)
            out += [UInt8](repeating: UInt8(ascii: "*"), count: digits.count - 4)
            out += digits.suffix(2)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

enum PhoneNumberParser {
    typealias Rule = PhoneCountryRule

    static func parse(_ raw: String, defaultCountry: String) throws(PhoneNumberError) -> String {
        let (digits, hasPlus) = try scan(raw)
        if hasPlus { return try international(Substring(digits)) }
        if digits.hasPrefix("00") { return try international(digits.dropFirst(2)) }
        let home = PhoneCountries.rule(forISO: defaultCountry)
        if let home, home.isNANP, digits.hasPrefix("011") {
            return try international(digits.dropFirst(3))
        }
        guard let home else {
            throw PhoneNumberError(.unknownDefaultCountry,
                                   "phone has no country code and the default country is not supported")
        }
        do {
            return try national(digits, home)
        } catch {
            // Written with the country code but without '+' ("44 20 7946 0958" in GB).
            if digits.hasPrefix(home.callingCode), digits.count > home.callingCode.count,
               let e164 = try? international(Substring(digits)) {
                return e164
            }
            throw error
        }
    }

    /// Extracts ASCII digits, rejecting letters, extensions and stray symbols.
    private static func scan(_ raw: String) throws(PhoneNumberError) -> (digits: String, hasPlus: Bool) {
        let scalars = Array(raw.unicodeScalars)
        var digits: [UInt8] = []
        var hasPlus = false
        var sawContent = false
        for (index, scalar) in scalars.enumerated() {
            if let value = digitValue(scalar) {
                digits.append(UInt8(ascii: "0") + value)
                sawContent = true
            } else if isSeparator(scalar) {
                if !scalar.properties.isWhitespace { sawContent = true }
            } else if scalar == "+" || scalar == "\u{FF0B}" {
                guard !hasPlus, digits.isEmpty else {
                    throw PhoneNumberError(.misplacedPlus, "phone has a '+' that is not at the start")
                }
                hasPlus = true
                sawContent = true
            } else if !digits.isEmpty, looksLikeExtension(scalars[index...]) {
                throw PhoneNumberError(.extensionNotAllowed,
                                       "phone has an extension; extensions are not supported")
            } else if scalar.properties.isAlphabetic {
                throw PhoneNumberError(.letters, "phone contains letters")
            } else {
                let shown = scalar.properties.isWhitespace || scalar.value < 0x20 ? "control" : "'\(scalar)'"
                throw PhoneNumberError(.invalidCharacter, "phone contains an unexpected character \(shown)")
            }
        }
        if !sawContent { throw PhoneNumberError(.empty, "phone is empty") }
        if digits.isEmpty { throw PhoneNumberError(.noDigits, "phone has no digits") }
        return (String(decoding: digits, as: UTF8.self), hasPlus)
    }

    private static func digitValue(_ scalar: Unicode.Scalar) -> UInt8? {
        if scalar.value >= 0x30 && scalar.value <= 0x39 { return UInt8(scalar.value - 0x30) }
        guard scalar.value > 0x7F, scalar.properties.numericType == .decimal,
              let value = scalar.properties.numericValue, value >= 0, value <= 9 else { return nil }
        return UInt8(value)
    }

    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "-", ".", "(", ")", "/", "\u{00A0}", "\u{2010}"..."\u{2015}", "\u{2212}":
            return true
        default:
            return scalar.properties.isWhitespace
        }
    }

    /// "x123", "ext. 12", "extension 4", "#12", ";ext=12", ",,12" after some digits.
    private static func looksLikeExtension(_ rest: ArraySlice<Unicode.Scalar>) -> Bool {
        var text = ""
        text.unicodeScalars.append(contentsOf: rest)
        let lower = text.lowercased()
        let markers = ["ext", "x", "#", ",", ";"]
        guard markers.contains(where: { lower.hasPrefix($0) }) else { return false }
        return lower.unicodeScalars.contains { $0.value >= 0x30 && $0.value <= 0x39 }
    }

    private static func national(_ digits: String, _ rule: Rule) throws(PhoneNumberError) -> String {
        let nsn = chooseNSN(Substring(digits), rule)
        if let error = problem(with: nsn, rule, international: false) { throw error }
        return "+" + rule.callingCode + nsn
    }

    private static func international(_ digits: Substring) throws(PhoneNumberError) -> String {
        guard !digits.isEmpty else {
            throw PhoneNumberError(.noDigits, "phone has no digits after the international prefix")
        }
        let count = digits.count
        if count > 15 {
            throw PhoneNumberError(.tooLong, "phone has \(digitCount(count)); international numbers have at most 15")
        }
        let code = (1...3).lazy
            .map { String(digits.prefix($0)) }
            .first { PhoneCountries.assignedCallingCodes.contains($0) }
        guard let code, code.count < count else {
            if count < 8 {
                throw tooShortInternational(count)
            }
            throw PhoneNumberError(.unknownCountryCode, "unknown country code +\(digits.prefix(3))")
        }
        let rest = digits.dropFirst(code.count)
        if let rule = PhoneCountries.byCallingCode[code] {
            let nsn = chooseNSN(rest, rule)
            if let error = problem(with: nsn, rule, international: true) { throw error }
            return "+" + code + nsn
        }
        if count < 8 { throw tooShortInternational(count) }
        return "+" + digits
    }

    /// Drops a trunk prefix ("0", NANP "1", "(0)" after a country code) when that
    /// gives a valid number, or when neither form is valid (for a better message).
    private static func chooseNSN(_ digits: Substring, _ rule: Rule) -> Substring {
        guard let trunk = rule.trunkPrefix, digits.hasPrefix(trunk) else { return digits }
        let stripped = digits.dropFirst(trunk.count)
        if problem(with: stripped, rule, international: false) == nil { return stripped }
        if problem(with: digits, rule, international: false) == nil { return digits }
        return rule.isNANP && digits.count <= 10 ? digits : stripped
    }

    private static func tooShortInternational(_ count: Int) -> PhoneNumberError {
        PhoneNumberError(.tooShort, "phone has \(digitCount(count)); international numbers need at least 8")
    }

    private static func digitCount(_ n: Int) -> String { n == 1 ? "1 digit" : "\(n) digits" }

    /// "an AU number", "a GB number" (letter names starting with a vowel sound).
    private static func article(_ iso: String) -> String {
        "AEFHILMNORSX".contains(iso.prefix(1)) ? "an" : "a"
    }

    /// Validation of a national significant number against its country's rule.
    private static func problem(with nsn: Substring, _ rule: Rule, international: Bool) -> PhoneNumberError? {
        let lengths = rule.nsnLengths
        if !lengths.contains(nsn.count) {
            let kind: PhoneNumberError.Kind = nsn.count < lengths.lowerBound ? .tooShort : .tooLong
            let needs = lengths.count == 1 ? "\(lengths.lowerBound)" : "\(lengths.lowerBound) to \(lengths.upperBound)"
            let has = "phone has \(digitCount(nsn.count))"
            let country = "\(article(rule.iso)) \(rule.iso)"
            if international {
                return PhoneNumberError(kind, "\(has) after +\(rule.callingCode); "
                    + "\(rule.isNANP ? "a NANP" : country) number needs \(needs) digits after the country code")
            }
            return PhoneNumberError(kind, "\(has); \(country) number needs \(needs) (national) digits")
        }
        let bytes = Array(nsn.utf8)
        if rule.isNANP {
            let one = UInt8(ascii: "1"), zero = UInt8(ascii: "0")
            if bytes[0] == zero || bytes[0] == one {
                return PhoneNumberError(.invalidAreaCode, "phone has an invalid area code (cannot start with 0 or 1)")
            }
            if bytes[1] == one && bytes[2] == one {
                return PhoneNumberError(.invalidAreaCode, "phone has an invalid area code (N11 is a service code)")
            }
            if bytes[3] == zero || bytes[3] == one {
                return PhoneNumberError(.invalidExchangeCode,
                                        "phone has an invalid exchange code (cannot start with 0 or 1)")
            }
        } else if rule.trunkPrefix == "0", bytes.first == UInt8(ascii: "0") {
            let label = "\(article(rule.iso)) \(rule.iso) number"
            return PhoneNumberError(.invalidLeadingDigit, "\(label) cannot start with 0 after the country code")
        }
        return nil
    }
}
