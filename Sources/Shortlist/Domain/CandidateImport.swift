import Foundation

/// One candidate row as it came in (a CSV record or a JSON object), before validation.
public struct CandidateFields: Sendable, Equatable {
    public var fullName: String?
    public var phone: String?
    public var email: String?
    public var timezone: String?
    public var externalID: String?
    public var consent: String?
    public var source: String?
    /// Extra columns, kept with the candidate.
    public var attributes: [String: String]

    public init(
        fullName: String? = nil, phone: String? = nil, email: String? = nil, timezone: String? = nil,
        externalID: String? = nil, consent: String? = nil, source: String? = nil, attributes: [String: String] = [:]
    ) {
        self.fullName = fullName
        self.phone = phone
        self.email = email
        self.timezone = timezone
        self.externalID = externalID
        self.consent = consent
        self.source = source
        self.attributes = attributes
    }
}

/// A valid candidate row, ready to store.
public struct CandidateDraft: Sendable, Equatable {
    /// 1-based row number in what the client sent (CSV: the header is row 1).
    public var row: Int
    public var fullName: String
    /// E.164.
    public var phone: String
    public var email: String?
    public var timezone: String?
    public var externalID: String?
    public var consent: String?
    public var source: String?
    public var attributes: [String: String]
}

/// A row that was not imported, and why. `field` names the column at fault when there is one.
public struct ImportIssue: Sendable, Equatable, Codable {
    public var row: Int
    public var field: String?
    public var reason: String

    public init(row: Int, field: String?, reason: String) {
        self.row = row
        self.field = field
        self.reason = reason
    }
}

/// What validation made of an upload: rows to store, rows rejected, rows repeating an earlier one.
public struct ImportPlan: Sendable, Equatable {
    public var drafts: [CandidateDraft] = []
    public var rejected: [ImportIssue] = []
    public var duplicates: [ImportIssue] = []
}

/// The rules of a candidate import (DESIGN §1): required name and phone, phones to E.164 with
/// the default country, the first of two rows with one phone wins.
public enum CandidateImport {
    public static let maxBytes = 10 * 1024 * 1024
    public static let maxRows = 100_000
    /// Columns the import understands; any other column becomes an attribute.
    public static let knownColumns = ["full_name", "phone", "email", "timezone", "external_id", "consent", "source"]

    public static func plan(_ rows: [(row: Int, fields: CandidateFields)], defaultCountry: String) -> ImportPlan {
        var plan = ImportPlan()
        var firstRowByPhone: [String: Int] = [:]
        plan.drafts.reserveCapacity(rows.count)
        for (row, fields) in rows {
            do {
                let draft = try validate(fields, row: row, defaultCountry: defaultCountry)
                if let first = firstRowByPhone[draft.phone] {
                    plan.duplicates.append(.init(row: row, field: "phone", reason: "same phone as row \(first)"))
                    continue
                }
                firstRowByPhone[draft.phone] = row
                plan.drafts.append(draft)
            } catch {
                plan.rejected.append(.init(row: row, field: error.field, reason: error.message))
            }
        }
        return plan
    }

    static func validate(_ fields: CandidateFields, row: Int, defaultCountry: String) throws(FieldError) -> CandidateDraft {
        let name = try Check.requiredText(fields.fullName, field: "full_name", max: 200)
        guard let rawPhone = fields.phone, !Check.trim(rawPhone).isEmpty else {
            throw FieldError("phone", "is required")
        }
        let phone: String
        switch PhoneNumber.normalize(rawPhone, defaultCountry: defaultCountry) {
        case .success(let number): phone = number.e164
        case .failure(let error): throw FieldError("phone", error.reason)
        }
        let email = try Check.optionalText(fields.email, field: "email", max: 254)
        if let email, !isPlausibleEmail(email) { throw FieldError("email", "is not an email address") }
        let zone = try Check.optionalText(fields.timezone, field: "timezone", max: 64)
        if let zone, !TimeZoneName.isValid(zone) {
            throw FieldError("timezone", "\"\(zone)\" is not an IANA time zone (e.g. America/Chicago)")
        }
        var attributes: [String: String] = [:]
        for (key, value) in fields.attributes {
            guard key.count <= 64 else { throw FieldError(String(key.prefix(64)), "column names are at most 64 characters") }
            guard value.count <= 2_000 else { throw FieldError(key, "must be at most 2000 characters") }
            attributes[key] = value
        }
        return CandidateDraft(
            row: row, fullName: name, phone: phone, email: email, timezone: zone,
            externalID: try Check.optionalText(fields.externalID, field: "external_id", max: 200),
            consent: try ConsentBasis.validNote(fields.consent),
            source: try Check.optionalText(fields.source, field: "source", max: 200),
            attributes: attributes
        )
    }

    static func isPlausibleEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains(Character(".")),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
        else { return false }
        return !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0 == "," || $0 == ";" })
    }
}

extension CandidateImport {
    /// Plans a CSV upload: the first record is the header, which needs `full_name` and `phone`
    /// in any order and case; repeated or blank column names are errors. A record whose field count
    /// differs from the header's is rejected.
    public static func plan(csv records: [CSVRecord], defaultCountry: String) throws(FieldError) -> ImportPlan {
        guard let header = records.first else { throw FieldError("header", "the file is empty: it needs a header row") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var seen = Set<String>()
        for (index, name) in names.enumerated() {
            guard !name.isEmpty else { throw FieldError("header", "column \(index + 1) has no name") }
            guard seen.insert(name).inserted else { throw FieldError("header", "column \"\(name)\" appears twice") }
        }
        let missing = ["full_name", "phone"].filter { !seen.contains($0) }
        guard missing.isEmpty else {
            throw FieldError("header", "missing column(s) \(missing.joined(separator: ", ")); the header is \(knownColumns.joined(separator: ","))")
        }
        var rows: [(row: Int, fields: CandidateFields)] = []
        var misshapen: [ImportIssue] = []
        rows.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                misshapen.append(ImportIssue(
                    row: record.number, field: nil,
                    reason: "has \(record.fields.count) fields; the header has \(names.count)"))
                continue
            }
            rows.append((record.number, fields(from: record.fields, names: names)))
        }
        var result = plan(rows, defaultCountry: defaultCountry)
        if !misshapen.isEmpty {
            result.rejected = (result.rejected + misshapen).sorted { $0.row < $1.row }
        }
        return result
    }

    private static func fields(from values: [String], names: [String]) -> CandidateFields {
        var fields = CandidateFields()
        for (index, name) in names.enumerated() { fields.set(values[index], column: name) }
        return fields
    }
}

extension CandidateFields {
    /// Puts a column's value where it belongs: a known column, or an attribute when not blank.
    public mutating func set(_ value: String?, column name: String) {
        switch name {
        case "full_name": fullName = value
        case "phone": phone = value
        case "email": email = value
        case "timezone": timezone = value
        case "external_id": externalID = value
        case "consent": consent = value
        case "source": source = value
        default: if let value, !value.isEmpty { attributes[name] = value }
        }
    }
}
