import Foundation

/// JSON text for stored columns: sorted keys and unescaped slashes, so the same value always gives
/// the same bytes.
enum CanonicalJSON {
    static func string<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}
