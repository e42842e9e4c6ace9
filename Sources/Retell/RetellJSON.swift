import Foundation

/// Any JSON value, kept exactly as it came: used for `metadata` and `custom_analysis_data`,
/// whose values Retell does not type (API.md §3: a boolean may arrive as `true` or `"true"`).
public enum RetellJSON: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([RetellJSON])
    case object([String: RetellJSON])
}

extension RetellJSON: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([RetellJSON].self) {
            self = .array(array)
        } else if let object = try? container.decode([String: RetellJSON].self) {
            self = .object(object)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Not a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            // Whole numbers go out without a fraction ("attempt": 1, not 1.0).
            if let whole = Int64(exactly: value) { try container.encode(whole) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

// MARK: - Reading values whatever their JSON type

extension RetellJSON {
    /// The text of a string; numbers and booleans rendered as text (`42000` → "42000"); nil otherwise.
    public var stringValue: String? {
        switch self {
        case .string(let value): value
        case .number(let value): Int64(exactly: value).map(String.init) ?? String(value)
        case .bool(let value): value ? "true" : "false"
        case .null, .array, .object: nil
        }
    }

    /// `true`/`false`, or the strings "true"/"yes"/"y"/"1" and "false"/"no"/"n"/"0" (any case,
    /// trimmed), or the numbers 1 and 0. Anything else is nil: a missing answer is not "false".
    public var boolValue: Bool? {
        switch self {
        case .bool(let value):
            return value
        case .string(let text):
            switch text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
            case "true", "yes", "y", "1": return true
            case "false", "no", "n", "0": return false
            default: return nil
            }
        case .number(let value):
            return value == 1 ? true : value == 0 ? false : nil
        case .null, .array, .object:
            return nil
        }
    }

    /// A number, or a string holding one (`42000`, `"42000"`, `" 42,000 "`, `"0.8"`); nil otherwise.
    public var numberValue: Double? {
        switch self {
        case .number(let value):
            return value
        case .string(let text):
            let cleaned = text.trimmingCharacters(in: .whitespacesAndNewlines)
                .replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")
            guard !cleaned.isEmpty, let value = Double(cleaned), value.isFinite else { return nil }
            return value
        case .null, .bool, .array, .object:
            return nil
        }
    }

    /// `numberValue` rounded to the nearest whole number, when it fits in an `Int`.
    public var intValue: Int? {
        guard let number = numberValue else { return nil }
        return Int(exactly: number.rounded())
    }

    public var arrayValue: [RetellJSON]? {
        if case .array(let value) = self { value } else { nil }
    }

    public var objectValue: [String: RetellJSON]? {
        if case .object(let value) = self { value } else { nil }
    }

    public var isNull: Bool { self == .null }

    /// The member `key` of an object; nil for a missing key or a non-object.
    public subscript(key: String) -> RetellJSON? {
        objectValue?[key]
    }
}

// MARK: - Literals, so metadata reads naturally: `["attempt": 1, "campaign_id": "…"]`

extension RetellJSON: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: RetellJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, RetellJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
