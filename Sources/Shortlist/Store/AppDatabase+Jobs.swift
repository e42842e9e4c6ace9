import Foundation
import GRDB

extension AppDatabase {
    public func createJob(_ spec: JobSpec, by principal: Principal) async throws -> JobRecord {
        let now = clock.now()
        let job = JobRecord(
            id: ids.next(), company: spec.company, title: spec.title, location: spec.location,
            salaryRange: spec.salaryRange, employmentType: spec.employmentType, description: spec.description,
            createdBy: principal.label, createdAt: now, updatedAt: now)
        return try await writer.write { db in
            try job.insert(db)
            try audit(db, principal, "job.create", subjectType: "job", subjectID: job.id, detail: ["title": job.title])
            return job
        }
    }

    /// Replaces the job's fields in one transaction with its audit row.
    public func updateJob(id: String, _ spec: JobSpec, by principal: Principal) async throws -> JobRecord {
        let now = clock.now()
        return try await writer.write { db in
            guard var job = try JobRecord.fetchOne(db, key: id) else { throw StoreError.notFound(entity: "job", id: id) }
            job.company = spec.company
            job.title = spec.title
            job.location = spec.location
            job.salaryRange = spec.salaryRange
            job.employmentType = spec.employmentType
            job.description = spec.description
            job.updatedAt = now
            try job.update(db)
            try audit(db, principal, "job.update", subjectType: "job", subjectID: id, detail: ["title": job.title])
            return job
        }
    }

    public func job(id: String) async throws -> JobRecord? {
        try await writer.read { db in try JobRecord.fetchOne(db, key: id) }
    }

    /// Newest first; `cursor` is the id of the last job of the previous page.
    public func jobs(after cursor: String?, limit: Int) async throws -> Page<JobRecord> {
        try await writer.read { db in
            try newestFirst(JobRecord.all(), table: "jobs", after: cursor, limit: limit, db: db)
        }
    }
}

/// Keyset paging over `(created_at, id)`, newest first, shared by the lists that page that way.
func newestFirst<Record: FetchableRecord & TableRecord & Sendable>(
    _ request: QueryInterfaceRequest<Record>, table: String, after cursor: String?, limit: Int, db: Database
) throws -> Page<Record> where Record: Identifiable, Record.ID == String {
    var request = request
    if let cursor {
        guard let row = try Row.fetchOne(db, sql: "SELECT created_at, id FROM \(table) WHERE id = ?", arguments: [cursor]) else {
            throw InvalidCursor()
        }
        let createdAt: String = row["created_at"]
        request = request.filter(sql: "(created_at, id) < (?, ?)", arguments: [createdAt, cursor])
    }
    let items = try request.order(sql: "created_at DESC, id DESC").limit(limit + 1).fetchAll(db)
    let page = Array(items.prefix(limit))
    return Page(items: page, nextCursor: items.count > limit ? page.last?.id : nil)
}

extension JobRecord: Identifiable {}
extension CampaignRecord: Identifiable {}
