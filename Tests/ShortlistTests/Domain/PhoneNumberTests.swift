import Testing
@testable import Shortlist

@Suite("Phone numbers")
struct PhoneNumberTests {
    struct ValidCase: Sendable, CustomTestStringConvertible {
        let input: String
        let country: String
        let e164: String
        init(_ input: String, _ country: String, _ e164: String) {
            self.input = input
            self.country = country
            self.e164 = e164
        }
        var testDescription: String { "\(input) [\(country)]" }
    }

    struct InvalidCase: Sendable, CustomTestStringConvertible {
        let input: String
        let country: String
        let kind: PhoneNumberError.Kind
        let reason: String
        init(_ input: String, _ country: String, _ kind: PhoneNumberError.Kind, _ reason: String) {
            self.input = input
            self.country = country
            self.kind = kind
            self.reason = reason
        }
        var testDescription: String { "\(input) [\(country)]" }
    }

    static let nationalNumbers: [ValidCase] = [
        ValidCase("(415) 555-0123", "US", "+14155550123"),
        ValidCase("1-415-555-0123", "US", "+14155550123"),
        ValidCase("415.555.0123", "US", "+14155550123"),
        ValidCase("415/555-0123", "us", "+14155550123"),
        ValidCase("  415 555 0123\t", "US", "+14155550123"),
        ValidCase("604-555-0199", "CA", "+16045550199"),
        ValidCase("876 555 0123", "JM", "+18765550123"),
        ValidCase("020 7946 0958", "GB", "+442079460958"),
        ValidCase("07700 900123", "GB", "+447700900123"),
        ValidCase("07700\u{00A0}900123", "UK", "+447700900123"),
        ValidCase("44 20 7946 0958", "GB", "+442079460958"),
        ValidCase("087 123 4567", "IE", "+353871234567"),
        ValidCase("0412 345 678", "AU", "+61412345678"),
        ValidCase("(02) 9876 5432", "AU", "+61298765432"),
        ValidCase("021 123 4567", "NZ", "+64211234567"),
        ValidCase("030 1234567", "DE", "+49301234567"),
        ValidCase("0151 23456789", "DE", "+4915123456789"),
        ValidCase("06 12 34 56 78", "FR", "+33612345678"),
        ValidCase("612 345 678", "ES", "+34612345678"),
        ValidCase("06 1234 5678", "IT", "+390612345678"),
        ValidCase("312 345 6789", "IT", "+393123456789"),
        ValidCase("06 12345678", "NL", "+31612345678"),
        ValidCase("0470 12 34 56", "BE", "+32470123456"),
        ValidCase("044 668 18 00", "CH", "+41446681800"),
        ValidCase("0664 1234567", "AT", "+436641234567"),
        ValidCase("070-123 45 67", "SE", "+46701234567"),
        ValidCase("412 34 567", "NO", "+4741234567"),
        ValidCase("20 12 34 56", "DK", "+4520123456"),
        ValidCase("040 1234567", "FI", "+358401234567"),
        ValidCase("912 345 678", "PT", "+351912345678"),
        ValidCase("512 345 678", "PL", "+48512345678"),
        ValidCase("098765 43210", "IN", "+919876543210"),
        ValidCase("8123 4567", "SG", "+6581234567"),
        ValidCase("082 123 4567", "ZA", "+27821234567"),
        ValidCase("55 1234 5678", "MX", "+525512345678"),
        ValidCase("(11) 91234-5678", "BR", "+5511912345678"),
        ValidCase("0 11 91234 5678", "BR", "+5511912345678"),
        ValidCase("090-1234-5678", "JP", "+819012345678"),
        ValidCase("0917 123 4567", "PH", "+639171234567"),
        ValidCase("050 123 4567", "AE", "+971501234567"),
    ]

    static let internationalNumbers: [ValidCase] = [
        ValidCase("+1 415 555 0123", "US", "+14155550123"),
        ValidCase("+1 (415) 555-0123", "GB", "+14155550123"),
        ValidCase("011 44 20 7946 0958", "US", "+442079460958"),
        ValidCase("011 44 20 7946 0958", "CA", "+442079460958"),
        ValidCase("0044 20 7946 0958", "US", "+442079460958"),
        ValidCase("00 33 6 12 34 56 78", "GB", "+33612345678"),
        ValidCase("+44 (0)20 7946 0958", "US", "+442079460958"),
        ValidCase("\u{00A0}+61 412 345 678\u{00A0}", "US", "+61412345678"),
        ValidCase("+49-30-1234567", "FR", "+49301234567"),
        ValidCase("+39 06 1234 5678", "US", "+390612345678"),
        ValidCase("+686 1234 5678", "US", "+68612345678"), // assigned code, not in the table
        ValidCase("+44 20 7946 0958", "ZZ", "+442079460958"), // default country unused
    ]

    static let invalidNumbers: [InvalidCase] = [
        InvalidCase("", "US", .empty, "phone is empty"),
        InvalidCase("   \u{00A0}", "US", .empty, "phone is empty"),
        InvalidCase("+", "US", .noDigits, "phone has no digits"),
        InvalidCase("1-800-FLOWERS", "US", .letters, "phone contains letters"),
        InvalidCase("call me", "US", .letters, "phone contains letters"),
        InvalidCase("415-555-0123 x123", "US", .extensionNotAllowed, "extensions are not supported"),
        InvalidCase("415-555-0123 ext. 45", "US", .extensionNotAllowed, "extensions are not supported"),
        InvalidCase("+44 20 7946 0958 #12", "US", .extensionNotAllowed, "extensions are not supported"),
        InvalidCase("415*555*0123", "US", .invalidCharacter, "phone contains an unexpected character '*'"),
        InvalidCase("12+34 5678", "US", .misplacedPlus, "phone has a '+' that is not at the start"),
        InvalidCase("415 555 012", "US", .tooShort, "phone has 9 digits; a US number needs 10 (national) digits"),
        InvalidCase("415 555 01234", "US", .tooLong, "phone has 11 digits; a US number needs 10 (national) digits"),
        InvalidCase("+1 415 555 01234", "US", .tooLong,
                    "phone has 11 digits after +1; a NANP number needs 10 digits after the country code"),
        InvalidCase("020 794 609", "GB", .tooShort, "phone has 8 digits; a GB number needs 9 to 10 (national) digits"),
        InvalidCase("0412 345 67", "AU", .tooShort, "phone has 8 digits; an AU number needs 9 (national) digits"),
        InvalidCase("011 44 20 7946 0958", "GB", .tooLong, "a GB number needs 9 to 10 (national) digits"),
        InvalidCase("+999 123", "US", .tooShort, "phone has 6 digits; international numbers need at least 8"),
        InvalidCase("+1234567890123456", "US", .tooLong, "phone has 16 digits; international numbers have at most 15"),
        InvalidCase("(015) 555-0123", "US", .invalidAreaCode, "cannot start with 0 or 1"),
        InvalidCase("(115) 555-0123", "US", .invalidAreaCode, "cannot start with 0 or 1"),
        InvalidCase("+1 911 555 0123", "US", .invalidAreaCode, "N11"),
        InvalidCase("415 055 0123", "US", .invalidExchangeCode, "cannot start with 0 or 1"),
        InvalidCase("415 155 0123", "US", .invalidExchangeCode, "cannot start with 0 or 1"),
        InvalidCase("+999 1234 5678", "US", .unknownCountryCode, "unknown country code +999"),
        InvalidCase("+44 00 7946 0958", "US", .invalidLeadingDigit, "a GB number cannot start with 0"),
        InvalidCase("415 555 0123", "ZZ", .unknownDefaultCountry, "default country is not supported"),
    ]

    @Test("National numbers are normalized to E.164 using the default country", arguments: nationalNumbers)
    func nationalNumber(_ c: ValidCase) throws {
        let number = try PhoneNumber(parsing: c.input, defaultCountry: c.country)
        #expect(number.e164 == c.e164)
    }

    @Test("International numbers written with +, 00 or NANP 011 are normalized", arguments: internationalNumbers)
    func internationalNumber(_ c: ValidCase) throws {
        let number = try PhoneNumber(parsing: c.input, defaultCountry: c.country)
        #expect(number.e164 == c.e164)
    }

    @Test("Invalid numbers are rejected with a specific kind and reason", arguments: invalidNumbers)
    func invalidNumber(_ c: InvalidCase) {
        switch PhoneNumber.normalize(c.input, defaultCountry: c.country) {
        case .success(let number):
            Issue.record("expected rejection, got \(number.e164)")
        case .failure(let error):
            #expect(error.kind == c.kind)
            #expect(error.reason.contains(c.reason), "reason was: \(error.reason)")
            #expect(error.description == error.reason)
        }
    }

    @Test("Error reasons never contain the number", arguments: invalidNumbers)
    func reasonDoesNotLeakNumber(_ c: InvalidCase) {
        guard case .failure(let error) = PhoneNumber.normalize(c.input, defaultCountry: c.country) else {
            Issue.record("expected rejection")
            return
        }
        let digits = String(c.input.filter(\.isASCII).filter(\.isNumber))
        if digits.count >= 5 {
            #expect(!error.reason.filter(\.isNumber).contains(digits))
            #expect(!error.reason.contains(c.input))
        }
    }

    @Test("The throwing initializer and normalize agree")
    func throwingInitMatchesResult() throws {
        let viaInit = try PhoneNumber(parsing: "020 7946 0958", defaultCountry: "GB")
        let viaResult = try PhoneNumber.normalize("020 7946 0958", defaultCountry: "GB").get()
        #expect(viaInit == viaResult)

        do {
            _ = try PhoneNumber(parsing: "abc", defaultCountry: "GB")
            Issue.record("expected an error")
        } catch {
            // `error` is statically a PhoneNumberError (typed throws).
            #expect(error == PhoneNumberError(.letters, "phone contains letters"))
        }
    }

    @Test("Different spellings of one number are equal and hash the same")
    func equalityAndHashing() throws {
        let a = try PhoneNumber(parsing: "(415) 555-0123", defaultCountry: "US")
        let b = try PhoneNumber(parsing: "+1 415 555 0123", defaultCountry: "GB")
        let c = try PhoneNumber(parsing: "0044 20 7946 0958", defaultCountry: "US")
        #expect(a == b)
        #expect(Set([a, b, c]).count == 2)
    }

    @Test("A stored E.164 string is accepted only when already canonical")
    func canonicalE164() {
        #expect(PhoneNumber(e164: "+14155550123")?.e164 == "+14155550123")
        #expect(PhoneNumber(e164: "+442079460958") != nil)
        #expect(PhoneNumber(e164: "+44 20 7946 0958") == nil)
        #expect(PhoneNumber(e164: "4155550123") == nil)
        #expect(PhoneNumber(e164: "+4402079460958") == nil)
        #expect(PhoneNumber(e164: "+9991234567") == nil)
    }

    @Test("The calling code is derived from the E.164 form")
    func callingCode() throws {
        #expect(try PhoneNumber(parsing: "+1 415 555 0123", defaultCountry: "US").callingCode == "1")
        #expect(try PhoneNumber(parsing: "+44 20 7946 0958", defaultCountry: "US").callingCode == "44")
        #expect(try PhoneNumber(parsing: "+971 50 123 4567", defaultCountry: "US").callingCode == "971")
    }

    @Test("Known countries are recognized case-insensitively", arguments: [
        "US", "CA", "GB", "IE", "AU", "NZ", "DE", "FR", "ES", "IT", "NL", "BE", "CH", "AT", "SE",
        "NO", "DK", "FI", "PT", "PL", "IN", "SG", "ZA", "MX", "BR", "JP", "PH", "AE", "PR", "JM",
    ])
    func knownCountry(_ iso: String) {
        #expect(PhoneNumber.isKnownCountry(iso))
        #expect(PhoneNumber.isKnownCountry(iso.lowercased()))
        #expect(PhoneNumber.supportedCountries.contains(iso))
    }

    @Test("Unknown or malformed country codes are not known", arguments: ["", "ZZ", "USA", "U", "1", "EU"])
    func unknownCountry(_ iso: String) {
        #expect(!PhoneNumber.isKnownCountry(iso))
    }

    @Test("UK is accepted as an alias for GB")
    func ukAlias() throws {
        #expect(PhoneNumber.isKnownCountry("uk"))
        #expect(try PhoneNumber(parsing: "020 7946 0958", defaultCountry: "UK").e164 == "+442079460958")
    }

    @Test("Masking keeps the plus, the first two and the last two digits", arguments: [
        ("+14155550123", "+14*******23"),
        ("+442079460958", "+44********58"),
        ("+6581234567", "+65******67"),
    ])
    func maskedNumber(_ e164: String, _ masked: String) throws {
        let number = try #require(PhoneNumber(e164: e164))
        #expect(number.masked == masked)
        #expect(PhoneNumber.mask(e164) == masked)
    }

    @Test("Interpolating a phone number prints the masked form, never the full number")
    func descriptionIsMasked() throws {
        let number = try PhoneNumber(parsing: "(415) 555-0123", defaultCountry: "US")
        #expect(number.description == "+14*******23")
        #expect("\(number)" == "+14*******23")
        #expect(!String(describing: number).contains("4155550123"))
    }

    @Test("Masking arbitrary strings hides all but four digits and fully hides short ones", arguments: [
        ("(415) 555-0123", "41******23"),
        (" +1 415 555 0123", "+14*******23"),
        ("12345", "*****"),
        ("1234", "****"),
        ("n/a", "***"),
        ("", ""),
    ])
    func maskAnything(_ input: String, _ expected: String) {
        #expect(PhoneNumber.mask(input) == expected)
    }
}
