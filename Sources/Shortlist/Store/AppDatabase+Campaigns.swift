import Foundation
import GRDB

/// A campaign with its script and targets, as the API and pages show it.
public struct CampaignDetail: Sendable, Equatable {
    public var campaign: CampaignRecord
    public var questions: [String]
    public var targets: [TargetSpec]
    /// The campaign's Retell agent, once created.
    public var agent: CampaignAgentRecord? = nil

    public var status: CampaignStatus { campaign.status }

    /// The editable content, as `CampaignSpec.applying` takes it.
    public var spec: CampaignSpec {
        let days = campaign.callingDays
        let window = try? CallingWindow(
            start: LocalTime(minutes: campaign.windowStartMinutes)!, end: LocalTime(minutes: campaign.windowEndMinutes)!)
        return CampaignSpec(
            name: campaign.name, jobID: campaign.jobID, fromNumber: campaign.fromNumber, questions: questions,
            targets: targets,
            calling: CallingSettings(
                timezone: campaign.timezone, window: window!, days: days, maxAttempts: campaign.maxAttempts,
                retryAfterMinutes: campaign.retryAfterMinutes, concurrency: campaign.concurrency),
            requireConsent: campaign.requireConsent)
    }
}

extension AppDatabase {
    public func createCampaign(_ spec: CampaignSpec, by principal: Principal) async throws -> CampaignDetail {
        let now = clock.now()
        var campaign = CampaignRecord(
            id: ids.next(), name: spec.name, jobID: spec.jobID,
            ownerUserID: principal.kind == .user ? principal.id : principal.userID,
            ownerTokenID: principal.kind == .token ? principal.id : nil,
            status: CampaignLifecycle.created, statusReason: nil, fromNumber: spec.fromNumber,
            timezone: "", windowStartMinutes: 0, windowEndMinutes: 0, days: "[]", maxAttempts: 1,
            retryAfterMinutes: 1, concurrency: nil, voiceID: nil, createdAt: now, updatedAt: now)
        campaign.apply(spec.calling)
        campaign.requireConsent = spec.requireConsent
        let record = campaign
        return try await writer.write { db in
            try requireJob(spec.jobID, db)
            try record.insert(db)
            try replaceScript(of: record.id, questions: spec.questions, targets: spec.targets, db)
            try audit(db, principal, "campaign.create", subjectType: "campaign", subjectID: record.id,
                      detail: ["name": record.name])
            return CampaignDetail(campaign: record, questions: spec.questions, targets: spec.targets)
        }
    }

    public func campaign(id: String) async throws -> CampaignDetail? {
        try await writer.read { db in try campaignDetail(id, db) }
    }

    /// Newest first; `cursor` is the id of the last campaign of the previous page.
    public func campaigns(after cursor: String?, limit: Int) async throws -> Page<CampaignDetail> {
        try await writer.read { db in
            let page = try newestFirst(CampaignRecord.all(), table: "campaigns", after: cursor, limit: limit, db: db)
            let details = try page.items.map { try detail(of: $0, db) }
            return Page(items: details, nextCursor: page.nextCursor)
        }
    }

    /// Applies a PATCH in one transaction: `change` maps the current content to the new one (it
    /// validates); campaigns that are completed or archived are not edited.
    public func updateCampaign(
        id: String, by principal: Principal, change: @escaping @Sendable (CampaignSpec) throws -> CampaignSpec
    ) async throws -> CampaignDetail {
        let now = clock.now()
        defer { caches.forget(campaignID: id) }
        return try await writer.write { db in
            guard let current = try campaignDetail(id, db) else { throw StoreError.notFound(entity: "campaign", id: id) }
            guard current.status.isEditable else {
                throw StoreError.conflict("campaign is \(current.status.rawValue) and can no longer be edited")
            }
            let spec = try change(current.spec)
            if spec.jobID != current.campaign.jobID { try requireJob(spec.jobID, db) }
            var record = current.campaign
            record.name = spec.name
            record.jobID = spec.jobID
            record.fromNumber = spec.fromNumber
            record.apply(spec.calling)
            record.requireConsent = spec.requireConsent
            record.updatedAt = now
            try record.update(db)
            if spec.questions != current.questions || spec.targets != current.targets {
                try replaceScript(of: id, questions: spec.questions, targets: spec.targets, db)
            }
            var detail = ["changed": current.spec.changedParts(to: spec).joined(separator: ",")]
            if spec.requireConsent && !current.campaign.requireConsent {
                let released = try releaseQueuedWithoutConsent(campaignID: id, now: now, db)
                detail["released_without_consent"] = String(released)
                // Its batches may have completed, and the campaign with them.
                if released > 0, let fresh = try CampaignRecord.fetchOne(db, key: id) { record = fresh }
            }
            try audit(db, principal, "campaign.update", subjectType: "campaign", subjectID: id, detail: detail)
            return CampaignDetail(campaign: record, questions: spec.questions, targets: spec.targets, agent: current.agent)
        }
    }

    private func requireJob(_ jobID: String, _ db: Database) throws {
        guard try JobRecord.exists(db, key: jobID) else { throw FieldError("job_id", "no job has id \(jobID)") }
    }

    private func replaceScript(of campaignID: String, questions: [String], targets: [TargetSpec], _ db: Database) throws {
        caches.forget(campaignID: campaignID)
        try CampaignQuestionRecord.filter(Column("campaign_id") == campaignID).deleteAll(db)
        try CampaignTargetRecord.filter(Column("campaign_id") == campaignID).deleteAll(db)
        for (position, text) in questions.enumerated() {
            try CampaignQuestionRecord(id: ids.next(), campaignID: campaignID, position: position, text: text).insert(db)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for (position, target) in targets.enumerated() {
            try CampaignTargetRecord(
                id: ids.next(), campaignID: campaignID, position: position, key: target.key, name: target.name,
                description: target.description, goalType: target.goalType.rawValue,
                choices: try target.choices.map { String(decoding: try encoder.encode($0), as: UTF8.self) },
                knockout: try target.knockout.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
            ).insert(db)
        }
    }

    func campaignDetail(_ id: String, _ db: Database) throws -> CampaignDetail? {
        guard let record = try CampaignRecord.fetchOne(db, key: id) else { return nil }
        return try detail(of: record, db)
    }

    private func detail(of record: CampaignRecord, _ db: Database) throws -> CampaignDetail {
        let questions = try CampaignQuestionRecord.filter(Column("campaign_id") == record.id)
            .order(Column("position")).fetchAll(db).map(\.text)
        let targets = try targets(of: record, db)
        let agent = try CampaignAgentRecord.filter(Column("campaign_id") == record.id).fetchOne(db)
        return CampaignDetail(campaign: record, questions: questions, targets: targets, agent: agent)
    }
}

extension AppDatabase {
    /// A campaign's targets in order. Parsed rows are kept per campaign and `updated_at` (every
    /// change to a campaign's targets bumps it), so a webhook does not re-read and re-decode them.
    func targets(of campaign: CampaignRecord, _ db: Database) throws -> [TargetSpec] {
        if let cached = caches.targets(campaignID: campaign.id, version: campaign.updatedAt) { return cached }
        let decoder = JSONDecoder()
        let targets = try CampaignTargetRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM campaign_targets WHERE campaign_id = ? ORDER BY position"),
            arguments: [campaign.id]
        ).map { row in
            TargetSpec(
                key: row.key, name: row.name, description: row.description,
                goalType: GoalType(rawValue: row.goalType) ?? .text,
                choices: try row.choices.map { try decoder.decode([String].self, from: Data($0.utf8)) },
                knockout: try row.knockout.map { try decoder.decode(Knockout.self, from: Data($0.utf8)) })
        }
        caches.remember(targets, campaignID: campaign.id, version: campaign.updatedAt)
        return targets
    }
}

extension CampaignRecord {
    mutating func apply(_ calling: CallingSettings) {
        timezone = calling.timezone
        windowStartMinutes = calling.window.start.minutes
        windowEndMinutes = calling.window.end.minutes
        days = "[" + calling.days.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]"
        maxAttempts = calling.maxAttempts
        retryAfterMinutes = calling.retryAfterMinutes
        concurrency = calling.concurrency
    }
}
