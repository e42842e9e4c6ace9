import Foundation

/// A date's parts as pages say them, in English whatever the server's locale: "Mon", 7, "Dec",
/// 2026, "15:00". One table of names for every page line that names a day.
struct PlainDate {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    var weekday: String
    var day: Int
    var month: String
    var year: Int
    /// "15:00".
    var time: String

    /// `date` in `zone`; nil only if the calendar gives no parts.
    init?(_ date: Date, zone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute], from: date)
        guard let weekday = parts.weekday, Self.weekdays.indices.contains(weekday - 1), let month = parts.month,
              Self.months.indices.contains(month - 1), let day = parts.day, let year = parts.year,
              let hour = parts.hour, let minute = parts.minute
        else { return nil }
        self.weekday = Self.weekdays[weekday - 1]
        self.day = day
        self.month = Self.months[month - 1]
        self.year = year
        time = String(format: "%02d:%02d", hour, minute)
    }

    /// `date` in UTC.
    init?(utc date: Date) {
        self.init(date, zone: TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current)
    }

    /// "5 Dec 2026".
    var dayMonthYear: String { "\(day) \(month) \(year)" }
}
