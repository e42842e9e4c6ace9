import Foundation
import GRDB
import Testing
@testable import Shortlist

@Suite("Store: campaign agent versions")
struct AgentVersionsStoreTests {
    static func campaign(_ database: AppDatabase) async throws -> String {
        let job = try await database.createJob(
            JobSpec(company: "Acme", title: "Driver", location: "", salaryRange: "", employmentType: "", description: ""), by: .cli)
        let spec = CampaignSpec(
            name: "Spring", jobID: job.id, fromNumber: "+14155550100", questions: ["When can you start?"], targets: [],
            calling: CallingSettings(
                timezone: "America/Chicago", window: try CallingWindow(parsing: "09:00-18:00"), days: [.mon],
                maxAttempts: 3, retryAfterMinutes: 60, concurrency: nil))
        return try await database.createCampaign(spec, by: .cli).campaign.id
    }

    static func draft(_ campaignID: String, prompt: String) -> CampaignAgentRecord {
        CampaignAgentRecord(
            id: "", campaignID: campaignID, retellAgentID: "agent_1", retellLLMID: "llm_1", agentName: "Spring Agent",
            basePrompt: prompt, beginMessage: "Hello \(prompt)", dynamicQuestions: "[]", jobContext: "{}",
            analysisFields: #"[{"name":"\#(prompt)"}]"#, version: 0, promptSHA256: String(repeating: "a", count: 64),
            createdAt: TestApp.start, updatedAt: TestApp.start)
    }

    @Test("Every save keeps its version's exact prompt, begin message, fields and voice; versions count up from 1")
    func versionsKept() async throws {
        let database = try AppDatabase.inMemory(clock: FixedClock(TestApp.start), ids: SequentialIDGenerator())
        let id = try await Self.campaign(database)
        var expected: Int? = nil
        for (index, voice) in ["voice-a", "voice-a", "voice-b"].enumerated() {
            let saved = try await database.saveAgent(Self.draft(id, prompt: "prompt \(index + 1)"), voiceID: voice, expectedVersion: expected, by: .cli)
            expected = saved.version
        }
        let versions = try await database.agentVersions(campaignID: id)
        #expect(versions.map(\.version) == [1, 2, 3])
        #expect(versions.map(\.prompt) == ["prompt 1", "prompt 2", "prompt 3"])
        #expect(versions.map(\.beginMessage) == ["Hello prompt 1", "Hello prompt 2", "Hello prompt 3"])
        #expect(versions.map(\.voiceID) == ["voice-a", "voice-a", "voice-b"])
        #expect(versions[1].analysisFields == #"[{"name":"prompt 2"}]"#)
        #expect(try await database.agentVersion(campaignID: id, version: 2)?.prompt == "prompt 2")
        #expect(try await database.agentVersion(campaignID: id, version: 4) == nil)
        #expect(try await database.agent(campaignID: id)?.version == 3)
    }

    @Test("A save that lost a race keeps no version either")
    func raceKeepsNothing() async throws {
        let database = try AppDatabase.inMemory(clock: FixedClock(TestApp.start), ids: SequentialIDGenerator())
        let id = try await Self.campaign(database)
        _ = try await database.saveAgent(Self.draft(id, prompt: "one"), voiceID: "v", expectedVersion: nil, by: .cli)
        await #expect(throws: StoreError.self) {
            _ = try await database.saveAgent(Self.draft(id, prompt: "stale"), voiceID: "v", expectedVersion: nil, by: .cli)
        }
        #expect(try await database.agentVersions(campaignID: id).map(\.prompt) == ["one"])
    }

    @Test("Migration v5 keeps an existing agent's current version, with its voice unknown")
    func migrationCopiesAgent() throws {
        let queue = try DatabaseQueue()
        let database = AppDatabase(writer: queue, clock: FixedClock(TestApp.start), ids: SequentialIDGenerator())
        try database.migrator.migrate(queue, upTo: "v4")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO jobs (id, company, title, created_by, created_at, updated_at)
                VALUES ('job_1', 'Acme', 'Driver', 'cli', '2026-11-01 00:00:00.000', '2026-11-01 00:00:00.000')
                """)
            try db.execute(sql: """
                INSERT INTO campaigns (id, name, job_id, from_number, timezone, window_start_minutes, window_end_minutes, days,
                                       max_attempts, retry_after_minutes, created_at, updated_at)
                VALUES ('campaign_1', 'Spring', 'job_1', '+14155550100', 'UTC', 540, 1080, '["mon"]', 3, 60,
                        '2026-11-01 00:00:00.000', '2026-11-01 00:00:00.000')
                """)
            try db.execute(sql: """
                INSERT INTO campaign_retell_agents (id, campaign_id, retell_agent_id, retell_llm_id, agent_name, base_prompt,
                    begin_message, dynamic_questions, job_context, analysis_fields, version, prompt_sha256, created_at, updated_at)
                VALUES ('a1', 'campaign_1', 'agent_9', 'llm_9', 'Spring Agent', 'The old prompt', 'Hello there', '[]', '{}',
                        '[{"name":"interested"}]', 4, 'abc123', '2026-11-01 00:00:00.000', '2026-11-02 09:30:00.000')
                """)
        }
        #expect(try database.migrate().contains("v5"))
        let versions = try queue.read { db in try CampaignAgentVersionRecord.fetchAll(db) }
        #expect(versions.count == 1)
        let kept = try #require(versions.first)
        #expect(kept.campaignID == "campaign_1")
        #expect(kept.version == 4)
        #expect(kept.prompt == "The old prompt")
        #expect(kept.beginMessage == "Hello there")
        #expect(kept.analysisFields == #"[{"name":"interested"}]"#)
        #expect(kept.promptSHA256 == "abc123")
        #expect(kept.voiceID == nil)
    }
}
