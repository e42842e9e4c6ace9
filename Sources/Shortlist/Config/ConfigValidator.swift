import Foundation

/// Checks the meaning of each value once the types are right. Errors stop start-up; warnings are
/// printed by `check-config` and logged by `serve`.
struct ConfigValidator {
    let config: Config
    /// Where each `section.key` was set; keys not listed kept their default.
    let origins: [String: String]

    private(set) var errors: [ConfigProblem] = []
    private(set) var warnings: [ConfigProblem] = []

    init(config: Config, origins: [String: String]) {
        self.config = config
        self.origins = origins
    }

    func validate() -> ConfigValidator {
        var copy = self
        copy.checkServer()
        copy.checkDatabase()
        copy.checkRetell()
        copy.checkCalling()
        copy.checkSecurity()
        copy.checkStorage()
        copy.checkRetention()
        copy.checkBackup()
        copy.checkSimulator()
        return copy
    }

    private mutating func fail(_ key: String, _ reason: String) {
        errors.append(.init(source: origins[key] ?? "default", key: key, reason: reason))
    }

    private mutating func warn(_ key: String, _ reason: String) {
        warnings.append(.init(source: origins[key] ?? "default", key: key, reason: reason))
    }

    private mutating func range<T: Comparable>(_ key: String, _ value: T, _ bounds: ClosedRange<T>) {
        if !bounds.contains(value) { fail(key, "must be between \(bounds.lowerBound) and \(bounds.upperBound)") }
    }

    private mutating func checkServer() {
        if ListenAddress(parsing: config.server.listen) == nil {
            fail("server.listen", "must be host:port, e.g. 127.0.0.1:8080 or [::1]:8080")
        }
        if let problem = Self.httpURLProblem(config.server.publicURL) {
            fail("server.public_url", problem)
        } else if let host = URL(string: config.server.publicURL)?.host, IPAddress.isLocal(host),
                  config.retell.mode == .live {
            warn("server.public_url", "is a loopback address: Retell cannot deliver webhooks to it")
        }
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: config.server.staticDir, isDirectory: &isDirectory)
            || !isDirectory.boolValue {
            fail("server.static_dir", "\"\(config.server.staticDir)\" is not a folder")
        }
        for proxy in config.server.trustedProxies where !TrustedProxies.isValidEntry(proxy) {
            fail("server.trusted_proxies", "\"\(proxy)\" is not an IP address or network (e.g. 10.0.0.1 or 10.0.0.0/8)")
        }
        range("server.max_body_bytes", config.server.maxBodyBytes, 1_024...104_857_600)
        range("server.idle_timeout_seconds", config.server.idleTimeoutSeconds, 5...3_600)
        range("server.max_connections", config.server.maxConnections, 16...65_536)
        insecureHTTP("server.public_url", config.server.publicURL)
    }

    /// In live mode a plain-http URL sends webhooks (or the API key) in the clear: refused unless
    /// its host is loopback or `security.allow_insecure_http` says the network is trusted.
    private mutating func insecureHTTP(_ key: String, _ text: String) {
        guard config.retell.mode == .live, !config.security.allowInsecureHTTP,
              let url = URL(string: text), url.scheme?.lowercased() == "http",
              let host = url.host, !IPAddress.isLocal(host)
        else { return }
        fail(key, "must be https in live mode (its host is not loopback); set security.allow_insecure_http = true only on a network you trust")
    }

    private mutating func checkDatabase() {
        if config.database.path.trimmingCharacters(in: .whitespaces).isEmpty {
            fail("database.path", "must not be empty")
        }
        range("database.busy_timeout_ms", config.database.busyTimeoutMS, 0...600_000)
    }

    private mutating func checkRetell() {
        let retell = config.retell
        if retell.mode == .live && retell.apiKey.isEmpty {
            warn("retell.api_key", "is empty: agents cannot be created and nobody can be called until it is set")
        }
        if let problem = Self.httpURLProblem(retell.baseURL) { fail("retell.base_url", problem) }
        insecureHTTP("retell.base_url", retell.baseURL)
        if !retell.fromNumber.isEmpty,
           case .failure(let error) = PhoneNumber.normalize(retell.fromNumber, defaultCountry: config.calling.defaultCountry) {
            fail("retell.from_number", error.reason)
        }
        if retell.webhookKeys.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            fail("retell.webhook_keys", "must not contain empty keys")
        }
        if retell.voiceID.isEmpty { fail("retell.voice_id", "must not be empty") }
        if retell.model.isEmpty { fail("retell.model", "must not be empty") }
        range("retell.concurrency", retell.concurrency, 1...1_000)
        range("retell.max_calls_per_second", retell.maxCallsPerSecond, 0.1...100)
        range("retell.max_call_minutes", retell.maxCallMinutes, 1...120)
    }

    private mutating func checkCalling() {
        let calling = config.calling
        if !PhoneNumber.isKnownCountry(calling.defaultCountry) {
            fail("calling.default_country", "\"\(calling.defaultCountry)\" is not a country code this build knows (e.g. US, GB, AU)")
        }
        if !TimeZoneName.isValid(calling.timezone) {
            fail("calling.timezone", "\"\(calling.timezone)\" is not an IANA time zone (e.g. America/New_York)")
        }
        do {
            _ = try CallingWindow(parsing: calling.window)
        } catch {
            fail("calling.window", error.message)
        }
        if case .failure(let error) = Weekday.parseList(calling.days) { fail("calling.days", error.message) }
        range("calling.max_attempts", calling.maxAttempts, 1...10)
        range("calling.retry_after_minutes", calling.retryAfterMinutes, 1...10_080)
        range("calling.manual_minutes_per_call", calling.manualMinutesPerCall, 0...600)
    }

    private mutating func checkSecurity() {
        range("security.session_hours", config.security.sessionHours, 1...720)
        let key = config.security.recordingKey
        if !key.isEmpty && Data(base64Encoded: key)?.count != 32 {
            fail("security.recording_key", "must be 32 bytes in base64 (e.g. from `openssl rand -base64 32`)")
        }
        if config.security.oldRecordingKeys.contains(where: { Data(base64Encoded: $0)?.count != 32 }) {
            fail("security.old_recording_keys", "each must be 32 bytes in base64, like recording_key")
        }
        range("security.webhook_rejects_per_minute", config.security.webhookRejectsPerMinute, 1...100_000)
    }

    private mutating func checkRetention() {
        let days = config.retention
        range("retention.raw_events_days", days.rawEventsDays, 0...36_500)
        range("retention.rejected_events_days", days.rejectedEventsDays, 0...36_500)
        range("retention.recordings_days", days.recordingsDays, 0...36_500)
        range("retention.transcripts_days", days.transcriptsDays, 0...36_500)
        range("retention.inactive_candidates_days", days.inactiveCandidatesDays, 0...36_500)
    }

    private mutating func checkStorage() {
        if config.storage.recordingsDir.isEmpty { fail("storage.recordings_dir", "must not be empty") }
    }

    private mutating func checkBackup() {
        if config.backup.dir.isEmpty { fail("backup.dir", "must not be empty") }
        range("backup.every_hours", config.backup.everyHours, 0...8_760)
        range("backup.keep", config.backup.keep, 1...1_000)
    }

    private mutating func checkSimulator() {
        let sim = config.simulator
        range("simulator.speedup", sim.speedup, 1...10_000)
        range("simulator.seed", sim.seed, 0...Int(Int32.max))
        let weights: [(String, Double)] = [
            ("simulator.answered", sim.answered), ("simulator.voicemail", sim.voicemail),
            ("simulator.no_answer", sim.noAnswer), ("simulator.busy", sim.busy),
            ("simulator.invalid_number", sim.invalidNumber), ("simulator.opt_out", sim.optOut),
        ]
        for (key, weight) in weights where !(weight >= 0 && weight.isFinite) {
            fail(key, "must be a weight of 0 or more")
        }
        if weights.map(\.1).reduce(0, +) <= 0 {
            fail("simulator.answered", "the outcome weights must not all be 0")
        }
    }

    /// nil when `text` is an absolute http(s) URL without query or fragment.
    static func httpURLProblem(_ text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              ["http", "https"].contains(scheme), let host = url.host, !host.isEmpty
        else { return "must be an http(s) URL like https://shortlist.example.com" }
        if url.query != nil || url.fragment != nil { return "must not have a query or fragment" }
        return nil
    }
}
