import Foundation

/// Where a campaign stands. Every status but `archived` can be edited: a completed campaign may
/// take new candidates and start a new batch; an archived one is read-only.
public enum CampaignStatus: String, Sendable, Codable, CaseIterable {
    case draft, active, paused, completed, archived

    public var isEditable: Bool { self != .archived }
}

/// When and how often a campaign calls.
public struct CallingSettings: Sendable, Equatable {
    public var timezone: String
    public var window: CallingWindow
    public var days: [Weekday]
    public var maxAttempts: Int
    public var retryAfterMinutes: Int
    /// The campaign's own cap on calls in flight; nil: only the account's limit applies.
    public var concurrency: Int?

    public init(
        timezone: String, window: CallingWindow, days: [Weekday], maxAttempts: Int,
        retryAfterMinutes: Int, concurrency: Int? = nil
    ) {
        self.timezone = timezone
        self.window = window
        self.days = days
        self.maxAttempts = maxAttempts
        self.retryAfterMinutes = retryAfterMinutes
        self.concurrency = concurrency
    }
}

/// Calling settings as a client sends them; absent fields keep the current (or default) value.
public struct CallingInput: Sendable, Equatable {
    public var timezone: String?
    public var windowStart: String?
    public var windowEnd: String?
    public var days: [String]?
    public var maxAttempts: Int?
    public var retryAfterMinutes: Int?
    public var concurrency: Int?

    public init(
        timezone: String? = nil, windowStart: String? = nil, windowEnd: String? = nil, days: [String]? = nil,
        maxAttempts: Int? = nil, retryAfterMinutes: Int? = nil, concurrency: Int? = nil
    ) {
        self.timezone = timezone
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.days = days
        self.maxAttempts = maxAttempts
        self.retryAfterMinutes = retryAfterMinutes
        self.concurrency = concurrency
    }
}

extension CallingSettings {
    /// These settings with `input`'s fields laid over them, validated as a whole.
    public func applying(_ input: CallingInput) throws(FieldError) -> CallingSettings {
        var next = self
        if let zone = input.timezone {
            guard TimeZoneName.isValid(zone) else {
                throw FieldError("calling.timezone", "\"\(zone.prefix(64))\" is not an IANA time zone (e.g. Europe/London)")
            }
            next.timezone = zone
        }
        let start = try input.windowStart.map { text throws(FieldError) in try Self.time(text, field: "calling.window_start") }
        let end = try input.windowEnd.map { text throws(FieldError) in try Self.time(text, field: "calling.window_end") }
        if start != nil || end != nil {
            let newStart = start ?? window.start
            let newEnd = end ?? window.end
            do {
                next.window = try CallingWindow(start: newStart, end: newEnd)
            } catch {
                throw FieldError(start != nil ? "calling.window_start" : "calling.window_end", error.message)
            }
        }
        if let names = input.days {
            switch Weekday.parseList(names) {
            case .success(let days): next.days = days
            case .failure(let error): throw FieldError("calling.days", error.message)
            }
        }
        if let attempts = input.maxAttempts {
            guard (1...10).contains(attempts) else { throw FieldError("calling.max_attempts", "must be between 1 and 10") }
            next.maxAttempts = attempts
        }
        if let minutes = input.retryAfterMinutes {
            guard (1...10_080).contains(minutes) else {
                throw FieldError("calling.retry_after_minutes", "must be between 1 and 10080 (a week)")
            }
            next.retryAfterMinutes = minutes
        }
        if let cap = input.concurrency {
            guard (1...1_000).contains(cap) else { throw FieldError("calling.concurrency", "must be between 1 and 1000") }
            next.concurrency = cap
        }
        return next
    }

    private static func time(_ text: String, field: String) throws(FieldError) -> LocalTime {
        guard let time = LocalTime(parsing: text) else {
            throw FieldError(field, "\"\(text.prefix(16))\" is not a time like 09:00 (HH:MM, 24-hour)")
        }
        return time
    }
}

/// A campaign as a client sends it, for create (most fields required) and PATCH (all optional).
public struct CampaignInput: Sendable, Equatable {
    public var name: String?
    public var jobID: String?
    public var fromNumber: String?
    public var questions: [String]?
    public var targets: [TargetInput]?
    public var calling: CallingInput?
    public var requireConsent: Bool?

    public init(
        name: String? = nil, jobID: String? = nil, fromNumber: String? = nil, questions: [String]? = nil,
        targets: [TargetInput]? = nil, calling: CallingInput? = nil, requireConsent: Bool? = nil
    ) {
        self.name = name
        self.jobID = jobID
        self.fromNumber = fromNumber
        self.questions = questions
        self.targets = targets
        self.calling = calling
        self.requireConsent = requireConsent
    }
}

/// A valid campaign's editable content.
public struct CampaignSpec: Sendable, Equatable {
    public var name: String
    public var jobID: String
    /// E.164.
    public var fromNumber: String
    public var questions: [String]
    public var targets: [TargetSpec]
    public var calling: CallingSettings
    /// Dial only candidates with a consent basis (`ConsentBasis`). It changes who is called, not
    /// what the agent asks, so it never makes the agent out of date.
    public var requireConsent: Bool

    public init(
        name: String, jobID: String, fromNumber: String, questions: [String], targets: [TargetSpec],
        calling: CallingSettings, requireConsent: Bool = false
    ) {
        self.name = name
        self.jobID = jobID
        self.fromNumber = fromNumber
        self.questions = questions
        self.targets = targets
        self.calling = calling
        self.requireConsent = requireConsent
    }
}

/// What a new campaign starts from when the client leaves a field out (the config's `[calling]`).
public struct CampaignDefaults: Sendable, Equatable {
    public var fromNumber: String
    public var defaultCountry: String
    public var calling: CallingSettings

    public init(fromNumber: String, defaultCountry: String, calling: CallingSettings) {
        self.fromNumber = fromNumber
        self.defaultCountry = defaultCountry
        self.calling = calling
    }
}

extension CampaignSpec {
    /// A new campaign: `name` and `job_id` are required; the rest falls back to `defaults`.
    public init(validating input: CampaignInput, defaults: CampaignDefaults) throws(FieldError) {
        let name = try Check.requiredText(input.name, field: "name", max: 200)
        guard let jobID = input.jobID, !jobID.isEmpty else { throw FieldError("job_id", "is required") }
        let raw = input.fromNumber ?? defaults.fromNumber
        guard !raw.isEmpty else {
            throw FieldError("from_number", "is required (or set [retell] from_number in the config)")
        }
        self.init(
            name: name, jobID: jobID,
            fromNumber: try Self.phone(raw, country: defaults.defaultCountry),
            questions: try Self.validQuestions(input.questions ?? []),
            targets: try Self.validTargets(input.targets ?? []),
            calling: try defaults.calling.applying(input.calling ?? CallingInput()),
            requireConsent: input.requireConsent ?? false
        )
    }

    /// This campaign with a PATCH applied: present fields replace (questions and targets as whole lists).
    public func applying(_ input: CampaignInput, defaultCountry: String) throws(FieldError) -> CampaignSpec {
        var next = self
        if let name = input.name { next.name = try Check.requiredText(name, field: "name", max: 200) }
        if let jobID = input.jobID {
            guard !jobID.isEmpty else { throw FieldError("job_id", "must not be empty") }
            next.jobID = jobID
        }
        if let raw = input.fromNumber { next.fromNumber = try Self.phone(raw, country: defaultCountry) }
        if let questions = input.questions { next.questions = try Self.validQuestions(questions) }
        if let targets = input.targets { next.targets = try Self.validTargets(targets) }
        if let calling = input.calling { next.calling = try self.calling.applying(calling) }
        if let requireConsent = input.requireConsent { next.requireConsent = requireConsent }
        return next
    }

    static func validQuestions(_ raw: [String]) throws(FieldError) -> [String] {
        guard raw.count <= 50 else { throw FieldError("questions", "at most 50 questions") }
        var questions: [String] = []
        for (index, text) in raw.enumerated() {
            questions.append(try Check.requiredText(text, field: "questions[\(index)]", max: 1_000))
        }
        return questions
    }

    static func validTargets(_ raw: [TargetInput]) throws(FieldError) -> [TargetSpec] {
        guard raw.count <= 50 else { throw FieldError("targets", "at most 50 targets") }
        var targets: [TargetSpec] = []
        for (index, input) in raw.enumerated() {
            let target = try TargetSpec(validating: input, field: "targets[\(index)]")
            guard !targets.contains(where: { $0.key == target.key }) else {
                throw FieldError("targets[\(index)].key", "\"\(target.key)\" is used by another target of this campaign")
            }
            targets.append(target)
        }
        return targets
    }

    static func phone(_ raw: String, country: String) throws(FieldError) -> String {
        switch PhoneNumber.normalize(raw, defaultCountry: country) {
        case .success(let number): return number.e164
        case .failure(let error): throw FieldError("from_number", error.reason)
        }
    }
}
