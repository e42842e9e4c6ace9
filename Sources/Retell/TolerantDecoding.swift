import Foundation

/// Tolerant reads for Retell's responses and webhooks: a missing, null or oddly typed optional
/// field becomes nil instead of failing the whole object, and numbers are accepted where whole
/// numbers are expected (`"duration_ms": 12345.0`) or as numeric strings. Only the fields an
/// object cannot be without (an id, a status) are required.
extension KeyedDecodingContainer {
    /// The JSON value at `key`; nil when it is missing, null or not JSON.
    func lenientJSON(_ key: Key) -> RetellJSON? {
        guard let value = try? decodeIfPresent(RetellJSON.self, forKey: key), value != .null else { return nil }
        return value
    }

    /// A string, or a number rendered as text.
    func lenientString(_ key: Key) -> String? {
        switch lenientJSON(key) {
        case .string(let text): text
        case .number(let value)?: RetellJSON.number(value).stringValue
        default: nil
        }
    }

    func lenientDouble(_ key: Key) -> Double? {
        lenientJSON(key)?.numberValue
    }

    func lenientInt64(_ key: Key) -> Int64? {
        lenientDouble(key).flatMap { Int64(exactly: $0.rounded()) }
    }

    func lenientInt(_ key: Key) -> Int? {
        lenientDouble(key).flatMap { Int(exactly: $0.rounded()) }
    }

    func lenientBool(_ key: Key) -> Bool? {
        lenientJSON(key)?.boolValue
    }

    /// An object of any values, kept as they came.
    func lenientObject(_ key: Key) -> [String: RetellJSON]? {
        lenientJSON(key)?.objectValue
    }

    /// An object whose values should be strings (dynamic variables); other scalars become text,
    /// nulls and nested values are dropped.
    func lenientStringMap(_ key: Key) -> [String: String]? {
        guard let object = lenientObject(key) else { return nil }
        return object.compactMapValues { value in
            switch value {
            case .string, .number, .bool: value.stringValue
            case .null, .array, .object: nil
            }
        }
    }

    /// A nested value; nil when it is missing or does not decode.
    func lenient<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        (try? decodeIfPresent(type, forKey: key)) ?? nil
    }

    /// A list whose elements decode one by one: an element that does not decode is skipped.
    func lenientArray<T: Decodable>(_ type: T.Type, _ key: Key) -> [T]? {
        guard let items = try? decodeIfPresent([Lenient<T>].self, forKey: key) else { return nil }
        return items.compactMap(\.value)
    }

    /// A list of strings; non-string scalars become text.
    func lenientStrings(_ key: Key) -> [String]? {
        lenientJSON(key)?.arrayValue?.compactMap(\.stringValue)
    }

    /// A field the object cannot be without: a string (or a number as text), else an error.
    func requiredString(_ key: Key) throws -> String {
        if let text = lenientString(key) { return text }
        if contains(key) {
            throw DecodingError.typeMismatch(String.self, .init(
                codingPath: codingPath + [key], debugDescription: "Expected a string for \"\(key.stringValue)\""))
        }
        throw DecodingError.keyNotFound(key, .init(
            codingPath: codingPath, debugDescription: "Missing \"\(key.stringValue)\""))
    }

    /// A whole number the object cannot be without.
    func requiredInt(_ key: Key) throws -> Int {
        if let value = lenientInt(key) { return value }
        throw DecodingError.keyNotFound(key, .init(
            codingPath: codingPath, debugDescription: "Missing or non-numeric \"\(key.stringValue)\""))
    }
}

/// One element of a list that is skipped, not fatal, when it does not decode.
struct Lenient<T: Decodable>: Decodable {
    let value: T?

    init(from decoder: any Decoder) throws {
        value = try? T(from: decoder)
    }
}
