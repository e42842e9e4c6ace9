import Foundation

/// One turn of `transcript_object`.
public struct TranscriptTurn: Codable, Sendable, Equatable {
    /// `agent`, `user` or `transfer_target`.
    public var role: String
    public var content: String
    /// Word timings in seconds from the start of the call, when Retell sends them.
    public var words: [TranscriptWord]?

    public init(role: String, content: String, words: [TranscriptWord]? = nil) {
        self.role = role
        self.content = content
        self.words = words
    }

    enum CodingKeys: String, CodingKey {
        case role, content, words
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        role = try c.requiredString(.role)
        content = c.lenientString(.content) ?? ""
        words = c.lenientArray(TranscriptWord.self, .words)
    }
}

public struct TranscriptWord: Codable, Sendable, Equatable {
    public var word: String
    public var start: Double?
    public var end: Double?

    public init(word: String, start: Double? = nil, end: Double? = nil) {
        self.word = word
        self.start = start
        self.end = end
    }

    enum CodingKeys: String, CodingKey {
        case word, start, end
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        word = try c.requiredString(.word)
        start = c.lenientDouble(.start)
        end = c.lenientDouble(.end)
    }
}

/// `call_cost`: amounts in **cents**, unit prices in cents per second.
public struct CallCost: Codable, Sendable, Equatable {
    /// The whole call, in cents.
    public var combinedCost: Double?
    public var totalDurationSeconds: Double?
    public var totalDurationUnitPrice: Double?
    public var productCosts: [ProductCost]?

    public init(
        combinedCost: Double? = nil,
        totalDurationSeconds: Double? = nil,
        totalDurationUnitPrice: Double? = nil,
        productCosts: [ProductCost]? = nil
    ) {
        self.combinedCost = combinedCost
        self.totalDurationSeconds = totalDurationSeconds
        self.totalDurationUnitPrice = totalDurationUnitPrice
        self.productCosts = productCosts
    }

    enum CodingKeys: String, CodingKey {
        case combinedCost = "combined_cost"
        case totalDurationSeconds = "total_duration_seconds"
        case totalDurationUnitPrice = "total_duration_unit_price"
        case productCosts = "product_costs"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        combinedCost = c.lenientDouble(.combinedCost)
        totalDurationSeconds = c.lenientDouble(.totalDurationSeconds)
        totalDurationUnitPrice = c.lenientDouble(.totalDurationUnitPrice)
        productCosts = c.lenientArray(ProductCost.self, .productCosts)
    }
}

public struct ProductCost: Codable, Sendable, Equatable {
    public var product: String
    /// Cents per second.
    public var unitPrice: Double?
    /// Cents.
    public var cost: Double?

    public init(product: String, unitPrice: Double? = nil, cost: Double? = nil) {
        self.product = product
        self.unitPrice = unitPrice
        self.cost = cost
    }

    enum CodingKeys: String, CodingKey {
        case product
        case unitPrice = "unit_price"
        case cost
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        product = try c.requiredString(.product)
        unitPrice = c.lenientDouble(.unitPrice)
        cost = c.lenientDouble(.cost)
    }
}

/// `call_analysis`, present once post-call analysis is done.
public struct CallAnalysis: Codable, Sendable, Equatable {
    public var callSummary: String?
    public var inVoicemail: Bool?
    /// `Negative`, `Positive`, `Neutral` or `Unknown`.
    public var userSentiment: String?
    public var callSuccessful: Bool?
    /// Keyed by the `post_call_analysis_data` names; values of any JSON type, as they came.
    /// A key that is missing was not extracted (no conversation): it is not "false".
    public var customAnalysisData: [String: RetellJSON]?

    public init(
        callSummary: String? = nil,
        inVoicemail: Bool? = nil,
        userSentiment: String? = nil,
        callSuccessful: Bool? = nil,
        customAnalysisData: [String: RetellJSON]? = nil
    ) {
        self.callSummary = callSummary
        self.inVoicemail = inVoicemail
        self.userSentiment = userSentiment
        self.callSuccessful = callSuccessful
        self.customAnalysisData = customAnalysisData
    }

    enum CodingKeys: String, CodingKey {
        case callSummary = "call_summary"
        case inVoicemail = "in_voicemail"
        case userSentiment = "user_sentiment"
        case callSuccessful = "call_successful"
        case customAnalysisData = "custom_analysis_data"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        callSummary = c.lenientString(.callSummary)
        inVoicemail = c.lenientBool(.inVoicemail)
        userSentiment = c.lenientString(.userSentiment)
        callSuccessful = c.lenientBool(.callSuccessful)
        customAnalysisData = c.lenientObject(.customAnalysisData)
    }
}
