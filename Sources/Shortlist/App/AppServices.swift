/// The services behind the actions that more than one door can take (the JSON API, the admin
/// page, the demo's seeding), built once per application so that every door shares one instance:
/// one `CampaignAgents` means one in-flight lock per campaign, whichever door a request came in by.
public struct AppServices: Sendable {
    let agents: CampaignAgents
    let batches: BatchControl
    let decisions: ShortlistDecisions
    let eraser: CandidateEraser

    public init(config: Config, dependencies: Dependencies) {
        let agents = CampaignAgents(database: dependencies.database, retell: dependencies.retell, settings: agentSettings(config))
        self.agents = agents
        batches = BatchControl(
            database: dependencies.database, events: dependencies.events, doorbell: dependencies.doorbell, agents: agents)
        decisions = ShortlistDecisions(database: dependencies.database, events: dependencies.events)
        eraser = CandidateEraser(
            database: dependencies.database, recordings: config.recordingStore, workBell: dependencies.workBell,
            logger: dependencies.logger)
    }
}
