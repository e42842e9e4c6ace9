import Foundation

/// When one candidate may be dialled: the campaign's window and days in the candidate's time zone
/// (else the campaign's), and never before 08:00 or from 21:00 local time, whatever the campaign
/// says (DESIGN §5a). Local times go through the zone's calendar, so DST change days are right.
public struct CallingSchedule: Sendable {
    /// The floor every campaign window is clipped to, in minutes after local midnight.
    public static let earliestMinutes = 8 * 60
    public static let latestMinutes = 21 * 60

    public let zone: TimeZone
    /// The window actually used: the campaign's, clipped to 08:00–21:00 (start inclusive, end exclusive).
    public let startMinutes: Int
    public let endMinutes: Int
    public let days: Set<Weekday>
    private let calendar: Calendar

    public init(zone: TimeZone, window: CallingWindow, days: some Sequence<Weekday>) {
        self.zone = zone
        self.startMinutes = max(window.start.minutes, Self.earliestMinutes)
        self.endMinutes = min(window.end.minutes, Self.latestMinutes)
        self.days = Set(days)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.calendar = calendar
    }

    /// The schedule for a candidate with `candidateZone` (an IANA name, possibly nil or unknown)
    /// in a campaign whose zone is `campaignZone`; nil when neither zone is known.
    public init?(candidateZone: String?, campaignZone: String, window: CallingWindow, days: some Sequence<Weekday>) {
        guard let zone = candidateZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: campaignZone) else {
            return nil
        }
        self.init(zone: zone, window: window, days: days)
    }

    /// The schedule of a campaign stored as minutes after local midnight; nil when the stored
    /// window is not a valid one or neither zone is known.
    public init?(
        candidateZone: String?, campaignZone: String, windowStartMinutes: Int, windowEndMinutes: Int, days: [Weekday]
    ) {
        guard let start = LocalTime(minutes: windowStartMinutes), let end = LocalTime(minutes: windowEndMinutes),
              let window = try? CallingWindow(start: start, end: end)
        else { return nil }
        self.init(candidateZone: candidateZone, campaignZone: campaignZone, window: window, days: days)
    }

    /// False when the clipped window is empty or no day is allowed: such a schedule never opens.
    public var everOpens: Bool { startMinutes < endMinutes && !days.isEmpty }

    public func isOpen(at date: Date) -> Bool {
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        guard let weekday = parts.weekday, let hour = parts.hour, let minute = parts.minute,
              days.contains(Self.weekday(weekday))
        else { return false }
        let minutes = hour * 60 + minute
        return minutes >= startMinutes && minutes < endMinutes
    }

    /// `date` itself when the window is open then, else the next time it opens (nil: never).
    public func nextOpening(from date: Date) -> Date? {
        guard everOpens else { return nil }
        if isOpen(at: date) { return date }
        let today = calendar.startOfDay(for: date)
        for offset in 0...7 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: today),
                  let weekday = calendar.dateComponents([.weekday], from: day).weekday,
                  days.contains(Self.weekday(weekday)),
                  let opening = calendar.date(
                      bySettingHour: startMinutes / 60, minute: startMinutes % 60, second: 0, of: day)
            else { continue }
            if opening > date { return opening }
        }
        return nil
    }

    /// Calendar weekdays run 1 (Sunday) … 7 (Saturday).
    static func weekday(_ calendarWeekday: Int) -> Weekday {
        [Weekday.sun, .mon, .tue, .wed, .thu, .fri, .sat][(calendarWeekday - 1) % 7]
    }
}
