import Foundation

/// What became of the `callback_at` answer of a call.
public enum CallbackTime: Sendable, Equatable {
    /// The candidate did not ask (no answer, or an empty one).
    case notAsked
    /// They asked, but the answer cannot be acted on.
    case unusable(CallbackProblem)
    /// Call them at this time (UTC), inside their calling hours.
    case at(Date)

    /// The usable time, if any.
    public var date: Date? {
        if case .at(let date) = self { return date }
        return nil
    }
}

public enum CallbackProblem: String, Sendable, Equatable {
    /// Not a date and time in a form we read.
    case unreadable
    /// Earlier than now.
    case past
    /// More than `CallbackRule.horizon` ahead.
    case tooFar = "too_far"
    /// The candidate's calling schedule never opens (or no time zone is known).
    case noCallingTime = "no_calling_time"
}

/// Turns the candidate's `callback_at` answer into the time to call them back (DESIGN §8
/// "Follow-ups"). The answer is read in the candidate's zone (the schedule's: the candidate's own,
/// else the campaign's) as `YYYY-MM-DD HH:MM`, or an ISO form (`2026-12-07T15:00`, seconds and an
/// offset allowed; an explicit offset wins over the zone). The asked time must lie between now and
/// 30 days ahead; it is then moved into the campaign's calling window and days (the window's start
/// on the next allowed day when outside it), which `CallingSchedule` already keeps within
/// 08:00–21:00 local time whatever the campaign says.
public enum CallbackRule {
    /// The longest answer read; anything longer is not a date and time.
    public static let maxAnswerLength = 64
    /// How far ahead a callback may be asked for.
    public static let horizon: TimeInterval = 30 * 86_400

    public static func time(_ answer: String?, schedule: CallingSchedule?, now: Date) -> CallbackTime {
        guard let answer, answer.utf8.count <= maxAnswerLength else {
            return answer == nil ? .notAsked : .unusable(.unreadable)
        }
        let text = answer.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return .notAsked }
        guard let schedule else { return .unusable(.noCallingTime) }
        guard let asked = CallbackText.parse(text, zone: schedule.zone) else { return .unusable(.unreadable) }
        if asked < now { return .unusable(.past) }
        if asked.timeIntervalSince(now) > horizon { return .unusable(.tooFar) }
        guard let opening = schedule.nextOpening(from: asked) else { return .unusable(.noCallingTime) }
        return .at(opening)
    }
}

/// The date-and-time forms `CallbackRule` reads, strictly: ASCII digits in fixed places, every
/// field in range for its month, an offset of at most 18 hours.
enum CallbackText {
    static func parse(_ text: String, zone: TimeZone) -> Date? {
        let bytes = Array(text.utf8)
        // YYYY-MM-DD, then a space or T, then HH:MM.
        guard bytes.count >= 16, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
              bytes[13] == UInt8(ascii: ":"),
              let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let day = number(bytes, 8, 2),
              let hour = number(bytes, 11, 2), let minute = number(bytes, 14, 2)
        else { return nil }
        var rest = bytes[16...]
        var second = 0
        if rest.first == UInt8(ascii: ":") {
            guard rest.count >= 3, let value = number(Array(rest), 1, 2) else { return nil }
            second = value
            rest = rest.dropFirst(3)
            if rest.first == UInt8(ascii: ".") {  // fractions of a second are read and dropped
                rest = rest.dropFirst()
                let digits = rest.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
                guard !digits.isEmpty else { return nil }
                rest = rest.dropFirst(digits.count)
            }
        }
        guard let offsetZone = offset(Array(rest), default: zone) else { return nil }
        guard (2000...2999).contains(year), (1...12).contains(month), (0...23).contains(hour),
              (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = offsetZone
        let parts = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let firstOfMonth = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
              let days = calendar.range(of: .day, in: .month, for: firstOfMonth), days.contains(day)
        else { return nil }
        return calendar.date(from: parts)
    }

    /// `Z`, `±HH:MM` or `±HHMM` as a fixed zone; nothing at all is `zone`; anything else is nil.
    private static func offset(_ bytes: [UInt8], default zone: TimeZone) -> TimeZone? {
        if bytes.isEmpty { return zone }
        if bytes == [UInt8(ascii: "Z")] || bytes == [UInt8(ascii: "z")] { return TimeZone(secondsFromGMT: 0) }
        guard bytes.count == 6 || bytes.count == 5, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-")
        else { return nil }
        let minutesAt = bytes.count == 6 ? 4 : 3
        guard bytes.count == 5 || bytes[3] == UInt8(ascii: ":"),
              let hours = number(bytes, 1, 2), let minutes = number(bytes, minutesAt, 2),
              hours <= 18, minutes < 60
        else { return nil }
        let seconds = (hours * 60 + minutes) * 60
        return TimeZone(secondsFromGMT: bytes[0] == UInt8(ascii: "-") ? -seconds : seconds)
    }

    /// The `count` ASCII digits at `start` as a number (at most 4, so it never overflows).
    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard count <= 4, start >= 0, start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<(start + count)] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
