import Foundation

// Strict JSON decoding of API bodies: unknown keys are errors naming the field; absent keys are nil.

extension JobInput: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case company, title, location, description
        case salaryRange = "salary_range", employmentType = "employment_type"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            company: try c.decodeIfPresent(String.self, forKey: .company),
            title: try c.decodeIfPresent(String.self, forKey: .title),
            location: try c.decodeIfPresent(String.self, forKey: .location),
            salaryRange: try c.decodeIfPresent(String.self, forKey: .salaryRange),
            employmentType: try c.decodeIfPresent(String.self, forKey: .employmentType),
            description: try c.decodeIfPresent(String.self, forKey: .description))
    }
}

extension CampaignInput: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, questions, targets, calling
        case jobID = "job_id", fromNumber = "from_number", requireConsent = "require_consent"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decodeIfPresent(String.self, forKey: .name),
            jobID: try c.decodeIfPresent(String.self, forKey: .jobID),
            fromNumber: try c.decodeIfPresent(String.self, forKey: .fromNumber),
            questions: try c.decodeIfPresent([String].self, forKey: .questions),
            targets: try c.decodeIfPresent([TargetInput].self, forKey: .targets),
            calling: try c.decodeIfPresent(CallingInput.self, forKey: .calling),
            requireConsent: try c.decodeIfPresent(Bool.self, forKey: .requireConsent))
    }
}

extension TargetInput: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case key, name, description, choices, knockout
        case goalType = "goal_type"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            key: try c.decodeIfPresent(String.self, forKey: .key),
            name: try c.decodeIfPresent(String.self, forKey: .name),
            description: try c.decodeIfPresent(String.self, forKey: .description),
            goalType: try c.decodeIfPresent(String.self, forKey: .goalType),
            choices: try c.decodeIfPresent([String].self, forKey: .choices),
            knockout: try c.decodeIfPresent(Knockout.self, forKey: .knockout))
    }
}

extension CallingInput: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case timezone, days, concurrency
        case windowStart = "window_start", windowEnd = "window_end"
        case maxAttempts = "max_attempts", retryAfterMinutes = "retry_after_minutes"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            timezone: try c.decodeIfPresent(String.self, forKey: .timezone),
            windowStart: try c.decodeIfPresent(String.self, forKey: .windowStart),
            windowEnd: try c.decodeIfPresent(String.self, forKey: .windowEnd),
            days: try c.decodeIfPresent([String].self, forKey: .days),
            maxAttempts: try c.wholeNumberIfPresent(forKey: .maxAttempts),
            retryAfterMinutes: try c.wholeNumberIfPresent(forKey: .retryAfterMinutes),
            concurrency: try c.wholeNumberIfPresent(forKey: .concurrency))
    }
}

extension KeyedDecodingContainer {
    /// A whole number, read as any JSON number first: Foundation refuses a number beyond `Int`
    /// (or with a fraction) as "not valid JSON" without naming it; this names the field.
    func wholeNumberIfPresent(forKey key: Key) throws -> Int? {
        guard let number = try decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard let whole = Int(exactly: number) else {
            let path = (codingPath + [key]).map(\.stringValue).joined(separator: ".")
            throw FieldError(path, "must be a whole number, not \(number)")
        }
        return whole
    }
}

/// `POST /api/v1/dnc`: `{phone, reason?}`.
struct DNCInput: Decodable {
    var phone: String?
    var reason: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case phone, reason }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phone = try c.decodeIfPresent(String.self, forKey: .phone)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
    }
}

/// One element of a JSON candidate import. A bad element is a rejected row, not a failed request,
/// so decoding never throws for its content; it records the problem instead.
struct CandidateJSONRow: Decodable {
    var fields = CandidateFields()
    var problem: FieldError?

    init(from decoder: any Decoder) throws {
        guard let container = try? decoder.container(keyedBy: AnyCodingKey.self) else {
            problem = FieldError("row", "must be an object")
            return
        }
        for key in container.allKeys {
            let name = key.stringValue
            let value: String?
            if (try? container.decodeNil(forKey: key)) == true {
                value = nil
            } else if let text = try? container.decode(String.self, forKey: key) {
                value = text
            } else if let number = try? container.decode(Int64.self, forKey: key) {
                value = String(number)
            } else if let number = try? container.decode(Double.self, forKey: key) {
                value = String(number)
            } else if let flag = try? container.decode(Bool.self, forKey: key) {
                value = String(flag)
            } else {
                problem = FieldError(name, "must be a string, number or boolean")
                return
            }
            fields.set(value, column: name)
        }
    }
}

/// `POST /api/v1/campaigns/{id}/batches`: an empty body or `{}` takes every free candidate.
struct BatchInput: Decodable {
    var candidateIDs: [String]?

    enum CodingKeys: String, CodingKey, CaseIterable { case candidateIDs = "candidate_ids" }

    init(candidateIDs: [String]? = nil) { self.candidateIDs = candidateIDs }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        candidateIDs = try c.decodeIfPresent([String].self, forKey: .candidateIDs)
    }
}
