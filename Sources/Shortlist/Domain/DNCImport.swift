import Foundation

/// A do-not-call list from a file: either a CSV with a header naming a `phone` column (and
/// optionally `reason`), or a plain list with one number per line. Numbers go to E.164 with the
/// default country; a row that is not a number is rejected with its reason, a repeat is skipped.
public enum DNCImport {
    public static let maxRows = 100_000
    public static let maxBytes = 10 * 1024 * 1024

    public struct Entry: Sendable, Equatable {
        public var phone: String
        public var reason: String
    }

    public struct Plan: Sendable, Equatable {
        public var entries: [Entry] = []
        public var rejected: [ImportIssue] = []
        public var repeats = 0
    }

    public static func plan(_ records: [CSVRecord], defaultCountry: String) throws(FieldError) -> Plan {
        guard let first = records.first else { throw FieldError("file", "is empty") }
        let header = first.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let phoneColumn = header.firstIndex(of: "phone")
        let reasonColumn = header.firstIndex(of: "reason")
        let rows = phoneColumn == nil ? records : Array(records.dropFirst())
        guard rows.count <= maxRows else { throw FieldError("file", "\(rows.count) rows; an import takes at most \(maxRows)") }
        var plan = Plan()
        var seen = Set<String>()
        for record in rows {
            let raw = record.fields.indices.contains(phoneColumn ?? 0) ? record.fields[phoneColumn ?? 0] : ""
            if raw.trimmingCharacters(in: .whitespaces).isEmpty, record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                continue  // a blank line
            }
            switch PhoneNumber.normalize(raw, defaultCountry: defaultCountry) {
            case .failure(let error):
                plan.rejected.append(ImportIssue(row: record.number, field: "phone", reason: error.reason))
            case .success(let number):
                guard seen.insert(number.e164).inserted else { plan.repeats += 1; continue }
                let reason = reasonColumn.flatMap { record.fields.indices.contains($0) ? record.fields[$0] : nil } ?? ""
                plan.entries.append(Entry(phone: number.e164, reason: String(reason.trimmingCharacters(in: .whitespaces).prefix(500))))
            }
        }
        return plan
    }
}
