/// Starting, pausing, resuming and cancelling a batch: the one service behind the API's batch
/// endpoints, the campaign page's buttons and the demo. Each action is the store's transaction
/// (which writes the audit row), then the `batch.updated` live event, then the dialer's doorbell
/// when there may be new work. Who may run a campaign's calls is checked by the caller
/// (`CampaignAccess`) before it gets here.
struct BatchControl: Sendable {
    let database: AppDatabase
    let events: EventHub
    let doorbell: Doorbell

    /// A new batch of `candidateIDs` (nil: every eligible candidate); the campaign becomes active.
    func start(campaignID: String, candidateIDs: [String]?, by principal: Principal) async throws -> BatchRecord {
        let batch = try await database.createBatch(campaignID: campaignID, candidateIDs: candidateIDs, by: principal)
        LiveEvents.publish(batch, to: events)
        doorbell.ring()
        return batch
    }

    /// Pauses, resumes or cancels the batch; a resumed batch wakes the dialer.
    func change(batchID: String, _ action: BatchAction, by principal: Principal) async throws -> BatchRecord {
        let batch = try await database.changeBatch(id: batchID, action, by: principal)
        LiveEvents.publish(batch, to: events)
        if action == .resume { doorbell.ring() }
        return batch
    }
}
