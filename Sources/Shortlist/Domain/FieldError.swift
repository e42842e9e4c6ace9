/// An input that failed validation: which field (as the client spelled it, e.g.
/// `targets[2].key` or `calling.window_start`) and why. The API answers it as 422.
public struct FieldError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// Small checks shared by the input validators.
enum Check {
    /// Trims `value`; nil and blank become nil. A NUL character is refused: SQLite's `length()`
    /// stops at it, so the store's non-empty checks would fail on it.
    static func optionalText(_ value: String?, field: String, max: Int) throws(FieldError) -> String? {
        guard let value else { return nil }
        guard !value.utf8.contains(0) else { throw FieldError(field, "must not contain a NUL (zero) character") }
        let trimmed = trim(value)
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.count <= max else { throw FieldError(field, "must be at most \(max) characters") }
        return trimmed
    }

    /// `text` without white space (and line breaks) at either end. Pure Swift: the import calls
    /// this for every field of up to 100,000 rows, and Foundation's version bridges through NSString.
    static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    /// Trims `value` and requires something to be left.
    static func requiredText(_ value: String?, field: String, max: Int) throws(FieldError) -> String {
        guard let text = try optionalText(value, field: field, max: max) else {
            throw FieldError(field, "is required")
        }
        return text
    }
}
