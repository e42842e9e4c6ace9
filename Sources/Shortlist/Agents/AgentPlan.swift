import Crypto
import Foundation
import Retell

/// Everything that goes to Retell for one campaign, worked out from the campaign, its job and the
/// settings; pure, so the same campaign always gives the same requests and hash.
struct AgentPlan {
    let campaignID: String
    let agentName: String
    let prompt: AgentPrompt
    let questions: [String]
    let job: JobSpec
    let settings: AgentSettings
    /// The campaign's own voice, else the config's `[retell] voice_id`.
    let voiceID: String

    init(detail: CampaignDetail, job record: JobRecord, settings: AgentSettings) {
        let job = JobSpec(
            company: record.company, title: record.title, location: record.location,
            salaryRange: record.salaryRange, employmentType: record.employmentType, description: record.description)
        campaignID = detail.campaign.id
        agentName = "\(detail.campaign.name) Agent"
        questions = detail.questions
        self.job = job
        self.settings = settings
        voiceID = detail.campaign.voiceID ?? settings.voiceID
        prompt = PromptBuilder.build(PromptInput(
            job: job, questions: detail.questions, targets: detail.targets, maxCallMinutes: settings.maxCallMinutes))
    }

    /// SHA-256 of the prompt and begin message as sent.
    var sha256: String {
        SHA256.hash(data: Data((prompt.generalPrompt + "\n\n" + prompt.beginMessage).utf8)).hexString
    }

    var fieldsJSON: String { CanonicalJSON.string(prompt.analysisFields) }

    var llmRequest: RetellLLMRequest {
        RetellLLMRequest(
            generalPrompt: prompt.generalPrompt, beginMessage: prompt.beginMessage, startSpeaker: "agent",
            model: settings.model, defaultDynamicVariables: prompt.defaultDynamicVariables)
    }

    func agentRequest(llmID: String) -> AgentRequest {
        AgentRequest(
            responseEngine: .retellLLM(llmID),
            voiceID: voiceID,
            agentName: agentName,
            webhookURL: settings.webhookURL,
            webhookEvents: ["call_started", "call_ended", "call_analyzed"],
            postCallAnalysisData: prompt.analysisFields.map(Self.retellField),
            maxCallDurationMS: settings.maxCallMinutes * 60_000,
            endCallAfterSilenceMS: settings.endCallAfterSilenceMS,
            voicemailOption: .staticText(Self.voicemailMessage(job)),
            optInSignedURL: true)
    }

    /// The row to store once Retell accepted the requests (id, version and times are set by the store).
    func record(llmID: String, agentID: String) -> CampaignAgentRecord {
        CampaignAgentRecord(
            id: "", campaignID: campaignID, retellAgentID: agentID, retellLLMID: llmID, agentName: agentName,
            basePrompt: prompt.generalPrompt, beginMessage: prompt.beginMessage,
            dynamicQuestions: CanonicalJSON.string(questions),
            jobContext: jobContext,
            analysisFields: fieldsJSON, version: 0, promptSHA256: sha256, createdAt: Date(), updatedAt: Date())
    }

    /// The job facts the prompt uses, kept with the agent to tell later which of them changed.
    var jobContext: String {
        CanonicalJSON.string([
            "company": job.company, "title": job.title, "location": job.location,
            "salary_range": job.salaryRange, "employment_type": job.employmentType, "description": job.description,
        ])
    }

    /// What this plan would give the agent, for `AgentFreshness`.
    var snapshot: AgentSnapshot {
        AgentSnapshot(
            promptSHA256: sha256, analysisFields: fieldsJSON, voiceID: voiceID,
            questions: CanonicalJSON.string(questions), jobContext: jobContext)
    }

    /// What the agent leaves on a voicemail: no personal details.
    static func voicemailMessage(_ job: JobSpec) -> String {
        "Hello, this is an automated assistant calling on behalf of \(job.company) about the \(job.title) "
            + "position. We will try again another time. Goodbye."
    }

    static func retellField(_ field: AnalysisFieldSpec) -> AnalysisField {
        let type: AnalysisFieldType = switch field.kind {
        case .boolean: .boolean
        case .number: .number
        case .string: .string
        case .enum: .enum
        }
        return AnalysisField(type: type, name: field.name, description: field.description, choices: field.choices)
    }
}
