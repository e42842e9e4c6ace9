import Foundation

/// One scheduled backup and its restore drill: when, which file, how big, and whether both
/// passed (else the reason, in plain words). Kept in `app_meta` so it survives restarts.
public struct BackupAttempt: Sendable, Equatable, Codable {
    public var at: Date
    /// The file's name inside `[backup] dir` (nil when no file was written).
    public var file: String?
    public var bytes: Int64?
    public var ok: Bool
    /// Whether the restore drill passed (nil when the copy failed before the drill).
    public var drillOK: Bool?
    public var reason: String?

    public init(at: Date, file: String?, bytes: Int64?, ok: Bool, drillOK: Bool?, reason: String?) {
        self.at = at
        self.file = file
        self.bytes = bytes
        self.ok = ok
        self.drillOK = drillOK
        self.reason = reason
    }
}

/// The last scheduled backup (whatever its outcome) and the last one that passed.
public struct BackupStatus: Sendable, Equatable {
    public var last: BackupAttempt?
    public var lastGood: BackupAttempt?

    public init(last: BackupAttempt? = nil, lastGood: BackupAttempt? = nil) {
        self.last = last
        self.lastGood = lastGood
    }

    /// The admin's notice when the last backup failed, e.g. "The last backup failed at
    /// 5 Dec 2026 03:00 UTC: …"; nil when it passed or none was taken.
    public var failureNotice: String? {
        guard let last, !last.ok else { return nil }
        var text = "The last backup failed at \(Self.plainTime(last.at)): \(last.reason ?? "no reason was recorded")."
        if let good = lastGood {
            text += " The last good backup is \(good.file ?? "unnamed") from \(Self.plainTime(good.at))."
        } else {
            text += " No backup has passed its restore drill yet."
        }
        return text
    }

    /// `5 Dec 2026 03:00 UTC`.
    static func plainTime(_ date: Date) -> String {
        PlainDate(utc: date).map { "\($0.dayMonthYear) \($0.time) UTC" } ?? "an unknown time"
    }
}
