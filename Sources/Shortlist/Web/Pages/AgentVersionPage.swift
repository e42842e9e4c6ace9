import Foundation
import Hummingbird

/// `GET /campaigns/{id}/agent/versions/{version}`: one kept version of the campaign's agent, with
/// the exact prompt, begin message and analysis fields it was given (what a call placed with it was
/// told). Read like the campaign page: by anyone signed in.
extension CampaignPages {
    @Sendable func agentVersion(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let id = try context.parameters.require("id")
        guard let number = AgentVersionPageModel.versionNumber(context.parameters.get("version") ?? ""),
              let detail = try await database.campaign(id: id),
              let version = try await database.agentVersion(campaignID: id, version: number)
        else { return PageResponse.notFound() }
        let model = AgentVersionPageModel.build(version, campaign: detail, chrome: chrome(signedIn))
        return renderer.html("agent-version", model, status: .ok)
    }
}

/// What `agent-version.mustache` shows.
struct AgentVersionPageModel: PageModel {
    var title: String
    var chrome: Chrome?
    var campaignName: String
    var campaignURL: String
    var version: Int
    var created: String
    var current: Bool
    var voice: String
    var prompt: String
    var beginMessage: String
    var fields: [Field]

    struct Field { var name: String; var type: String; var description: String; var choices: String? }

    /// A version number from the path: 1 to 9 digits, nothing else (anything else is not a page).
    static func versionNumber(_ text: String) -> Int? {
        guard (1...9).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text), number >= 1
        else { return nil }
        return number
    }

    /// The answer's kind in words.
    static func kindWords(_ kind: AnalysisFieldSpec.Kind) -> String {
        switch kind {
        case .boolean: "yes or no"
        case .number: "number"
        case .string: "text"
        case .enum: "one of a list"
        }
    }

    static func build(_ version: CampaignAgentVersionRecord, campaign: CampaignDetail, chrome: Chrome) -> AgentVersionPageModel {
        let zone = TimeZone(identifier: campaign.campaign.timezone) ?? TimeZone(identifier: "UTC")!
        let fields = (try? JSONDecoder().decode([AnalysisFieldSpec].self, from: Data(version.analysisFields.utf8))) ?? []
        return AgentVersionPageModel(
            title: "Agent version \(version.version) · \(campaign.campaign.name)", chrome: chrome,
            campaignName: campaign.campaign.name, campaignURL: "/campaigns/\(campaign.campaign.id)",
            version: version.version, created: CampaignPageModel.format(version.createdAt, zone),
            current: campaign.agent?.version == version.version,
            voice: version.voiceID ?? "not recorded (this version was made before voices were kept)",
            prompt: version.prompt, beginMessage: version.beginMessage,
            fields: fields.map { field in
                Field(name: field.name, type: kindWords(field.kind), description: field.description,
                      choices: field.choices.flatMap { $0.isEmpty ? nil : $0.joined(separator: ", ") })
            })
    }
}
