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

/// IANA time-zone names: every zone and link of the system's tz database (`tzdata.zi`) that
/// Foundation can use, and ICU's own list. ICU's canonical names lag the tz database
/// (`Asia/Calcutta`, not `Asia/Kolkata`), so its list alone refuses current names.
public enum TimeZoneName {
    private static let icu = Set(TimeZone.knownTimeZoneIdentifiers).union(["UTC"])
    private static let tzdata = tzdataNames()
    /// Whether Foundation can make each tz database name not in ICU's list; a name is tried once.
    private static let usable = Mutex<[String: Bool]>([:])

    /// Set lookups: creating a `TimeZone` reads the zone file, too slow for every imported row.
    public static func isValid(_ name: String) -> Bool {
        if icu.contains(name) { return true }
        guard tzdata.contains(name) else { return false }
        if let verdict = usable.withLock({ $0[name] }) { return verdict }
        let verdict = TimeZone(identifier: name) != nil
        usable.withLock { $0[name] = verdict }  // bounded by the tz database's size
        return verdict
    }

    /// Zone (`Z name …`) and link (`L target name`) names of the tz database that the system's
    /// zoneinfo holds; empty where there is none (ICU's list still applies).
    static func tzdataNames(directory: String = ProcessInfo.processInfo.environment["TZDIR"] ?? "/usr/share/zoneinfo") -> Set<String> {
        guard let text = try? String(contentsOfFile: directory + "/tzdata.zi", encoding: .utf8) else { return [] }
        var names = Set<String>()
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 3)
            if fields.first == "Z", fields.count >= 2 { names.insert(String(fields[1])) }
            if fields.first == "L", fields.count >= 3 { names.insert(String(fields[2])) }
        }
        return names
    }
}
