/// What a client sends to create a job; every field optional so validation can name what is missing.
public struct JobInput: Sendable, Equatable {
    public var company: String?
    public var title: String?
    public var location: String?
    public var salaryRange: String?
    public var employmentType: String?
    public var description: String?

    public init(
        company: String? = nil, title: String? = nil, location: String? = nil,
        salaryRange: String? = nil, employmentType: String? = nil, description: String? = nil
    ) {
        self.company = company
        self.title = title
        self.location = location
        self.salaryRange = salaryRange
        self.employmentType = employmentType
        self.description = description
    }
}

/// A valid job: the facts the agent may tell a candidate.
public struct JobSpec: Sendable, Equatable {
    public var company: String
    public var title: String
    public var location: String
    public var salaryRange: String
    public var employmentType: String
    public var description: String

    /// A job whose fields are already valid (read back from the store).
    public init(company: String, title: String, location: String, salaryRange: String, employmentType: String, description: String) {
        self.company = company
        self.title = title
        self.location = location
        self.salaryRange = salaryRange
        self.employmentType = employmentType
        self.description = description
    }

    public init(validating input: JobInput) throws(FieldError) {
        company = try Check.requiredText(input.company, field: "company", max: 200)
        title = try Check.requiredText(input.title, field: "title", max: 200)
        location = try Check.optionalText(input.location, field: "location", max: 200) ?? ""
        salaryRange = try Check.optionalText(input.salaryRange, field: "salary_range", max: 200) ?? ""
        employmentType = try Check.optionalText(input.employmentType, field: "employment_type", max: 100) ?? ""
        description = try Check.optionalText(input.description, field: "description", max: 20_000) ?? ""
    }
}
