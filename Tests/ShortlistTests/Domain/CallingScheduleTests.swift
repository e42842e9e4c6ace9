import Foundation
import Testing
@testable import Shortlist

@Suite("Calling schedule")
struct CallingScheduleTests {
    static let weekdays: [Weekday] = [.mon, .tue, .wed, .thu, .fri]

    static func schedule(_ zone: String, _ window: String, days: [Weekday] = weekdays) throws -> CallingSchedule {
        CallingSchedule(zone: try #require(TimeZone(identifier: zone)), window: try CallingWindow(parsing: window), days: days)
    }

    static func utc(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text))
    }

    @Test("A campaign window wider than 08:00–21:00 is clipped to it, edges included and excluded exactly",
          arguments: [
            ("2026-11-18T13:59:59Z", false),  // 07:59:59 in Chicago
            ("2026-11-18T14:00:00Z", true),  // 08:00
            ("2026-11-19T02:59:59Z", true),  // 20:59:59
            ("2026-11-19T03:00:00Z", false),  // 21:00
          ])
    func floor(_ instant: String, _ open: Bool) throws {
        let schedule = try Self.schedule("America/Chicago", "06:00-23:30")
        #expect(schedule.startMinutes == 8 * 60)
        #expect(schedule.endMinutes == 21 * 60)
        #expect(schedule.isOpen(at: try Self.utc(instant)) == open)
    }

    @Test("The same instant is inside the window in one zone and outside in others")
    func zones() throws {
        let instant = try Self.utc("2026-11-18T17:00:00Z")  // a Wednesday
        #expect(try Self.schedule("America/Chicago", "09:00-18:00").isOpen(at: instant))  // 11:00
        #expect(try Self.schedule("Europe/London", "09:00-18:00").isOpen(at: instant))  // 17:00
        #expect(!(try Self.schedule("Asia/Tokyo", "09:00-18:00").isOpen(at: instant)))  // 02:00 Thursday
        #expect(!(try Self.schedule("Australia/Sydney", "09:00-18:00").isOpen(at: instant)))  // 04:00 Thursday
        #expect(!(try Self.schedule("America/Los_Angeles", "10:00-18:00").isOpen(at: instant)))  // 09:00
    }

    @Test("On the spring-forward day the window follows local time, not a fixed UTC offset")
    func springForward() throws {
        // New York moves from UTC-5 to UTC-4 at 02:00 on Sunday 2026-03-08.
        let schedule = try Self.schedule("America/New_York", "08:00-20:00", days: Weekday.allCases)
        #expect(!(try schedule.isOpen(at: Self.utc("2026-03-07T12:59:00Z"))))  // Saturday 07:59 EST
        #expect(try schedule.isOpen(at: Self.utc("2026-03-07T13:00:00Z")))  // Saturday 08:00 EST
        #expect(!(try schedule.isOpen(at: Self.utc("2026-03-08T11:59:00Z"))))  // Sunday 07:59 EDT
        #expect(try schedule.isOpen(at: Self.utc("2026-03-08T12:00:00Z")))  // Sunday 08:00 EDT
        // From Saturday night the next opening is Sunday 08:00 EDT = 12:00 UTC, not 13:00.
        #expect(try schedule.nextOpening(from: Self.utc("2026-03-08T02:00:00Z")) == Self.utc("2026-03-08T12:00:00Z"))
    }

    @Test("On the autumn change day in Sydney the opening is at 08:00 AEST")
    func sydneyAutumn() throws {
        // Sydney leaves daylight time (UTC+11 → UTC+10) at 03:00 on Sunday 2026-04-05.
        let schedule = try Self.schedule("Australia/Sydney", "09:00-17:00", days: Weekday.allCases)
        #expect(try schedule.nextOpening(from: Self.utc("2026-04-04T12:00:00Z")) == Self.utc("2026-04-04T23:00:00Z"))
    }

    @Test("After hours on Friday the next opening is Monday morning; inside the window it is now")
    func nextOpening() throws {
        let schedule = try Self.schedule("America/Chicago", "09:00-18:00")
        let fridayEvening = try Self.utc("2026-11-21T00:30:00Z")  // Friday 18:30 CST
        #expect(try schedule.nextOpening(from: fridayEvening) == Self.utc("2026-11-23T15:00:00Z"))  // Monday 09:00
        let wednesdayMorning = try Self.utc("2026-11-18T14:30:00Z")  // 08:30, before 09:00
        #expect(try schedule.nextOpening(from: wednesdayMorning) == Self.utc("2026-11-18T15:00:00Z"))
        let inside = try Self.utc("2026-11-18T17:00:00Z")
        #expect(schedule.nextOpening(from: inside) == inside)
    }

    @Test("A window entirely outside 08:00–21:00 never opens")
    func neverOpens() throws {
        let schedule = try Self.schedule("America/Chicago", "21:00-23:00")
        #expect(!schedule.everOpens)
        #expect(schedule.nextOpening(from: try Self.utc("2026-11-18T17:00:00Z")) == nil)
    }

    @Test("A candidate's own zone wins over the campaign's; an unknown zone falls back to the campaign's")
    func zoneChoice() throws {
        let window = try CallingWindow(parsing: "09:00-18:00")
        let own = try #require(CallingSchedule(candidateZone: "Asia/Tokyo", campaignZone: "America/Chicago", window: window, days: Self.weekdays))
        #expect(own.zone.identifier == "Asia/Tokyo")
        let fallback = try #require(CallingSchedule(candidateZone: "Mars/Olympus", campaignZone: "America/Chicago", window: window, days: Self.weekdays))
        #expect(fallback.zone.identifier == "America/Chicago")
    }
}
