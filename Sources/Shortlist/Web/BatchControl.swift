/// Starting, pausing, resuming and cancelling a batch: the one service behind the API's batch
/// endpoints, the campaign page's buttons and the demo. Each action is the store's transaction
/// (which writes the audit row), then the `batch.updated` live event, then the dialer's doorbell
/// when there may be new work. Who may run a campaign's calls is checked by the caller
/// (`CampaignAccess`) before it gets here. Starting and resuming first bring an out-of-date agent
/// up to date (DESIGN §8 "Agent freshness"); if Retell refuses, nothing starts.
struct BatchControl: Sendable {
    let database: AppDatabase
    let events: EventHub
    let doorbell: Doorbell
    let agents: CampaignAgents

    /// A new batch of `candidateIDs` (nil: every eligible candidate); the campaign becomes active.
    func start(campaignID: String, candidateIDs: [String]?, by principal: Principal) async throws -> BatchRecord {
        // A request that would be refused changes nothing, not even the agent.
        try await database.checkBatch(campaignID: campaignID, candidateIDs: candidateIDs)
        try await refreshAgent(campaignID: campaignID, by: principal)
        var batch = try await database.createBatch(campaignID: campaignID, candidateIDs: candidateIDs, by: principal)
        // An edit that landed between the update and the batch found nothing running to pause.
        if let paused = try await pauseIfAgentStale(campaignID: campaignID, by: principal).first(where: { $0.id == batch.id }) {
            batch = paused
        } else {
            LiveEvents.publish(batch, to: events)
        }
        doorbell.ring()
        return batch
    }

    /// Pauses, resumes or cancels the batch; a resumed batch wakes the dialer.
    func change(batchID: String, _ action: BatchAction, by principal: Principal) async throws -> BatchRecord {
        if action == .resume, let batch = try await database.batch(id: batchID),
           (try? BatchTransitions.apply(.resume, to: batch.status, by: principal.label)) != nil {
            try await refreshAgent(campaignID: batch.campaignID, by: principal)
        }
        let batch = try await database.changeBatch(id: batchID, action, by: principal)
        LiveEvents.publish(batch, to: events)
        if action == .resume { doorbell.ring() }
        return batch
    }

    /// After an edit to a campaign (or to its job): if its agent is now out of date while a batch
    /// is in progress, that batch pauses (`AgentFreshness.pauseReason`, audited) so no further call
    /// uses the old prompt; calls already in flight end as they are. Returns the paused batches.
    @discardableResult
    func pauseIfAgentStale(campaignID: String, by principal: Principal) async throws -> [BatchRecord] {
        guard try await database.isCalling(campaignID: campaignID),
              try await agents.freshness(campaignID: campaignID).isOutOfDate
        else { return [] }
        let paused = try await database.pauseBatches(campaignID: campaignID, reason: AgentFreshness.pauseReason, by: principal)
        for batch in paused { LiveEvents.publish(batch, to: events) }
        return paused
    }

    /// The same after a job edit, for every campaign of the job that is calling.
    func pauseIfAgentStale(jobID: String, by principal: Principal) async throws {
        for campaignID in try await database.campaignsCalling(jobID: jobID) {
            try await pauseIfAgentStale(campaignID: campaignID, by: principal)
        }
    }

    private func refreshAgent(campaignID: String, by principal: Principal) async throws {
        do {
            _ = try await agents.bringUpToDate(campaignID: campaignID, by: principal)
        } catch let error as AgentError {
            throw AgentNotUpdated(cause: error)
        }
    }
}

/// Calls were not started or resumed because the campaign's out-of-date agent could not be updated.
struct AgentNotUpdated: Error, Equatable, Sendable {
    var cause: AgentError

    /// For the API (code `agent_not_updated`) and, by its message, the campaign page.
    var apiError: APIError {
        let underlying = cause.apiError
        return APIError(underlying.status, code: "agent_not_updated",
                        message: "No calls were started: the agent is out of date and could not be brought up to date. "
                            + underlying.message)
    }
}
