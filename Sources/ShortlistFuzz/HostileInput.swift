import Foundation

/// Values an attacker, a careless client or a confused language model could send: numbers at and
/// beyond the edges of every numeric type, deep nesting, long and invalid-UTF-8 text, odd unicode.
/// Text is kept as bytes, so it can be invalid UTF-8 on the wire.
public struct HostileInput: Sendable {
    public var random: SplitMix64
    /// The longest text generated (1 MiB by default; a smaller one keeps short runs short).
    public var longTextBytes: Int
    /// Keep generated JSON a valid document (UTF-8, no lone surrogates, numbers a Double can hold,
    /// nesting a decoder accepts), so a case reaches the code behind the JSON parser.
    public var validJSON = false

    public init(seed: UInt64, longTextBytes: Int = 1 << 20) {
        random = SplitMix64(seed: seed)
        self.longTextBytes = longTextBytes
    }

    public mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }

    public mutating func pick<T>(_ items: [T]) -> T {
        items[Int.random(in: 0..<items.count, using: &random)]
    }

    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

    /// JSON number literals (and a few that JSON does not allow but clients send anyway).
    static let edgeNumbers = [
        "1e19", "-1e19", "1e308", "-1e308", "1e999", "-1e999", "-0", "0", "-0.0", "9223372036854775808",
        "9223372036854775807", "-9223372036854775809", "-9223372036854775808", "18446744073709551616",
        "123456789012345678901234567890", "4.9e-324", "2.2250738585072014e-308", "1.7976931348623157e308",
        "0.1", "0.5", "1", "2", "-1", "3", "100", "59999.5", "60000", "1E400", "1e-400", "2147483648", "-2147483649",
        "1.0", "1e2", "99999999999",
    ]
    /// Numbers written as text (forms, CSV cells, analysis values sent as strings).
    static let edgeNumberTexts = edgeNumbers + ["NaN", "nan", "Infinity", "-Infinity", "inf", "0x10", "1_000", " 42 ", "1,000,000", "$5", "+7", "--1", "1e", "."]

    /// What no decoder here can turn into a Double: the whole document is refused.
    static let unrepresentable: Set<String> = ["1e999", "-1e999", "1E400", "1e-400"]

    public mutating func numberLiteral() -> String {
        guard chance(0.8) else { return String(Int64.random(in: .min ... .max, using: &random)) }
        let number = pick(Self.edgeNumbers)
        return validJSON && Self.unrepresentable.contains(number) ? "1e308" : number
    }

    public mutating func numberText() -> String { pick(Self.edgeNumberTexts) }

    /// Odd pieces of text (as UTF-8 bytes, some invalid on purpose).
    static let oddPieces: [[UInt8]] = [
        Array("\u{200F}\u{202E}right-to-left\u{202C}".utf8), Array("e\u{0301}\u{0301}\u{0301}\u{0301}".utf8),
        [0], [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80],
        Array("\u{FEFF}".utf8), Array("👩🏽‍💻".utf8), Array("\r\n".utf8), Array("\"".utf8), Array("\\".utf8),
        Array("<script>alert(1)</script>".utf8), Array("'; DROP TABLE jobs; --".utf8), Array("%00%ff".utf8),
        Array("{{name}}".utf8), Array("=cmd|' /C calc'!A0".utf8), Array(",".utf8), Array("\n".utf8), Array("\t".utf8),
        Array("\u{0000}\u{0001}\u{001F}".utf8), Array("𝕏".utf8), Array("İ".utf8), Array("ß".utf8),
    ]

    /// Hostile text: empty, odd unicode, invalid UTF-8, a number, or long (up to `longTextBytes`).
    public mutating func text() -> [UInt8] {
        switch int(0...9) {
        case 0: return []
        case 1: return Array(numberText().utf8)
        case 2:
            let count = chance(0.2) ? longTextBytes : int(256...8_192)
            let unit = pick(Self.oddPieces + [Array("a".utf8), Array("é".utf8)])
            var bytes: [UInt8] = []
            bytes.reserveCapacity(count + unit.count)
            while bytes.count < count { bytes += unit }
            return bytes
        default:
            var bytes: [UInt8] = []
            for _ in 0..<int(1...4) {
                bytes += chance(0.5) ? pick(Self.oddPieces) : Array(pick(["Acme", "Driver", "x", "day", "true", "+15125550134", "a@b.example"]).utf8)
            }
            return bytes
        }
    }

    /// A JSON string literal for `bytes`: quotes, backslashes and control bytes escaped, other
    /// bytes written as they are (invalid UTF-8 stays invalid); sometimes a lone surrogate escape.
    public mutating func jsonString(_ raw: [UInt8]) -> [UInt8] {
        let bytes = validJSON ? Array(String(decoding: raw, as: UTF8.self).utf8) : raw
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case 0..<0x20: out += Array(String(format: "\\u%04x", Int(byte)).utf8)
            default: out.append(byte)
            }
        }
        if validJSON {
            if chance(0.1) { out += Array(pick(["\\u0000", "\\ud83d\\ude00", "\\u202e"]).utf8) }
        } else if chance(0.1) { out += Array(pick(["\\ud800", "\\udfff", "\\ud83d", "\\u0000", "\\ud800\\u0041"]).utf8) }
        out.append(UInt8(ascii: "\""))
        return out
    }

    /// Any hostile JSON value; `depth` bounds ordinary nesting (deep nesting is its own case).
    public mutating func jsonValue(depth: Int = 2) -> [UInt8] {
        switch int(0...11) {
        case 0, 1, 2: return Array(numberLiteral().utf8)
        case 3, 4, 5: return jsonString(text())
        case 6: return Array(pick(["true", "false", "null"]).utf8)
        case 7: return deepNesting()
        case 8 where depth > 0:
            return Array("[".utf8) + (0..<int(0...3)).map { _ in jsonValue(depth: depth - 1) }.joined(separator: Array(",".utf8)) + Array("]".utf8)
        case 9 where depth > 0:
            let members = (0..<int(0...3)).map { _ in jsonString(text()) + Array(":".utf8) + jsonValue(depth: depth - 1) }
            return Array("{".utf8) + members.joined(separator: Array(",".utf8)) + Array("}".utf8)
        case 10 where !validJSON: return Array(pick(["NaN", "Infinity", "-Infinity", "undefined", "01", "+1", ".5", "1.", "0x1F", "", "[", "{\"a\":}", "tru"]).utf8)
        default: return jsonString(Array(numberText().utf8))
        }
    }

    /// `[[[…]]]` or `{"a":{"a":…}}` thousands deep (10,000 by default), sometimes left unclosed.
    public mutating func deepNesting() -> [UInt8] {
        let depth = validJSON ? int(50...400) : chance(0.5) ? 10_000 : int(100...2_000)
        let closed = validJSON || chance(0.8)
        if chance(0.5) {
            return Array(repeating: UInt8(ascii: "["), count: depth) + (closed ? Array(repeating: UInt8(ascii: "]"), count: depth) : [])
        }
        var out: [UInt8] = []
        for _ in 0..<depth { out += Array("{\"a\":".utf8) }
        out += Array("1".utf8)
        if closed { out += Array(repeating: UInt8(ascii: "}"), count: depth) }
        return out
    }

    /// `value` most of the time, else something hostile of the same kind (a value for a form field).
    public mutating func maybe(_ value: String, hostility: Double = 0.4) -> [UInt8] {
        chance(hostility) ? text() : Array(value.utf8)
    }

    /// A JSON value: `plausible` (already JSON) most of the time, else a hostile one.
    public mutating func maybeJSON(_ plausible: String, hostility: Double = 0.4) -> [UInt8] {
        chance(hostility) ? jsonValue() : Array(plausible.utf8)
    }
}
