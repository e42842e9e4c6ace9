import Foundation

/// `2026-11-18T11:06:40Z`: what `Date.formatted(.iso8601)` prints, made without a formatter
/// (about fifty times faster, which shows in a 100,000-row export).
enum Timestamp {
    /// The first and last seconds printable in four digits of year (0001-01-01, 9999-12-31T23:59:59).
    static let printableSeconds: ClosedRange<Double> = -62_135_596_800...253_402_300_799

    /// Times outside `printableSeconds` (or not a number) print as the nearest printable one.
    static func iso8601(_ date: Date) -> String {
        let raw = date.timeIntervalSince1970.rounded(.down)
        var seconds = time_t(raw.isNaN ? 0 : min(max(raw, printableSeconds.lowerBound), printableSeconds.upperBound))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var bytes = [UInt8]()
        bytes.reserveCapacity(20)
        func put(_ value: Int32, width: Int) {
            var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
            var rest = Int(value)
            for index in stride(from: width - 1, through: 0, by: -1) {
                digits[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            bytes += digits
        }
        put(parts.tm_year + 1900, width: 4); bytes.append(UInt8(ascii: "-"))
        put(parts.tm_mon + 1, width: 2); bytes.append(UInt8(ascii: "-"))
        put(parts.tm_mday, width: 2); bytes.append(UInt8(ascii: "T"))
        put(parts.tm_hour, width: 2); bytes.append(UInt8(ascii: ":"))
        put(parts.tm_min, width: 2); bytes.append(UInt8(ascii: ":"))
        put(parts.tm_sec, width: 2); bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
