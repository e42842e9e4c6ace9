import Foundation

/// The restore drill's verdict on one backup file: what it checked, in plain words, and every
/// fault it found (none: the file can be restored).
public struct DrillReport: Sendable, Equatable {
    public var lines: [String] = []
    public var faults: [String] = []
    public var ok: Bool { faults.isEmpty }
}

/// Judges the facts read from a backup: the file is sound (`integrity_check`), its schema is one
/// this build knows (older is fine: `serve` migrates it; newer is a fault), and every table holds
/// as many rows as the live database did when the copy was taken.
public enum RestoreDrill {
    public static func judge(_ facts: BackupFacts, knownMigrations: [String]) -> DrillReport {
        var report = DrillReport()
        if let unreadable = facts.unreadable {
            report.faults.append("the file cannot be read as a database: \(unreadable)")
            return report
        }
        report.lines.append("size: \(facts.bytes) bytes")
        checkIntegrity(facts, into: &report)
        // A damaged file's schema and counts say nothing: stop at the first fault.
        guard report.ok else { return report }
        checkSchema(facts, knownMigrations: knownMigrations, into: &report)
        checkCounts(facts, into: &report)
        return report
    }

    static func checkIntegrity(_ facts: BackupFacts, into report: inout DrillReport) {
        if facts.integrity == ["ok"] {
            report.lines.append("integrity check: ok")
        } else {
            let shown = facts.integrity.prefix(3).joined(separator: "; ")
            report.faults.append("the integrity check failed: \(shown.isEmpty ? "no answer" : shown)")
        }
    }

    static func checkSchema(_ facts: BackupFacts, knownMigrations: [String], into report: inout DrillReport) {
        let applied = facts.appliedMigrations
        guard !applied.isEmpty else {
            report.faults.append("no Shortlist schema: the file records no applied migrations")
            return
        }
        let known = Set(knownMigrations)
        let unknown = applied.filter { !known.contains($0) }
        let missing = knownMigrations.filter { !applied.contains($0) }
        if !unknown.isEmpty {
            report.faults.append(
                "the file was made by a newer Shortlist: it has migrations this build does not know (\(unknown.joined(separator: ", "))); restore it with that version")
        } else if !missing.isEmpty {
            report.lines.append(
                "schema: older than this build (\(applied.count) of \(knownMigrations.count) migrations); `shortlist serve` applies the \(missing.count) missing on start (\(missing.joined(separator: ", ")))")
        } else {
            report.lines.append("schema: current (all \(knownMigrations.count) migrations of this build, the last \(knownMigrations.last ?? "none"))")
        }
    }

    static func checkCounts(_ facts: BackupFacts, into report: inout DrillReport) {
        guard let manifest = facts.manifest else {
            report.faults.append("no row counts were recorded in this file when it was taken, so they cannot be compared (was it made by `shortlist backup`?)")
            return
        }
        let found = rowsByTable(facts.counts)
        let recorded = rowsByTable(manifest.counts)
        for expected in manifest.counts {
            guard let rows = found[expected.table] else {
                report.faults.append("table \(expected.table) is missing (it had \(expected.rows) rows when the copy was taken)")
                continue
            }
            if rows != expected.rows {
                report.faults.append("table \(expected.table) has \(rows) rows, but had \(expected.rows) when the copy was taken")
            }
        }
        for extra in facts.counts where recorded[extra.table] == nil {
            report.faults.append("table \(extra.table) was not there when the copy was taken")
        }
        let total = facts.counts.reduce(0) { $0 &+ $1.rows }
        let when = manifest.takenAt.map { " at \(Timestamp.iso8601($0))" } ?? ""
        report.lines.append("rows: \(facts.counts.count) tables, \(total) rows, compared with the live database's counts\(when) (same snapshot as the copy):")
        for count in facts.counts {
            let verdict = recorded[count.table] == count.rows ? "as recorded" : "differs"
            report.lines.append("  \(count.table): \(count.rows) (\(verdict))")
        }
    }

    static func rowsByTable(_ counts: [TableCount]) -> [String: Int] {
        Dictionary(counts.map { ($0.table, $0.rows) }, uniquingKeysWith: { first, _ in first })
    }
}
