import Foundation

/// What counts as a consent basis (DESIGN §8, "Consent"): the candidate's `consent` note, as the
/// import kept it, holds one when it is not blank. The note is free text ("web form 2026-11-01",
/// "legitimate interest", "verbal"), so an ATS export passes through unchanged; only words that
/// plainly say there is no consent are refused at import, so such a row can never count as one.
public enum ConsentBasis {
    /// Notes refused at import (compared without case or surrounding spaces): they mean "none".
    public static let refusedWords: Set<String> = [
        "no", "n", "none", "false", "0", "-", "n/a", "na", "null", "unknown", "withdrawn", "refused", "declined",
        "revoked", "opted out", "opt-out", "no consent",
    ]

    /// Whether a stored note is a consent basis.
    public static func holds(_ consent: String?) -> Bool {
        guard let consent else { return false }
        return !Check.trim(consent).isEmpty
    }

    /// The same rule in SQL over a column holding the note.
    public static func sqlHolds(_ column: String) -> String {
        "(\(column) IS NOT NULL AND trim(\(column)) <> '')"
    }

    /// A note as the import stores it: trimmed, nil when blank; a word meaning "none" is an error
    /// naming the field, so the row is rejected rather than read as consent.
    public static func validNote(_ raw: String?) throws(FieldError) -> String? {
        guard let note = try Check.optionalText(raw, field: "consent", max: 500) else { return nil }
        if refusedWords.contains(note.lowercased()) {
            throw FieldError("consent", "\"\(note.prefix(20))\" says there is no consent; leave the field empty for a candidate without a consent basis")
        }
        return note
    }

    /// The source kept for a candidate whose import row did not say: how they came in and by whom
    /// ("csv import by ana@example.com", "json import by token:ats").
    public static func defaultSource(format: String, by principal: Principal) -> String {
        "\(format) import by \(principal.label)"
    }
}
