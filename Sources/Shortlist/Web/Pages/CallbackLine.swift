import Foundation

/// How pages say when a candidate asked to be called back: "Mon 7 Dec at 15:00" in the zone given
/// (the candidate's own where known), in English whatever the server's locale.
enum CallbackLine {
    static func when(_ date: Date, zone: TimeZone) -> String {
        guard let parts = PlainDate(date, zone: zone) else { return "" }
        return "\(parts.weekday) \(parts.day) \(parts.month) at \(parts.time)"
    }

    /// The candidate page's line.
    static func asked(_ date: Date, zone: TimeZone) -> String {
        "Asked to be called back on \(when(date, zone: zone)) (their time)"
    }
}
