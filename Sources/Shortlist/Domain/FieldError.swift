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
    /// Trims `value`; nil and blank become nil.
    static func optionalText(_ value: String?, field: String, max: Int) throws(FieldError) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
            return nil
        }
        guard trimmed.count <= max else { throw FieldError(field, "must be at most \(max) characters") }
        return trimmed
    }

    /// Trims `value` and requires something to be left.
    static func requiredText(_ value: String?, field: String, max: Int) throws(FieldError) -> String {
        guard let text = try optionalText(value, field: field, max: max) else {
            throw FieldError(field, "is required")
        }
        return text
    }
}
