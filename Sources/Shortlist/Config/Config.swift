import Foundation

/// The daemon's configuration: one struct per `config.toml` section, each field with the default
/// that `DESIGN.md` §1 gives it. `ConfigLoader` fills it from the file and the environment and
/// `Config.validate()` checks it; nothing else reads the file.
public struct Config: Sendable, Equatable {
    public var server = Server()
    public var database = Database()
    public var retell = Retell()
    public var calling = Calling()
    public var security = Security()
    public var storage = Storage()
    public var retention = Retention()
    public var backup = Backup()
    public var simulator = Simulator()

    public init() {}

    public struct Server: Sendable, Equatable {
        /// `host:port` the HTTP server binds to.
        public var listen = "127.0.0.1:8080"
        /// What Retell calls back; the webhook URL is `<public_url>/webhooks/retell`.
        public var publicURL = "http://127.0.0.1:8080"
        /// Folder with `templates/`, assets and `openapi.json`.
        public var staticDir = "static"
        /// Addresses of reverse proxies whose `X-Forwarded-For` is believed.
        public var trustedProxies: [String] = []
        /// Largest request body accepted, except candidate imports (10 MiB of their own).
        public var maxBodyBytes = 1_048_576
        /// Idle keep-alive connections and requests that stall are closed after this many seconds.
        public var idleTimeoutSeconds = 60
        /// Connections open at once; past this, new ones are closed at once.
        public var maxConnections = 1_024
    }

    public struct Database: Sendable, Equatable {
        public var path = "data/shortlist.sqlite"
        public var busyTimeoutMS = 5_000
    }

    public struct Retell: Sendable, Equatable {
        public enum Mode: String, Sendable, CaseIterable { case live, simulator }
        public var mode = Mode.live
        public var apiKey = ""
        /// Extra webhook signing keys accepted while a key is being rotated.
        public var webhookKeys: [String] = []
        public var baseURL = "https://api.retellai.com"
        public var fromNumber = ""
        public var voiceID = "11labs-Adrian"
        public var model = "gpt-4.1"
        public var concurrency = 20
        public var maxCallsPerSecond = 2.0
        public var maxCallMinutes = 15
    }

    public struct Calling: Sendable, Equatable {
        public var defaultCountry = "US"
        public var timezone = "America/New_York"
        public var window = "09:00-18:00"
        public var days = ["mon", "tue", "wed", "thu", "fri"]
        public var maxAttempts = 3
        public var retryAfterMinutes = 120
        public var manualMinutesPerCall = 10
    }

    public struct Security: Sendable, Equatable {
        public var sessionHours = 12
        public var cookieSecure = true
        /// Key (base64, 32 bytes) that encrypts recordings stored at rest; empty: none are stored.
        public var recordingKey = ""
        /// Keys recordings were encrypted with before a rotation: they still decrypt, never encrypt.
        public var oldRecordingKeys: [String] = []
        /// In live mode, allow a plain-http `public_url` or `base_url` whose host is not loopback.
        public var allowInsecureHTTP = false
        /// Unsigned or badly signed webhook deliveries stored per source address a minute; past
        /// this they are answered 429 and not stored.
        public var webhookRejectsPerMinute = 60
    }

    public struct Storage: Sendable, Equatable {
        /// Folder of the encrypted recordings.
        public var recordingsDir = "data/recordings"
        /// Download and keep each call's recording (needs `security.recording_key`).
        public var keepRecordings = true
    }

    /// Days each kind of personal data is kept; 0 keeps it forever.
    public struct Retention: Sendable, Equatable {
        /// Applied raw webhook bodies are reduced to their metadata after this many days.
        public var rawEventsDays = 30
        /// Days a rejected webhook delivery is kept.
        public var rejectedEventsDays = 7
        /// Stored recordings are deleted after this many days.
        public var recordingsDays = 90
        /// Transcripts (and the raw bodies holding them) are removed after this many days.
        public var transcriptsDays = 0
        /// Candidates with no activity for this many days are erased.
        public var inactiveCandidatesDays = 0
    }

    public struct Backup: Sendable, Equatable {
        /// Folder of the scheduled backups.
        public var dir = "data/backups"
        /// Hours between scheduled backups (0: none are taken).
        public var everyHours = 24
        /// Scheduled backups kept; older ones are deleted.
        public var keep = 7
    }

    public struct Simulator: Sendable, Equatable {
        /// How many simulated seconds pass in one real second.
        public var speedup = 30.0
        public var seed = 1
        /// Relative weights of the simulated call outcomes.
        public var answered = 0.55
        public var voicemail = 0.12
        public var noAnswer = 0.12
        public var busy = 0.06
        public var invalidNumber = 0.05
        public var optOut = 0.10
    }
}

extension Config {
    /// The URL Retell posts webhooks to.
    public var webhookURL: String {
        let base = server.publicURL.hasSuffix("/") ? String(server.publicURL.dropLast()) : server.publicURL
        return base + "/webhooks/retell"
    }

    /// The inbound webhook URL to set on each campaign number at Retell (README).
    public var inboundWebhookURL: String { webhookURL + "/inbound" }
}
