import Foundation

/// A candidate list as uploaded, JSON rows or a CSV file, turned into an `ImportPlan`: the rows to
/// import, the duplicates and the rejected rows with their reasons. The API's import and the
/// campaign page's upload both go through here, so a file is judged the same by either door.
enum CandidateUpload {
    /// Parses and validates an upload (CPU work: run it through `Offload`).
    static func plan(_ data: Data, format: String, country: String) throws -> ImportPlan {
        if format == "csv" {
            let records: [CSVRecord]
            do {
                records = try CSVParser.parse(data, maxRecords: CandidateImport.maxRows + 1)  // + the header
            } catch .tooManyRecords {
                throw APIError.tooLarge("more than \(CandidateImport.maxRows) rows; an import takes at most \(CandidateImport.maxRows)")
            } catch {
                throw APIError.invalid(FieldError("body", error.message))
            }
            try checkRowCount(records.count - 1)
            return try CandidateImport.plan(csv: records, defaultCountry: country)
        }
        let rows = try RequestBody.decode([CandidateJSONRow].self, from: data)
        try checkRowCount(rows.count)
        var valid: [(row: Int, fields: CandidateFields)] = []
        var rejected: [ImportIssue] = []
        for (index, row) in rows.enumerated() {
            if let problem = row.problem {
                rejected.append(ImportIssue(row: index + 1, field: problem.field, reason: problem.message))
            } else {
                valid.append((index + 1, row.fields))
            }
        }
        var plan = CandidateImport.plan(valid, defaultCountry: country)
        if !rejected.isEmpty { plan.rejected = (plan.rejected + rejected).sorted { $0.row < $1.row } }
        return plan
    }

    private static func checkRowCount(_ count: Int) throws {
        guard count <= CandidateImport.maxRows else {
            throw APIError.tooLarge("\(count) rows; an import takes at most \(CandidateImport.maxRows)")
        }
    }
}
