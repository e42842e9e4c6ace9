import Foundation
import Testing
@testable import Shortlist

/// The freshness rule over what a campaign would send Retell now and its agent's newest version.
@Suite("Agent freshness rule")
struct AgentFreshnessTests {
    static let settings = AgentSettings(voiceID: "11labs-Adrian", model: "gpt-4o", webhookURL: "https://x.test/webhooks/retell", maxCallMinutes: 15)

    /// The campaign the agent was built from, to change one part at a time.
    struct Parts {
        var name = "Spring"
        var job = JobRecord(
            id: "job_1", company: "Acme", title: "Driver", location: "Austin", salaryRange: "$20/h",
            employmentType: "full-time", description: "Deliveries around town.", createdBy: "test",
            createdAt: TestApp.start, updatedAt: TestApp.start)
        var questions = ["When can you start?"]
        var targets = [TargetSpec(key: "has_license", name: "Licence", goalType: .boolean, knockout: Knockout(equals: true))]
        var voiceID: String?
        var windowStart = 9 * 60
        var fromNumber = "+14155550100"
        var settings = AgentFreshnessTests.settings

        var plan: AgentPlan {
            let campaign = CampaignRecord(
                id: "campaign_1", name: name, jobID: job.id, ownerUserID: "user_1", ownerTokenID: nil, status: .active,
                statusReason: nil, fromNumber: fromNumber, timezone: "America/Chicago", windowStartMinutes: windowStart,
                windowEndMinutes: 18 * 60, days: #"["mon"]"#, maxAttempts: 3, retryAfterMinutes: 60, concurrency: nil,
                voiceID: voiceID, createdAt: TestApp.start, updatedAt: TestApp.start)
            return AgentPlan(detail: CampaignDetail(campaign: campaign, questions: questions, targets: targets), job: job, settings: settings)
        }
    }

    static func assess(_ stored: Parts, _ now: Parts, version: Int = 3) -> AgentFreshness {
        AgentFreshness.assess(now: now.plan.snapshot, stored: stored.plan.snapshot, version: version)
    }

    @Test("The same campaign is up to date")
    func same() {
        #expect(Self.assess(Parts(), Parts()) == .upToDate(version: 3))
    }

    @Test("A change to the job makes the agent out of date, and says so", arguments: [
        { (parts: inout Parts) in parts.job.title = "Senior driver" },
        { (parts: inout Parts) in parts.job.company = "Globex" },
        { (parts: inout Parts) in parts.job.salaryRange = "$25/h" },
        { (parts: inout Parts) in parts.job.description = "Night deliveries." },
        { (parts: inout Parts) in parts.job.location = "Dallas" },
    ] as [@Sendable (inout Parts) -> Void])
    func job(change: @Sendable (inout Parts) -> Void) {
        var now = Parts()
        change(&now)
        #expect(Self.assess(Parts(), now) == .outOfDate(version: 3, changes: [.job]))
    }

    @Test("A change to the questions makes the agent out of date")
    func questions() {
        var now = Parts()
        now.questions.append("Do you have weekend availability?")
        #expect(Self.assess(Parts(), now) == .outOfDate(version: 3, changes: [.questions]))
    }

    @Test("Adding, renaming or retyping a target makes the agent out of date")
    func targets() {
        var added = Parts()
        added.targets.append(TargetSpec(key: "years", name: "Years driving", goalType: .number, knockout: Knockout(min: 2)))
        #expect(Self.assess(Parts(), added) == .outOfDate(version: 3, changes: [.targets]))
        var renamed = Parts()
        renamed.targets[0].name = "Commercial licence"
        #expect(Self.assess(Parts(), renamed) == .outOfDate(version: 3, changes: [.targets]))
        var retyped = Parts()
        retyped.targets[0].goalType = .text
        #expect(Self.assess(Parts(), retyped) == .outOfDate(version: 3, changes: [.targets]))
    }

    @Test("The campaign's own voice, or a new voice in the config, makes the agent out of date")
    func voice() {
        var own = Parts()
        own.voiceID = "11labs-Grace"
        #expect(Self.assess(Parts(), own) == .outOfDate(version: 3, changes: [.voice]))
        var config = Parts()
        config.settings.voiceID = "openai-Alloy"
        #expect(Self.assess(Parts(), config) == .outOfDate(version: 3, changes: [.voice]))
    }

    @Test("Nothing else makes it out of date: the name, the calling hours, the number, a knock-out rule or the model")
    func nothingElse() {
        var now = Parts()
        now.name = "Autumn"
        now.windowStart = 10 * 60
        now.fromNumber = "+14155550199"
        now.targets[0].knockout = Knockout(equals: false)
        now.settings.model = "gpt-4.1"
        now.settings.webhookURL = "https://y.test/webhooks/retell"
        #expect(Self.assess(Parts(), now) == .upToDate(version: 3))
    }

    @Test("A version kept before voices were (voice unknown) counts as having the voice in use now")
    func unknownVoice() {
        var stored = Parts().plan.snapshot
        stored.voiceID = nil
        #expect(AgentFreshness.assess(now: Parts().plan.snapshot, stored: stored, version: 1) == .upToDate(version: 1))
        var other = Parts()
        other.voiceID = "11labs-Grace"
        #expect(AgentFreshness.assess(now: other.plan.snapshot, stored: stored, version: 1) == .upToDate(version: 1))
    }

    @Test("A prompt that differs for none of those reasons is out of date because of the wording")
    func wording() {
        var stored = Parts().plan.snapshot
        stored.promptSHA256 = String(repeating: "0", count: 64)
        #expect(AgentFreshness.assess(now: Parts().plan.snapshot, stored: stored, version: 2)
            == .outOfDate(version: 2, changes: [.wording]))
    }

    @Test("No stored agent is no agent")
    func noAgent() {
        #expect(AgentFreshness.assess(now: Parts().plan.snapshot, stored: nil, version: 0) == .noAgent)
    }

    @Test("Several changes are named together in plain words")
    func sentence() {
        var now = Parts()
        now.job.title = "Senior driver"
        now.questions = []
        now.targets = []
        let freshness = Self.assess(Parts(), now)
        #expect(freshness == .outOfDate(version: 3, changes: [.job, .questions, .targets]))
        #expect(freshness.sentence == "The job, the questions and the targets changed since version 3.")
        #expect(freshness.wording?.text == "Out of date")
        #expect(AgentFreshness.outOfDate(version: 3, changes: [.targets]).sentence == "The targets changed since version 3.")
        #expect(AgentFreshness.upToDate(version: 3).sentence == nil)
        #expect(AgentFreshness.upToDate(version: 3).wording?.text == "Up to date")
    }
}
