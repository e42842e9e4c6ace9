import Crypto
import Foundation
import Retell

/// How agents are configured at Retell, from `[retell]` and `[server]`.
public struct AgentSettings: Sendable, Equatable {
    public var voiceID: String
    public var model: String
    public var webhookURL: String
    public var maxCallMinutes: Int
    /// Hang up after this long without speech (Retell's minimum is 10 s).
    public var endCallAfterSilenceMS = 30_000

    public init(voiceID: String, model: String, webhookURL: String, maxCallMinutes: Int) {
        self.voiceID = voiceID
        self.model = model
        self.webhookURL = webhookURL
        self.maxCallMinutes = maxCallMinutes
    }
}

/// Why a campaign's agent could not be created or updated.
public enum AgentError: Error, Equatable, Sendable {
    /// Live mode without an API key.
    case retellNotConfigured
    /// Another create/update of this campaign's agent is running.
    case busy
    /// Retell answered with an error; nothing was stored.
    case retell(RetellError)
}

/// What `createOrUpdate` did.
public struct AgentOutcome: Sendable {
    public var agent: CampaignAgentRecord
    /// False when the agent already matched the campaign and nothing was sent to Retell.
    public var changed: Bool
}

/// Creates a campaign's Retell LLM and agent, or updates both after the campaign changed, and keeps
/// `campaign_retell_agents` in step. Retell is called first; the row is written only after Retell
/// accepted everything, so a failure leaves the stored agent as it was.
public struct CampaignAgents: Sendable {
    let database: AppDatabase
    let retell: (any RetellClient)?
    let settings: AgentSettings
    private let inFlight = InFlightCampaigns()

    public init(database: AppDatabase, retell: (any RetellClient)?, settings: AgentSettings) {
        self.database = database
        self.retell = retell
        self.settings = settings
    }

    public func createOrUpdate(campaignID: String, by principal: Principal) async throws -> AgentOutcome {
        guard let retell else { throw AgentError.retellNotConfigured }
        guard await inFlight.begin(campaignID) else { throw AgentError.busy }
        do {
            let outcome = try await sync(campaignID: campaignID, retell: retell, by: principal)
            await inFlight.end(campaignID)
            return outcome
        } catch {
            await inFlight.end(campaignID)
            throw error
        }
    }

    private func sync(campaignID: String, retell: any RetellClient, by principal: Principal) async throws -> AgentOutcome {
        guard let detail = try await database.campaign(id: campaignID) else {
            throw StoreError.notFound(entity: "campaign", id: campaignID)
        }
        guard detail.status.isEditable else {
            throw StoreError.conflict("campaign is \(detail.status.rawValue); its agent can no longer change")
        }
        guard let job = try await database.job(id: detail.campaign.jobID) else {
            throw StoreError.notFound(entity: "job", id: detail.campaign.jobID)
        }
        let plan = AgentPlan(detail: detail, job: job, settings: settings)
        if let current = detail.agent, try await freshness(of: detail, plan: plan) == .upToDate(version: current.version) {
            return AgentOutcome(agent: current, changed: false)
        }
        let ids: (llm: String, agent: String)
        do {
            ids = try await push(plan, existing: detail.agent, retell: retell)
        } catch let error as RetellError {
            throw AgentError.retell(error)
        }
        let saved = try await database.saveAgent(
            plan.record(llmID: ids.llm, agentID: ids.agent), voiceID: plan.voiceID, expectedVersion: detail.agent?.version,
            by: principal)
        return AgentOutcome(agent: saved, changed: true)
    }

    /// Whether the campaign's agent matches what the campaign would send Retell now.
    public func freshness(campaignID: String) async throws -> AgentFreshness {
        guard let detail = try await database.campaign(id: campaignID) else {
            throw StoreError.notFound(entity: "campaign", id: campaignID)
        }
        return try await freshness(of: detail)
    }

    public func freshness(of detail: CampaignDetail) async throws -> AgentFreshness {
        guard detail.agent != nil else { return .noAgent }
        guard let job = try await database.job(id: detail.campaign.jobID) else {
            throw StoreError.notFound(entity: "job", id: detail.campaign.jobID)
        }
        return try await freshness(of: detail, plan: AgentPlan(detail: detail, job: job, settings: settings))
    }

    /// The rule over the plan and the agent as it stands: its row's prompt hash, fields, questions
    /// and job facts (written with its newest kept version, in one transaction) and that version's
    /// voice (unknown where none was kept).
    private func freshness(of detail: CampaignDetail, plan: AgentPlan) async throws -> AgentFreshness {
        guard let agent = detail.agent else { return .noAgent }
        let kept = try await database.agentVersion(campaignID: agent.campaignID, version: agent.version)
        let stored = AgentSnapshot(
            promptSHA256: agent.promptSHA256, analysisFields: agent.analysisFields,
            voiceID: kept?.voiceID, questions: agent.dynamicQuestions, jobContext: agent.jobContext)
        return AgentFreshness.assess(now: plan.snapshot, stored: stored, version: agent.version)
    }

    /// Before calls start or resume: an out-of-date agent gets a new version at Retell (under the
    /// same per-campaign guard as any update). Nil when there was nothing to do: no such campaign,
    /// no agent yet, or already up to date (the batch's own checks answer the first two).
    public func bringUpToDate(campaignID: String, by principal: Principal) async throws -> AgentOutcome? {
        guard let detail = try await database.campaign(id: campaignID), detail.agent != nil, detail.status.isEditable,
              try await freshness(of: detail).isOutOfDate
        else { return nil }
        return try await createOrUpdate(campaignID: campaignID, by: principal)
    }

    private func push(_ plan: AgentPlan, existing: CampaignAgentRecord?, retell: any RetellClient) async throws -> (llm: String, agent: String) {
        if let existing {
            _ = try await retell.updateRetellLLM(id: existing.retellLLMID, plan.llmRequest)
            _ = try await retell.updateAgent(id: existing.retellAgentID, plan.agentRequest(llmID: existing.retellLLMID))
            return (existing.retellLLMID, existing.retellAgentID)
        }
        let llm = try await retell.createRetellLLM(plan.llmRequest)
        let agent = try await retell.createAgent(plan.agentRequest(llmID: llm.llmID))
        return (llm.llmID, agent.agentID)
    }
}

/// One create/update per campaign at a time, so two clicks cannot make two agents.
private actor InFlightCampaigns {
    private var running: Set<String> = []

    func begin(_ id: String) -> Bool { running.insert(id).inserted }

    func end(_ id: String) { running.remove(id) }
}
