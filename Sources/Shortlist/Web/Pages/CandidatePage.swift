import Foundation
import Hummingbird

/// `GET /candidates/{id}` (a campaign candidate): every call with its analysis — the three checks,
/// summary, sentiment bar, key points, custom answers, objections, next steps, the transcript by
/// speaker and the recording.
struct CandidatePages: Sendable {
    let database: AppDatabase
    let renderer: PageRenderer
    let chrome: @Sendable (SignedInUser) -> Chrome
    var recordingSetup = RecordingSetup.off

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        guard let history = try await database.candidateHistory(campaignCandidateID: try context.parameters.require("id")) else {
            return PageResponse.notFound()
        }
        let recordings = CandidatePageModel.Recordings(
            stored: try await database.recordings(callIDs: history.calls.map(\.call.id)), setup: recordingSetup,
            mayListen: signedIn.principal.may(.listen, campaign: history.campaign.owner))
        var model = CandidatePageModel.build(
            history, viewer: !signedIn.principal.role.canWrite, chrome: chrome(signedIn), recordings: recordings)
        model.showErase(history, canErase: ErasePermission.mayErase(signedIn.principal))
        return renderer.html("candidate", model)
    }
}

struct CandidatePageModel: PageModel {
    var title: String
    var chrome: Chrome?
    var name: String
    var phone: String
    var campaignName: String
    var campaignURL: String
    var status: Wording
    var outcome: Wording?
    var qualified: Wording?
    /// "Asked to be called back on Mon 7 Dec at 15:00 (their time)", when they did.
    var callback: String?
    /// "Consent basis: web form 2026-11-01" or why there is none; "Source: …".
    var consent: String
    var source: String
    var calls: [Call]
    var hasCalls: Bool
    /// "Erased on 5 Dec 2026" once the person was erased; their details are not shown then.
    var erased: String? = nil
    /// The erase confirmation, for admins while the person is not erased.
    var eraseURL: String? = nil

    struct Call {
        var attempt: Int
        var status: Wording
        /// Retell's reason for the end, in words with its code in the tooltip.
        var reason: Wording?
        /// Why the call could not be placed (our message, already words).
        var error: String?
        var when: String
        var duration: String
        /// Which agent version placed it, and the page with that version's exact text.
        var agentVersion: Int
        var agentVersionURL: String
        var analysis: Analysis?
        /// "Candidate called back" on an inbound attempt; nil on ours.
        var direction: Wording?
        var recording: RecordingLine?
    }

    struct Analysis {
        var checks: [Check]
        var summary: String?
        var sentiment: Wording
        var sentimentPercent: Int
        /// The bar's colour class, from the score (`SentimentWords.tone(score:)`).
        var sentimentTone: String
        var keyPoints: [String]
        var hasKeyPoints: Bool
        var answers: [Answer]
        var objections: [String]
        var hasObjections: Bool
        var nextSteps: [String]
        var hasNextSteps: Bool
        var transcript: [Line]
        var hasTranscript: Bool = true
    }

    /// The calls' recordings and whether the reader may hear them.
    struct Recordings {
        var stored: [String: CallRecordingRecord] = [:]
        var setup = RecordingSetup.off
        var mayListen = false
    }

    struct Check { var label: String; var answer: String }
    struct Answer { var name: String; var value: String }
    struct Line { var speaker: String; var text: String; var agent: Bool }

    static func build(_ history: CandidateHistory, viewer: Bool, chrome: Chrome, recordings: Recordings = Recordings()) -> CandidatePageModel {
        let zone = TimeZone(identifier: history.campaign.timezone) ?? TimeZone(identifier: "UTC")!
        let row = history.row
        return CandidatePageModel(
            title: row.fullName, chrome: chrome, name: row.fullName, phone: viewer ? PhoneNumber.mask(row.phone) : row.phone,
            campaignName: history.campaign.name, campaignURL: "/campaigns/\(history.campaign.id)", status: StoredWords.candidateStatus(row.status),
            outcome: row.outcome.map(StoredWords.outcome), qualified: qualifiedWords(row.qualified),
            callback: history.callbackAt.map {
                CallbackLine.asked($0, zone: history.candidateTimezone.flatMap(TimeZone.init(identifier:)) ?? zone)
            },
            consent: consentLine(history.consent, required: history.campaign.requireConsent),
            source: "Source: " + (history.source ?? "not recorded"),
            calls: history.calls.map { detail in
                let call = detail.call
                return Call(
                    attempt: call.attempt, status: call.status.wording, reason: call.disconnectionReason.map(DisconnectionWords.wording),
                    error: call.disconnectionReason == nil ? call.lastError : nil,
                    when: CampaignPageModel.format(call.startedAt ?? call.createdAt, zone),
                    duration: call.durationSeconds.map { String(format: "%d:%02d", $0 / 60, $0 % 60) } ?? "—",
                    agentVersion: call.agentVersion,
                    agentVersionURL: "/campaigns/\(history.campaign.id)/agent/versions/\(call.agentVersion)",
                    analysis: detail.analysis.map { analysis($0, targets: history.targets) },
                    direction: call.direction == .inbound ? call.direction.wording : nil,
                    recording: RecordingLine.make(
                        callID: call.id, connected: detail.analysis != nil, recording: recordings.stored[call.id],
                        setup: recordings.setup, mayListen: recordings.mayListen))
            },
            hasCalls: !history.calls.isEmpty)
    }

    static func consentLine(_ note: String?, required: Bool) -> String {
        if ConsentBasis.holds(note), let note { return "Consent basis: \(note)" }
        return required
            ? "No consent basis recorded: this campaign calls only candidates with one, so they are not called."
            : "No consent basis recorded."
    }

    static func analysis(_ row: CallAnalysisRecord, targets: [TargetSpec]) -> Analysis {
        let answers = AnalysisMapping.answers(row, targets: targets)
        let score = row.sentimentScore ?? 0.5
        let (keyPoints, objections, nextSteps) = (list(row.keyPoints), list(row.objections), list(row.nextSteps))
        return Analysis(
            checks: [
                Check(label: "Available to work", answer: yesNo(row.availableToWork)),
                Check(label: "Interested", answer: yesNo(row.interested)),
                Check(label: "Knows someone at the company", answer: yesNo(row.knowReferee)),
            ],
            summary: row.callSummary, sentiment: SentimentWords.wording(row.userSentiment ?? "Unknown"),
            sentimentPercent: Int((max(0, min(1, score.isFinite ? score : 0.5)) * 100).rounded()),
            sentimentTone: SentimentWords.tone(score: score.isFinite ? score : 0.5).rawValue,
            keyPoints: keyPoints, hasKeyPoints: !keyPoints.isEmpty,
            answers: targets.map { Answer(name: $0.name, value: ShortlistPageModel.cell($0, answers[$0.key]).text) },
            objections: objections, hasObjections: !objections.isEmpty, nextSteps: nextSteps, hasNextSteps: !nextSteps.isEmpty,
            transcript: (row.transcript ?? "").split(separator: "\n").map { line in
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].count < 20 else { return Line(speaker: "", text: String(line), agent: false) }
                let speaker = String(parts[0])
                return Line(speaker: speaker, text: parts[1].trimmingCharacters(in: .whitespaces), agent: speaker.lowercased() == "agent")
            },
            hasTranscript: !(row.transcript ?? "").isEmpty)
    }

    static func yesNo(_ value: Bool?) -> String { value.map { $0 ? "Yes" : "No" } ?? "—" }

    /// Whether the candidate qualified, coloured like the outcomes; nil until it is known.
    static func qualifiedWords(_ value: Bool?) -> Wording? {
        value.map { $0 ? Wording("Yes", .good, code: "true") : Wording("No", .bad, code: "false") }
    }

    /// The analysis keeps lists as JSON arrays of strings.
    static func list(_ json: String?) -> [String] {
        guard let json, let items = try? JSONDecoder().decode([String].self, from: Data(json.utf8)) else { return [] }
        return items
    }
}
