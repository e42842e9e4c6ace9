import Foundation

/// Relative weights of the outcomes a simulated call can have; they need not sum to 1.
public struct OutcomeWeights: Sendable, Equatable {
    public var answered: Double
    public var voicemail: Double
    public var noAnswer: Double
    public var busy: Double
    public var invalidNumber: Double
    public var optOut: Double

    public init(
        answered: Double = 0.6, voicemail: Double = 0.15, noAnswer: Double = 0.12,
        busy: Double = 0.05, invalidNumber: Double = 0.03, optOut: Double = 0.05
    ) {
        self.answered = answered
        self.voicemail = voicemail
        self.noAnswer = noAnswer
        self.busy = busy
        self.invalidNumber = invalidNumber
        self.optOut = optOut
    }
}

/// How a `RetellSimulator` listens and behaves.
public struct SimulatorConfiguration: Sendable {
    /// Address to listen on (loopback by default).
    public var host: String
    /// Port to listen on; 0 picks a free one (see `RetellSimulator.start()`).
    public var port: Int
    /// The Bearer key every API request must carry; webhooks are signed with it, as Retell
    /// signs with the API key.
    public var apiKey: String
    /// Calls registered or ongoing at once before create-phone-call answers 429.
    public var concurrencyLimit: Int
    /// Simulated seconds per real second: 60 plays a 3-minute call in 3 seconds.
    public var speedup: Double
    /// Seeds every random choice (outcomes, timings, transcripts, analysis values).
    public var seed: UInt64
    public var outcomes: OutcomeWeights
    /// What `recording_url` and `public_log_url` start with; nil means `http://host:port`.
    public var publicBaseURL: String?
    /// When set, every webhook goes here instead of the agent's (or the call's) `webhook_url`,
    /// also for agents without one.
    public var webhookURLOverride: String?
    /// The inbound webhook URL of the simulator's numbers (Retell's `inbound_webhook_url` on a
    /// phone number): where `placeInboundCall` asks which agent takes a call. Nil: inbound calls
    /// have no agent and are not placed. Set it after `init`.
    public var inboundWebhookURL: String? = nil
    /// How long a signed `recording_url` or `public_log_url` stays good, in milliseconds of the
    /// simulator's clock (Retell's `signed_url_expiration_ms`, 24 h by default).
    public var signedURLLifetimeMS: Int64 = 86_400_000

    public init(
        host: String = "127.0.0.1", port: Int = 0, apiKey: String = "key_simulator",
        concurrencyLimit: Int = 20, speedup: Double = 60, seed: UInt64 = 1,
        outcomes: OutcomeWeights = OutcomeWeights(), publicBaseURL: String? = nil,
        webhookURLOverride: String? = nil
    ) {
        self.host = host
        self.port = port
        self.apiKey = apiKey
        self.concurrencyLimit = concurrencyLimit
        self.speedup = speedup
        self.seed = seed
        self.outcomes = outcomes
        self.publicBaseURL = publicBaseURL
        self.webhookURLOverride = webhookURLOverride
    }
}
