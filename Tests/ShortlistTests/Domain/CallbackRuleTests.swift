import Foundation
import Testing
@testable import Shortlist

@Suite("Callback rule")
struct CallbackRuleTests {
    /// Wednesday 2026-11-18 17:00 UTC: 11:00 in Chicago.
    static let now = Date(timeIntervalSince1970: 1_795_021_200)
    static let weekdays: [Weekday] = [.mon, .tue, .wed, .thu, .fri]

    static func schedule(
        _ zone: String = "America/Chicago", window: String = "09:00-18:00", days: [Weekday] = weekdays
    ) throws -> CallingSchedule {
        CallingSchedule(zone: try #require(TimeZone(identifier: zone)), window: try CallingWindow(parsing: window), days: days)
    }

    static func utc(_ text: String) throws -> Date {
        try #require(try? Date(text, strategy: Date.ISO8601FormatStyle()))
    }

    static func time(_ answer: String?, _ schedule: CallingSchedule?, now: Date = now) -> CallbackTime {
        CallbackRule.time(answer, schedule: schedule, now: now)
    }

    @Test("The forms read: YYYY-MM-DD HH:MM and ISO with or without seconds, in the candidate's zone; an explicit offset wins", arguments: [
        ("2026-11-19 15:00", "2026-11-19T21:00:00Z"),
        ("2026-11-19T15:00", "2026-11-19T21:00:00Z"),
        ("2026-11-19t15:00", "2026-11-19T21:00:00Z"),
        ("  2026-11-19 15:00  ", "2026-11-19T21:00:00Z"),
        ("2026-11-19T15:00:30", "2026-11-19T21:00:30Z"),
        ("2026-11-19T15:00:30.250", "2026-11-19T21:00:30Z"),
        ("2026-11-19T15:00:00-05:00", "2026-11-19T20:00:00Z"),
        ("2026-11-19T15:00-0500", "2026-11-19T20:00:00Z"),
        ("2026-11-19T21:00:00Z", "2026-11-19T21:00:00Z"),
        ("2026-11-19 21:00Z", "2026-11-19T21:00:00Z"),
    ])
    func forms(answer: String, expected: String) throws {
        #expect(Self.time(answer, try Self.schedule()) == .at(try Self.utc(expected)))
    }

    @Test("The answer is read in the candidate's own zone when the schedule is theirs")
    func candidateZone() throws {
        let london = try #require(CallingSchedule(
            candidateZone: "Europe/London", campaignZone: "America/Chicago", window: try CallingWindow(parsing: "09:00-18:00"),
            days: Self.weekdays))
        #expect(Self.time("2026-11-19 15:00", london) == .at(try Self.utc("2026-11-19T15:00:00Z")))
        let fallback = try #require(CallingSchedule(
            candidateZone: "Not/AZone", campaignZone: "America/Chicago", window: try CallingWindow(parsing: "09:00-18:00"),
            days: Self.weekdays))
        #expect(Self.time("2026-11-19 15:00", fallback) == .at(try Self.utc("2026-11-19T21:00:00Z")))
    }

    @Test("A time outside the window moves to the window's start: later the same day, or the next calling day", arguments: [
        ("2026-11-19 07:30", "2026-11-19T15:00:00Z"),  // Thursday, before 09:00 → 09:00 that day
        ("2026-11-19 18:00", "2026-11-20T15:00:00Z"),  // the window's end is not in it → Friday 09:00
        ("2026-11-19 17:59", "2026-11-19T23:59:00Z"),  // the last minute is
        ("2026-11-21 10:00", "2026-11-23T15:00:00Z"),  // Saturday → Monday 09:00
        ("2026-11-18 11:00", "2026-11-18T17:00:00Z"),  // exactly now is not the past
    ])
    func windowClamp(answer: String, expected: String) throws {
        #expect(Self.time(answer, try Self.schedule()) == .at(try Self.utc(expected)))
    }

    @Test("Never before 08:00 or from 21:00 local time, whatever the campaign's window", arguments: [
        ("2026-11-19 07:00", "2026-11-19T14:00:00Z"),  // → 08:00
        ("2026-11-19 20:59", "2026-11-20T02:59:00Z"),  // still inside
        ("2026-11-19 21:00", "2026-11-20T14:00:00Z"),  // → 08:00 the next day
        ("2026-11-21 23:30", "2026-11-22T14:00:00Z"),  // Saturday night → Sunday 08:00
    ])
    func hardBounds(answer: String, expected: String) throws {
        let wide = try Self.schedule(window: "06:00-23:00", days: Weekday.allCases)
        #expect(Self.time(answer, wide) == .at(try Self.utc(expected)))
    }

    @Test("DST: the offset of the asked day is used, on the change day and across it")
    func daylightSaving() throws {
        // Chicago leaves daylight time on Sunday 2026-11-01 at 02:00 (UTC-5 → UTC-6).
        let wednesday = try Self.utc("2026-10-28T15:00:00Z")
        let everyDay = try Self.schedule(window: "09:00-18:00", days: Weekday.allCases)
        #expect(Self.time("2026-10-30 15:00", everyDay, now: wednesday) == .at(try Self.utc("2026-10-30T20:00:00Z")))
        #expect(Self.time("2026-11-01 10:00", everyDay, now: wednesday) == .at(try Self.utc("2026-11-01T16:00:00Z")))
        #expect(Self.time("2026-11-01 01:30", everyDay, now: wednesday) == .at(try Self.utc("2026-11-01T15:00:00Z")))
        #expect(Self.time("2026-11-02 15:00", everyDay, now: wednesday) == .at(try Self.utc("2026-11-02T21:00:00Z")))
        // It enters daylight time on Sunday 2027-03-14: 02:30 does not exist that day; 08:00 is CDT.
        let march = try Self.utc("2027-03-10T15:00:00Z")
        let hours = try Self.schedule(window: "06:00-23:00", days: Weekday.allCases)
        #expect(Self.time("2027-03-14 02:30", hours, now: march) == .at(try Self.utc("2027-03-14T13:00:00Z")))
        #expect(Self.time("2027-03-14 09:00", hours, now: march) == .at(try Self.utc("2027-03-14T14:00:00Z")))
    }

    @Test("The past and more than 30 days ahead are refused")
    func range() throws {
        let schedule = try Self.schedule()
        #expect(Self.time("2026-11-18 10:59", schedule) == .unusable(.past))
        #expect(Self.time("2025-11-19 15:00", schedule) == .unusable(.past))
        #expect(Self.time("2026-12-17 12:00", schedule) == .at(try Self.utc("2026-12-17T18:00:00Z")))
        #expect(Self.time("2026-12-18 11:01", schedule) == .unusable(.tooFar))
        #expect(Self.time("2027-11-19 15:00", schedule) == .unusable(.tooFar))
    }

    @Test("No answer or an empty one is not a request; anything else that is not a date and time is unreadable", arguments: [
        "tomorrow at 3", "2026-13-01 10:00", "2026-02-30 10:00", "2026-11-31 10:00", "2026-11-19 24:00",
        "2026-11-19 15:60", "2026-11-19 15:00:61", "2026-11-19 15:00+19:00", "2026-11-19 15:00+05", "2026-11-19T15:00:00.",
        "2026-11-19 15:00 please", "2026/11/19 15:00", "26-11-19 15:00", "2026-11-19", "１９２６-11-19 15:00",
        "-026-11-19 15:00", "+026-11-19 15:00", "2026-11-19 1500", "1999-11-19 15:00", "2026-11-19\u{0}15:00",
        String(repeating: "9", count: 40), String(repeating: "2026-11-19 15:00", count: 5),
    ])
    func garbage(answer: String) throws {
        #expect(Self.time(answer, try Self.schedule()) == .unusable(.unreadable))
    }

    @Test("Nothing asked: nil, empty or blank")
    func notAsked() throws {
        let schedule = try Self.schedule()
        #expect(Self.time(nil, schedule) == .notAsked)
        #expect(Self.time("", schedule) == .notAsked)
        #expect(Self.time("   ", schedule) == .notAsked)
    }

    @Test("Without a calling schedule, or with one that never opens, a callback has no time")
    func noCallingTime() throws {
        #expect(Self.time("2026-11-19 15:00", nil) == .unusable(.noCallingTime))
        let never = try Self.schedule(days: [])
        #expect(Self.time("2026-11-19 15:00", never) == .unusable(.noCallingTime))
    }
}
