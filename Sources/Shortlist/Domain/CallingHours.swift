import Foundation
import Synchronization

/// A day of the week as campaigns and the config spell it (`mon` … `sun`).
public enum Weekday: String, Sendable, CaseIterable, Codable, Comparable {
    case mon, tue, wed, thu, fri, sat, sun

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses a list of day names: known, non-empty, no repeats. Returns them in week order.
    public static func parseList(_ names: [String]) -> Result<[Weekday], DomainError> {
        guard !names.isEmpty else { return .failure(.invalid("must name at least one day")) }
        var days: [Weekday] = []
        for name in names {
            guard let day = Weekday(rawValue: name.lowercased()) else {
                return .failure(.invalid("\"\(name)\" is not a day (use mon, tue, wed, thu, fri, sat, sun)"))
            }
            guard !days.contains(day) else { return .failure(.invalid("\"\(name)\" is listed twice")) }
            days.append(day)
        }
        return .success(days.sorted())
    }
}

/// A wall-clock time of day, stored as minutes after midnight (0…1440; 1440 is "24:00", an end only).
public struct LocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let minutes: Int

    public init?(minutes: Int) {
        guard (0...1440).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// Parses `HH:MM` (two digits each, 00:00 … 24:00).
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let hours = Int(parts[0]), let mins = Int(parts[1]),
              hours <= 24, mins < 60, hours * 60 + mins <= 1440
        else { return nil }
        self.minutes = hours * 60 + mins
    }

    public var description: String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minutes < rhs.minutes }
}

/// The hours a campaign may call in, in local time: `start` inclusive, `end` exclusive.
public struct CallingWindow: Sendable, Hashable, CustomStringConvertible {
    public let start: LocalTime
    public let end: LocalTime

    public init(start: LocalTime, end: LocalTime) throws(DomainError) {
        guard start < end else {
            throw .invalid("window start \(start) must be before its end \(end)")
        }
        self.start = start
        self.end = end
    }

    /// Parses `"09:00-18:00"` as the config writes it.
    public init(parsing text: String) throws(DomainError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let start = LocalTime(parsing: String(parts[0]).trimmingCharacters(in: .whitespaces)),
              let end = LocalTime(parsing: String(parts[1]).trimmingCharacters(in: .whitespaces))
        else { throw .invalid("\"\(text)\" is not a window like \"09:00-18:00\"") }
        try self.init(start: start, end: end)
    }

    public var description: String { "\(start)-\(end)" }
}

/// IANA time-zone names: every name the system's tz database has that Foundation can use.
/// `knownTimeZoneIdentifiers` comes from ICU, whose canonical names lag the tz database
/// (`Asia/Calcutta`, not `Asia/Kolkata`), so a name outside it is tried as a zone once and the
/// verdict kept (at most `cacheLimit` names, so hostile input cannot grow the cache).
public enum TimeZoneName {
    private static let known = Set(TimeZone.knownTimeZoneIdentifiers).union(["UTC"])
    private static let verdicts = Mutex<[String: Bool]>([:])
    static let cacheLimit = 1_024

    /// A set lookup first: creating a `TimeZone` reads the zone file, too slow for every imported row.
    public static func isValid(_ name: String) -> Bool {
        if known.contains(name) { return true }
        guard (1...64).contains(name.utf8.count), name.utf8.allSatisfy(isNameByte) else { return false }
        if let verdict = verdicts.withLock({ $0[name] }) { return verdict }
        let verdict = TimeZone(identifier: name) != nil
        verdicts.withLock { cache in
            if cache.count < cacheLimit { cache[name] = verdict }
        }
        return verdict
    }

    /// Letters, digits and `/ _ + -`: what tz database names are made of.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "_"),
             UInt8(ascii: "+"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
