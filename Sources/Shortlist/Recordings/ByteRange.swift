import Foundation

/// What a `Range` header asks of a body of `length` bytes (RFC 9110 §14): one range of bytes
/// (`a-b`, `a-`, `-n`), or none. Several ranges, another unit or a malformed value are ignored
/// (the whole body is sent), as the RFC allows; a range that starts past the end cannot be
/// satisfied (416).
public enum ByteRange: Equatable, Sendable {
    case whole
    case part(Range<Int>)
    case unsatisfiable

    public static func parse(_ header: String?, length: Int) -> ByteRange {
        guard let header, header.hasPrefix("bytes=") else { return .whole }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[..<dash], last = spec[spec.index(after: dash)...]
        if first.isEmpty {
            guard let count = number(last) else { return .whole }
            guard count > 0, length > 0 else { return .unsatisfiable }
            return .part(max(0, length - count)..<length)
        }
        guard let start = number(first) else { return .whole }
        if last.isEmpty {
            return start < length ? .part(start..<length) : .unsatisfiable
        }
        guard let end = number(last), end >= start else { return .whole }
        guard start < length else { return .unsatisfiable }
        return .part(start..<(min(end, length - 1) + 1))
    }

    /// Digits only (no sign, no spaces), and small enough for an Int.
    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(text)
    }
}
