import Foundation
import Hummingbird

/// `GET /campaigns/new`, `POST /campaigns`, `GET /campaigns/{id}/edit`, `POST /campaigns/{id}`:
/// the campaign's name, job, caller number, questions, targets and calling settings. Recruiters
/// and admins create campaigns; only the owner or an admin edits one, as with
/// `PATCH /api/v1/campaigns/{id}` (`CampaignPermission`, DESIGN §6).
/// Questions and targets are added, removed and moved by the form's own buttons (a post that
/// re-renders the form, nothing saved), so it works without JavaScript; "Save" validates as the
/// JSON API does and puts each message beside its input.
struct CampaignFormPages: Sendable {
    let database: AppDatabase
    let renderer: PageRenderer
    let chrome: @Sendable (SignedInUser) -> Chrome
    let defaults: CampaignDefaults
    /// An edit that leaves the agent out of date pauses the campaign's calls.
    let batches: BatchControl

    @Sendable func new(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        guard signedIn.principal.role.canWrite else { return PageResponse.forbidden() }
        var form = CampaignForm(CampaignSpec(
            name: "", jobID: request.uri.queryParameters.get("job").map { String($0) } ?? "",
            fromNumber: defaults.fromNumber, questions: [], targets: [], calling: defaults.calling))
        form.questions = [""]
        return try await render(signedIn, form, campaignID: nil, error: nil)
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let id = try context.parameters.require("id")
        let detail: CampaignDetail
        do {
            detail = try await CampaignAccess(database: database).require(.edit, campaignID: id, by: signedIn.principal)
        } catch let error as APIError {
            return PageResponse.refusal(error)
        }
        let notice = detail.status.isEditable ? nil : "This campaign is \(detail.status.rawValue) and can no longer be edited."
        return try await render(signedIn, CampaignForm(detail.spec), campaignID: id, error: nil, notice: notice)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let body = try await FormBody.read(request, limit: 256 * 1024)
        guard signedIn.principal.role.canWrite else { return PageResponse.forbidden() }
        var form = CampaignForm(body)
        if let edit = CampaignForm.Edit(body["_op"] ?? "") {
            form.apply(edit)
            return try await render(signedIn, form, campaignID: nil, error: nil)
        }
        do {
            let spec = try CampaignSpec(validating: try form.input(), defaults: defaults)
            let detail = try await database.createCampaign(spec, by: signedIn.principal)
            return .redirect(to: "/campaigns/\(detail.campaign.id)", type: .normal)
        } catch let error as FieldError {
            return try await render(signedIn, form, campaignID: nil, error: error, status: .unprocessableContent)
        }
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let id = try context.parameters.require("id")
        let body = try await FormBody.read(request, limit: 256 * 1024)
        if let refusal = try await CampaignAccess(database: database).refusalPage(.edit, campaignID: id, by: signedIn.principal) {
            return refusal
        }
        var form = CampaignForm(body)
        if let edit = CampaignForm.Edit(body["_op"] ?? "") {
            form.apply(edit)
            return try await render(signedIn, form, campaignID: id, error: nil)
        }
        do {
            let input = try form.input()
            let country = defaults.defaultCountry
            _ = try await database.updateCampaign(id: id, by: signedIn.principal) { current in
                try current.applying(input, defaultCountry: country)
            }
            try await batches.pauseIfAgentStale(campaignID: id, by: signedIn.principal)
            return .redirect(to: "/campaigns/\(id)", type: .normal)
        } catch let error as FieldError {
            return try await render(signedIn, form, campaignID: id, error: error, status: .unprocessableContent)
        } catch let error as StoreError {
            return try await render(signedIn, form, campaignID: id, error: nil, notice: error.description, status: .conflict)
        }
    }

    private func render(
        _ signedIn: SignedInUser, _ form: CampaignForm, campaignID: String?, error: FieldError?, notice: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let jobs = try await database.jobs(after: nil, limit: 500).items
        let page = CampaignFormPageModel.build(
            form, jobs: jobs, campaignID: campaignID, error: error, notice: notice, chrome: chrome(signedIn))
        return renderer.html("campaign-form", page, status: status)
    }
}

/// What `campaign-form.mustache` shows: each input with its name, value and message.
struct CampaignFormPageModel: PageModel {
    var title: String
    var chrome: Chrome?
    var action: String
    var submitLabel: String
    var cancelURL: String
    var summary: String?
    var name: Field
    var jobs: [Option]
    var jobError: String?
    var fromNumber: Field
    var questions: [Question]
    var questionsError: String?
    var canAddQuestion: Bool
    var targets: [TargetRow]
    var targetsError: String?
    var canAddTarget: Bool
    var timezone: Field
    var windowStart: Field
    var windowEnd: Field
    var days: [Day]
    var daysError: String?
    var maxAttempts: Field
    var retryAfterMinutes: Field
    var concurrency: Field
    var requireConsent: Bool

    struct Field { var name: String; var value: String; var error: String? }
    struct Option { var value: String; var label: String; var selected: Bool }
    struct Day { var name: String; var label: String; var checked: Bool }
    struct Question { var index: Int; var number: Int; var field: Field; var canMoveUp: Bool; var canMoveDown: Bool }
    struct TargetRow {
        var index: Int
        var number: Int
        var key: Field
        var name: Field
        var description: Field
        var goalTypeName: String
        var goalTypes: [Option]
        var goalTypeError: String?
        var choices: Field
        var knockoutError: String?
        var equalsName: String
        var equalsOptions: [Option]
        var min: Field
        var max: Field
        var allowed: Field
        var canMoveUp: Bool
        var canMoveDown: Bool
    }

    static let dayLabels: [Weekday: String] = [
        .mon: "Mon", .tue: "Tue", .wed: "Wed", .thu: "Thu", .fri: "Fri", .sat: "Sat", .sun: "Sun",
    ]

    static func build(
        _ form: CampaignForm, jobs: [JobRecord], campaignID: String?, error: FieldError?, notice: String?, chrome: Chrome
    ) -> CampaignFormPageModel {
        /// The message for input `name`: the error's field is the name, or an element of it (`choices[2]`).
        func message(_ name: String) -> String? {
            guard let error, error.field == name || error.field.hasPrefix(name + "[") else { return nil }
            return error.message
        }
        func field(_ name: String, _ value: String) -> Field { Field(name: name, value: value, error: message(name)) }
        let summary = error.map { "Not saved: \($0.field) \($0.message)." } ?? notice
        var jobOptions = jobs.map { Option(value: $0.id, label: "\($0.title) at \($0.company)", selected: $0.id == form.jobID) }
        if !jobOptions.contains(where: \.selected) {
            jobOptions.insert(Option(value: "", label: "Choose a job", selected: true), at: 0)
        }
        let questions = form.questions.enumerated().map { index, text in
            Question(
                index: index, number: index + 1, field: field("questions[\(index)]", text),
                canMoveUp: index > 0, canMoveDown: index < form.questions.count - 1)
        }
        let targets = form.targets.enumerated().map { index, row in
            let prefix = "targets[\(index)]"
            return TargetRow(
                index: index, number: index + 1, key: field("\(prefix).key", row.key), name: field("\(prefix).name", row.name),
                description: field("\(prefix).description", row.description), goalTypeName: "\(prefix).goal_type",
                goalTypes: GoalType.allCases.map { Option(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == row.goalType) },
                goalTypeError: message("\(prefix).goal_type"), choices: field("\(prefix).choices", row.choices),
                knockoutError: message("\(prefix).knockout"), equalsName: "\(prefix).knockout.equals",
                equalsOptions: [("", "no rule"), ("true", "yes"), ("false", "no")].map {
                    Option(value: $0.0, label: $0.1, selected: $0.0 == row.knockoutEquals)
                },
                min: field("\(prefix).knockout.min", row.knockoutMin), max: field("\(prefix).knockout.max", row.knockoutMax),
                allowed: field("\(prefix).knockout.in", row.knockoutIn),
                canMoveUp: index > 0, canMoveDown: index < form.targets.count - 1)
        }
        return CampaignFormPageModel(
            title: campaignID == nil ? "New campaign" : "Edit campaign", chrome: chrome,
            action: campaignID.map { "/campaigns/\($0)" } ?? "/campaigns",
            submitLabel: campaignID == nil ? "Create campaign" : "Save campaign",
            cancelURL: campaignID.map { "/campaigns/\($0)" } ?? "/",
            summary: summary, name: field("name", form.name), jobs: jobOptions, jobError: message("job_id"),
            fromNumber: field("from_number", form.fromNumber), questions: questions,
            questionsError: error?.field == "questions" ? error?.message : nil,
            canAddQuestion: form.questions.count < CampaignForm.maxRows, targets: targets,
            targetsError: error?.field == "targets" ? error?.message : nil,
            canAddTarget: form.targets.count < CampaignForm.maxRows,
            timezone: field("calling.timezone", form.timezone), windowStart: field("calling.window_start", form.windowStart),
            windowEnd: field("calling.window_end", form.windowEnd),
            days: Weekday.allCases.map { Day(name: "calling.days.\($0.rawValue)", label: dayLabels[$0] ?? $0.rawValue, checked: form.days.contains($0)) },
            daysError: message("calling.days"), maxAttempts: field("calling.max_attempts", form.maxAttempts),
            retryAfterMinutes: field("calling.retry_after_minutes", form.retryAfterMinutes),
            concurrency: field("calling.concurrency", form.concurrency), requireConsent: form.requireConsent)
    }
}
