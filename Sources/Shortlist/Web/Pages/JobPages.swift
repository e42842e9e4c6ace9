import Foundation
import Hummingbird

/// `GET /jobs`, `GET /jobs/new`, `POST /jobs`, `GET /jobs/{id}/edit`, `POST /jobs/{id}`. Everyone
/// signed in reads; recruiters and admins create and edit. A form with a bad field comes back with
/// the message beside that field and everything the user typed.
struct JobPages: Sendable {
    let database: AppDatabase
    let renderer: PageRenderer
    let chrome: @Sendable (SignedInUser) -> Chrome
    /// A job edit that leaves a calling campaign's agent out of date pauses that campaign's calls.
    let batches: BatchControl

    struct JobListPageModel: PageModel {
        var title = "Jobs"
        var chrome: Chrome?
        var canWrite: Bool
        var jobs: [Row]
        var hasJobs: Bool

        struct Row {
            var title: String
            var company: String
            var location: String
            var editURL: String
            var newCampaignURL: String
        }
    }

    struct JobFormPageModel: PageModel {
        var title: String
        var chrome: Chrome?
        var action: String
        var submitLabel: String
        var fields: [Field]

        struct Field {
            var name: String
            var label: String
            var value: String
            var error: String?
            var multiline: Bool
            var required: Bool
        }
    }

    static let fieldSpecs: [(name: String, label: String, multiline: Bool, required: Bool)] = [
        ("company", "Company", false, true), ("title", "Job title", false, true), ("location", "Location", false, false),
        ("salary_range", "Salary range", false, false), ("employment_type", "Employment type", false, false),
        ("description", "Description", true, false),
    ]

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let jobs = try await database.jobs(after: nil, limit: 500).items.map {
            JobListPageModel.Row(title: $0.title, company: $0.company, location: $0.location, editURL: "/jobs/\($0.id)/edit", newCampaignURL: "/campaigns/new?job=\($0.id)")
        }
        return renderer.html("jobs", JobListPageModel(
            chrome: chrome(signedIn), canWrite: signedIn.principal.role.canWrite, jobs: jobs, hasJobs: !jobs.isEmpty))
    }

    @Sendable func new(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        guard signedIn.principal.role.canWrite else { return PageResponse.forbidden() }
        return form(signedIn, action: "/jobs", values: [:], error: nil)
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        guard signedIn.principal.role.canWrite else { return PageResponse.forbidden() }
        let id = try context.parameters.require("id")
        guard let job = try await database.job(id: id) else { return PageResponse.notFound() }
        let values = [
            "company": job.company, "title": job.title, "location": job.location, "salary_range": job.salaryRange,
            "employment_type": job.employmentType, "description": job.description,
        ]
        return form(signedIn, action: "/jobs/\(id)", values: values, error: nil)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await save(request, context, id: nil)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await save(request, context, id: try context.parameters.require("id"))
    }

    private func save(_ request: Request, _ context: AppRequestContext, id: String?) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let form = try await FormBody.read(request)
        guard signedIn.principal.role.canWrite else { return PageResponse.forbidden() }
        let values = Dictionary(uniqueKeysWithValues: Self.fieldSpecs.map { ($0.name, form[$0.name] ?? "") })
        let input = JobInput(
            company: values["company"], title: values["title"], location: values["location"],
            salaryRange: values["salary_range"], employmentType: values["employment_type"], description: values["description"])
        do {
            let spec = try JobSpec(validating: input)
            if let id {
                guard try await database.job(id: id) != nil else { return PageResponse.notFound() }
                _ = try await database.updateJob(id: id, spec, by: signedIn.principal)
                try await batches.pauseIfAgentStale(jobID: id, by: signedIn.principal)
            } else {
                _ = try await database.createJob(spec, by: signedIn.principal)
            }
            return .redirect(to: "/jobs", type: .normal)
        } catch let error as FieldError {
            return self.form(signedIn, action: id.map { "/jobs/\($0)" } ?? "/jobs", values: values, error: error, status: .unprocessableContent)
        }
    }

    private func form(
        _ signedIn: SignedInUser, action: String, values: [String: String], error: FieldError?, status: HTTPResponse.Status = .ok
    ) -> Response {
        let editing = action != "/jobs"
        let fields = Self.fieldSpecs.map { spec in
            JobFormPageModel.Field(
                name: spec.name, label: spec.label, value: values[spec.name] ?? "",
                error: error?.field == spec.name ? error?.message : nil, multiline: spec.multiline, required: spec.required)
        }
        let page = JobFormPageModel(
            title: editing ? "Edit job" : "New job", chrome: chrome(signedIn), action: action,
            submitLabel: editing ? "Save job" : "Create job", fields: fields)
        return renderer.html("job-form", page, status: status)
    }
}
