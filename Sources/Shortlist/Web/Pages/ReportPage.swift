import Foundation
import Hummingbird

/// `GET /campaigns/{id}/report`: the five success metrics, the outcome funnel and calls per hour of
/// the day (the campaign's zone) as server-rendered SVG bar charts, and the CSV export.
struct ReportPages: Sendable {
    let database: AppDatabase
    let renderer: PageRenderer
    let chrome: @Sendable (SignedInUser) -> Chrome
    let manualMinutesPerCall: Int
    /// The shortlist CSV, the same builder as the API's.
    let export: ResultsExport

    struct ReportPageModel: PageModel {
        var title: String
        var chrome: Chrome?
        var campaignName: String
        var campaignURL: String
        var csvURL: String
        var shortlistURL: String
        var metrics: [Metric]
        var funnel: Chart
        var perHour: Chart

        struct Metric { var label: String; var value: String; var detail: String }
    }

    /// A horizontal bar chart, laid out here so the template only places rectangles and labels.
    struct Chart {
        var title: String
        var height: Int
        var bars: [Bar]
        var hasBars: Bool

        /// `tone` colours the bar (`quiet` for plain counts); `code` is the raw code, for the tooltip.
        struct Bar { var label: String; var code: String; var tone: String; var value: Int; var y: Int; var textY: Int; var width: Int }

        init(title: String, items: [(String, Int)]) {
            self.init(title: title, worded: items.map { (Wording($0.0, .active, code: $0.0), $0.1) })
        }

        init(title: String, worded items: [(Wording, Int)]) {
            let top = max(1, items.map(\.1).max() ?? 1)
            self.title = title
            bars = items.enumerated().map { index, item in
                Bar(label: item.0.text, code: item.0.code, tone: item.0.tone, value: item.1, y: index * 24, textY: index * 24 + 15,
                    width: Int((Double(item.1) / Double(top) * 360).rounded()))
            }
            height = max(24, items.count * 24)
            hasBars = items.contains { $0.1 > 0 }
        }
    }

    /// Candidates not done by their status, then the done ones by outcome.
    static let funnelOrder = CandidateStatus.notDone.map(\.rawValue) + CandidateOutcome.allCases.map(\.rawValue)

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let id = try context.parameters.require("id")
        guard let detail = try await database.campaign(id: id) else { return PageResponse.notFound() }
        // The page may be a few seconds behind calls in progress (ReportPages.staleness).
        let staleness = Self.staleness
        let report = try await database.report(campaignID: id, staleFor: staleness)
        let outcomes = try await database.outcomeCounts(campaignID: id, staleFor: staleness)
        let zone = TimeZone(identifier: detail.campaign.timezone) ?? TimeZone(identifier: "UTC")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var hours = Array(repeating: 0, count: 24)
        for span in try await database.callsPerTenMinutes(campaignID: id, staleFor: staleness) { hours[calendar.component(.hour, from: span.start)] += span.calls }
        let busyHours = hours.indices.filter { hours[$0] > 0 }
        let hourRange = busyHours.isEmpty ? [] : Array(busyHours.first!...busyHours.last!)
        let page = ReportPageModel(
            title: "Report: \(detail.campaign.name)", chrome: chrome(signedIn), campaignName: detail.campaign.name,
            campaignURL: "/campaigns/\(id)", csvURL: "/campaigns/\(id)/results.csv",
            shortlistURL: "/campaigns/\(id)/shortlist",
            metrics: Self.metrics(report, manualMinutesPerCall: manualMinutesPerCall),
            funnel: Chart(title: "Candidates by outcome", worded: Self.funnelOrder.map { (StoredWords.funnel($0), outcomes[$0] ?? 0) }),
            perHour: Chart(title: "Calls placed per hour (\(detail.campaign.timezone))",
                           items: hourRange.map { (String(format: "%02d:00", $0), hours[$0]) }))
        return renderer.html("report", page)
    }

    /// The shortlist CSV for a signed-in browser (viewers get masked phones, as in the API).
    @Sendable func csv(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let id = try context.parameters.require("id")
        return try await export.response(campaignID: id, for: signedIn.principal) ?? PageResponse.notFound()
    }

    static func metrics(_ report: CampaignReport, manualMinutesPerCall: Int) -> [ReportPageModel.Metric] {
        func percent(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }
        func dollars(_ cents: Int?) -> String { cents.map { String(format: "$%.2f", Double($0) / 100) } ?? "—" }
        let saved = report.timeSavedMinutes(manualMinutesPerCall: manualMinutesPerCall)
        return [
            .init(label: "Call completion rate", value: percent(report.callCompletionRate),
                  detail: "\(report.completedCalls) conversations of \(report.placedCalls) calls placed"),
            .init(label: "Response rate", value: percent(report.responseRate),
                  detail: "\(report.answered) answered of \(report.called) candidates called"),
            .init(label: "Qualification rate", value: percent(report.qualificationRate),
                  detail: "\(report.qualified) qualified of \(report.answered) who answered"),
            .init(label: "Time saved", value: "\(saved / 60) h \(saved % 60) min",
                  detail: "\(manualMinutesPerCall) min per answered call, 2 min per unanswered attempt"),
            .init(label: "Cost per qualified lead", value: dollars(report.costPerQualifiedLeadCents),
                  detail: "\(dollars(report.totalCostCents)) spent in all"),
        ]
    }
}
