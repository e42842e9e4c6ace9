import Foundation

/// How pages say when a candidate asked to be called back: "Mon 7 Dec at 15:00" in the zone given
/// (the candidate's own where known), in English whatever the server's locale.
enum CallbackLine {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func when(_ date: Date, zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.weekday, .day, .month, .hour, .minute], from: date)
        guard let weekday = parts.weekday, weekdays.indices.contains(weekday - 1), let month = parts.month,
              months.indices.contains(month - 1), let day = parts.day, let hour = parts.hour, let minute = parts.minute
        else { return "" }
        return "\(weekdays[weekday - 1]) \(day) \(months[month - 1]) at " + String(format: "%02d:%02d", hour, minute)
    }

    /// The candidate page's line.
    static func asked(_ date: Date, zone: TimeZone) -> String {
        "Asked to be called back on \(when(date, zone: zone)) (their time)"
    }
}
