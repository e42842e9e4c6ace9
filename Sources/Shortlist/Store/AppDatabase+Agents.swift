import Foundation
import GRDB

/// `campaign_retell_agents`: the campaign's current agent at Retell and what it was built from.
public struct CampaignAgentRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "campaign_retell_agents"
    public var id: String
    public var campaignID: String
    public var retellAgentID: String
    public var retellLLMID: String
    public var agentName: String
    public var basePrompt: String
    public var beginMessage: String
    /// JSON array of the campaign's questions when the agent was built.
    public var dynamicQuestions: String
    /// JSON object of the job facts the prompt used.
    public var jobContext: String
    /// JSON array of `AnalysisFieldSpec`.
    public var analysisFields: String
    public var version: Int
    public var promptSHA256: String
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, version
        case campaignID = "campaign_id", retellAgentID = "retell_agent_id", retellLLMID = "retell_llm_id"
        case agentName = "agent_name", basePrompt = "base_prompt", beginMessage = "begin_message"
        case dynamicQuestions = "dynamic_questions", jobContext = "job_context", analysisFields = "analysis_fields"
        case promptSHA256 = "prompt_sha256", createdAt = "created_at", updatedAt = "updated_at"
    }

    public var fields: [AnalysisFieldSpec] {
        (try? JSONDecoder().decode([AnalysisFieldSpec].self, from: Data(analysisFields.utf8))) ?? []
    }
}

/// `campaign_agent_versions`: one row per version of a campaign's agent, with the exact prompt,
/// begin message, analysis fields and voice it was given, so any call can be traced to what its
/// agent was told (`retell_calls.agent_version`).
public struct CampaignAgentVersionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "campaign_agent_versions"
    public var id: String
    public var campaignID: String
    public var version: Int
    public var prompt: String
    public var beginMessage: String
    /// JSON array of `AnalysisFieldSpec`.
    public var analysisFields: String
    /// The voice the agent spoke with; nil for versions made before it was recorded.
    public var voiceID: String?
    public var promptSHA256: String
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, version, prompt
        case campaignID = "campaign_id", beginMessage = "begin_message", analysisFields = "analysis_fields"
        case voiceID = "voice_id", promptSHA256 = "prompt_sha256", createdAt = "created_at"
    }
}

extension AppDatabase {
    public func agent(campaignID: String) async throws -> CampaignAgentRecord? {
        try await writer.read { db in
            try CampaignAgentRecord.filter(Column("campaign_id") == campaignID).fetchOne(db)
        }
    }

    /// Stores the agent Retell just created (version 1) or updated (version + 1) with its audit row,
    /// and keeps that version's exact text and `voiceID` in `campaign_agent_versions`, all in one
    /// transaction. `expectedVersion` is the version the caller started from (nil: none yet); a
    /// different stored version means someone else changed the agent meanwhile, and nothing is written.
    public func saveAgent(
        _ draft: CampaignAgentRecord, voiceID: String, expectedVersion: Int?, by principal: Principal
    ) async throws -> CampaignAgentRecord {
        let now = clock.now()
        return try await writer.write { db in
            let current = try CampaignAgentRecord.filter(Column("campaign_id") == draft.campaignID).fetchOne(db)
            guard current?.version == expectedVersion else {
                throw StoreError.conflict("the campaign's agent was changed by someone else meanwhile; try again")
            }
            var record = draft
            record.updatedAt = now
            if let current {
                record.id = current.id
                record.createdAt = current.createdAt
                record.version = current.version + 1
                try record.update(db)
            } else {
                record.id = ids.next()
                record.createdAt = now
                record.version = 1
                try record.insert(db)
            }
            try CampaignAgentVersionRecord(
                id: ids.next(), campaignID: record.campaignID, version: record.version, prompt: record.basePrompt,
                beginMessage: record.beginMessage, analysisFields: record.analysisFields, voiceID: voiceID,
                promptSHA256: record.promptSHA256, createdAt: now
            ).insert(db)
            try audit(db, principal, current == nil ? "agent.create" : "agent.update", subjectType: "campaign",
                      subjectID: record.campaignID, detail: [
                          "retell_agent_id": record.retellAgentID, "version": String(record.version),
                          "prompt_sha256": record.promptSHA256,
                      ])
            return record
        }
    }

    /// One kept version of the campaign's agent, as it was sent to Retell.
    public func agentVersion(campaignID: String, version: Int) async throws -> CampaignAgentVersionRecord? {
        try await writer.read { db in
            try CampaignAgentVersionRecord
                .filter(Column("campaign_id") == campaignID && Column("version") == version).fetchOne(db)
        }
    }

    /// Every kept version of the campaign's agent, oldest first.
    public func agentVersions(campaignID: String) async throws -> [CampaignAgentVersionRecord] {
        try await writer.read { db in
            try CampaignAgentVersionRecord.filter(Column("campaign_id") == campaignID).order(Column("version")).fetchAll(db)
        }
    }
}
