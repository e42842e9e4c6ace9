import Foundation
import Hummingbird
import NIOCore

/// `GET /api/v1/campaigns/{id}/preview` (the dry run), `…/report` (the success metrics) and
/// `…/results.csv` (the shortlist, `ResultsExport`).
struct ReportsAPI: Sendable {
    let database: AppDatabase
    let clock: any WallClock
    let manualMinutesPerCall: Int
    let export: ResultsExport

    @Sendable func preview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let preview = try await database.preview(campaignID: id, now: clock.now())
        let skipped = preview.skipped.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.int($0.value)) }
        return .json(.object([
            ("eligible", .int(preview.eligible)), ("outside_hours", .int(preview.outsideHours)),
            ("skipped", .object(skipped)), ("first_dial_at", .time(preview.firstDialAt)),
            ("estimated_minutes", .int(preview.estimatedMinutes)), ("estimated_cost_cents", .int(preview.estimatedCostCents)),
            ("estimate_basis", .string(preview.estimateBasis)),
            ("callbacks_waiting", .int(preview.callbacksWaiting)), ("next_callback_at", .time(preview.nextCallbackAt)),
        ]))
    }

    @Sendable func report(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let report = try await database.report(campaignID: id)
        return .json(.object([
            ("candidates", .int(report.candidates)), ("called", .int(report.called)), ("answered", .int(report.answered)),
            ("completed_calls", .int(report.completedCalls)), ("placed_calls", .int(report.placedCalls)),
            ("qualified", .int(report.qualified)),
            ("call_completion_rate", .double(report.callCompletionRate)), ("response_rate", .double(report.responseRate)),
            ("qualification_rate", .double(report.qualificationRate)),
            ("time_saved_minutes", .int(report.timeSavedMinutes(manualMinutesPerCall: manualMinutesPerCall))),
            ("total_cost_cents", .int(report.totalCostCents)),
            ("cost_per_qualified_lead_cents", .int(report.costPerQualifiedLeadCents)),
        ]))
    }

    @Sendable func results(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requirePrincipal()
        guard let response = try await export.response(campaignID: id, for: principal) else {
            throw APIError.notFound("campaign \(id) not found")
        }
        return response
    }
}
