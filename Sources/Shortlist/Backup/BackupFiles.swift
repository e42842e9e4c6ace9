import Foundation

/// The scheduled backups' file names, `shortlist-20261205-030000Z.sqlite` (UTC; sorting by name
/// sorts by time), and pruning: only files with that exact pattern are ever deleted.
public enum BackupFiles {
    public static func name(for date: Date) -> String {
        let stamp = Timestamp.iso8601(date).filter { $0.isNumber || $0 == "T" || $0 == "Z" }
        // 20261205T030000Z → 20261205-030000Z
        return "shortlist-" + stamp.replacingOccurrences(of: "T", with: "-") + ".sqlite"
    }

    /// Whether `name` is one of the schedule's own files.
    public static func isScheduled(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        let prefix = Array("shortlist-".utf8), suffix = Array("Z.sqlite".utf8)
        guard bytes.count == prefix.count + 15 + suffix.count,
              bytes.starts(with: prefix), bytes.suffix(suffix.count).elementsEqual(suffix) else { return false }
        let stamp = bytes[prefix.count..<(prefix.count + 15)]
        return stamp.enumerated().allSatisfy { index, byte in
            index == 8 ? byte == UInt8(ascii: "-") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }

    /// Of the names in a folder, the scheduled backups to delete so that the newest `keep` remain,
    /// and the `….partial` files a stopped daemon left of its own (pruning runs after a backup
    /// finished, so none of them is being written).
    public static func toPrune(_ names: [String], keep: Int) -> [String] {
        let ours = names.filter(isScheduled).sorted()
        let leftovers = names.filter { $0.hasSuffix(".partial") && isScheduled(String($0.dropLast(".partial".count))) }
        return Array(ours.dropLast(max(keep, 0))) + leftovers.sorted()
    }
}
