import Foundation

/// A value read from the file or the environment, before it is stored in `Config`.
enum ConfigValue: Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case strings([String])
}

/// One `[section] key` that the config knows: its type and where it lives in `Config`.
struct ConfigKey {
    enum Kind: String {
        case string, int = "integer", double = "number", bool = "boolean", strings = "array of strings"
    }

    let section: String
    let name: String
    let kind: Kind
    let store: (inout Config, ConfigValue) -> Void
    /// For string keys that take one of a few words.
    var choices: [String]? = nil

    /// "must be an integer", "must be a string", … for problems.
    var expectation: String {
        let article = kind == .int || kind == .strings ? "an" : "a"
        return "must be \(article) \(kind.rawValue)"
    }

    /// `section.key`, as problems name it.
    var path: String { "\(section).\(name)" }

    /// `SHORTLIST_<SECTION>_<KEY>`.
    var environmentName: String { "SHORTLIST_\(section.uppercased())_\(name.uppercased())" }

    static func string(_ section: String, _ name: String, _ path: WritableKeyPath<Config, String>) -> ConfigKey {
        ConfigKey(section: section, name: name, kind: .string) { config, value in
            if case .string(let text) = value { config[keyPath: path] = text }
        }
    }

    static func int(_ section: String, _ name: String, _ path: WritableKeyPath<Config, Int>) -> ConfigKey {
        ConfigKey(section: section, name: name, kind: .int) { config, value in
            if case .int(let number) = value { config[keyPath: path] = number }
        }
    }

    static func double(_ section: String, _ name: String, _ path: WritableKeyPath<Config, Double>) -> ConfigKey {
        ConfigKey(section: section, name: name, kind: .double) { config, value in
            switch value {
            case .double(let number): config[keyPath: path] = number
            case .int(let number): config[keyPath: path] = Double(number)
            default: break
            }
        }
    }

    static func bool(_ section: String, _ name: String, _ path: WritableKeyPath<Config, Bool>) -> ConfigKey {
        ConfigKey(section: section, name: name, kind: .bool) { config, value in
            if case .bool(let flag) = value { config[keyPath: path] = flag }
        }
    }

    static func strings(_ section: String, _ name: String, _ path: WritableKeyPath<Config, [String]>) -> ConfigKey {
        ConfigKey(section: section, name: name, kind: .strings) { config, value in
            if case .strings(let list) = value { config[keyPath: path] = list }
        }
    }

    /// Every key, in the order `config.toml.example` documents them.
    static var all: [ConfigKey] {
        [
            .string("server", "listen", \.server.listen),
            .string("server", "public_url", \.server.publicURL),
            .string("server", "static_dir", \.server.staticDir),
            .strings("server", "trusted_proxies", \.server.trustedProxies),
            .int("server", "max_body_bytes", \.server.maxBodyBytes),
            .int("server", "idle_timeout_seconds", \.server.idleTimeoutSeconds),
            .int("server", "max_connections", \.server.maxConnections),
            .string("database", "path", \.database.path),
            .int("database", "busy_timeout_ms", \.database.busyTimeoutMS),
            ConfigKey(
                section: "retell", name: "mode", kind: .string,
                store: { config, value in
                    if case .string(let text) = value, let mode = Config.Retell.Mode(rawValue: text) {
                        config.retell.mode = mode
                    }
                },
                choices: Config.Retell.Mode.allCases.map(\.rawValue)
            ),
            .string("retell", "api_key", \.retell.apiKey),
            .strings("retell", "webhook_keys", \.retell.webhookKeys),
            .string("retell", "base_url", \.retell.baseURL),
            .string("retell", "from_number", \.retell.fromNumber),
            .string("retell", "voice_id", \.retell.voiceID),
            .string("retell", "model", \.retell.model),
            .int("retell", "concurrency", \.retell.concurrency),
            .double("retell", "max_calls_per_second", \.retell.maxCallsPerSecond),
            .int("retell", "max_call_minutes", \.retell.maxCallMinutes),
            .string("calling", "default_country", \.calling.defaultCountry),
            .string("calling", "timezone", \.calling.timezone),
            .string("calling", "window", \.calling.window),
            .strings("calling", "days", \.calling.days),
            .int("calling", "max_attempts", \.calling.maxAttempts),
            .int("calling", "retry_after_minutes", \.calling.retryAfterMinutes),
            .int("calling", "manual_minutes_per_call", \.calling.manualMinutesPerCall),
            .int("security", "session_hours", \.security.sessionHours),
            .bool("security", "cookie_secure", \.security.cookieSecure),
            .string("security", "recording_key", \.security.recordingKey),
            .strings("security", "old_recording_keys", \.security.oldRecordingKeys),
            .bool("security", "allow_insecure_http", \.security.allowInsecureHTTP),
            .int("security", "webhook_rejects_per_minute", \.security.webhookRejectsPerMinute),
            .string("storage", "recordings_dir", \.storage.recordingsDir),
            .bool("storage", "keep_recordings", \.storage.keepRecordings),
            .int("retention", "raw_events_days", \.retention.rawEventsDays),
            .int("retention", "rejected_events_days", \.retention.rejectedEventsDays),
            .int("retention", "recordings_days", \.retention.recordingsDays),
            .int("retention", "transcripts_days", \.retention.transcriptsDays),
            .int("retention", "inactive_candidates_days", \.retention.inactiveCandidatesDays),
            .string("backup", "dir", \.backup.dir),
            .int("backup", "every_hours", \.backup.everyHours),
            .int("backup", "keep", \.backup.keep),
            .double("simulator", "speedup", \.simulator.speedup),
            .int("simulator", "seed", \.simulator.seed),
            .double("simulator", "answered", \.simulator.answered),
            .double("simulator", "voicemail", \.simulator.voicemail),
            .double("simulator", "no_answer", \.simulator.noAnswer),
            .double("simulator", "busy", \.simulator.busy),
            .double("simulator", "invalid_number", \.simulator.invalidNumber),
            .double("simulator", "opt_out", \.simulator.optOut),
        ]
    }
}

extension ConfigKey.Kind {
    /// Reads an environment string as this kind; arrays are comma-separated.
    func parse(environment text: String) -> ConfigValue? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch self {
        case .string:
            return .string(text)
        case .int:
            return Int(trimmed).map(ConfigValue.int)
        case .double:
            return Double(trimmed).flatMap { $0.isFinite ? ConfigValue.double($0) : nil }
        case .bool:
            switch trimmed.lowercased() {
            case "true", "1", "yes", "on": return .bool(true)
            case "false", "0", "no", "off": return .bool(false)
            default: return nil
            }
        case .strings:
            if trimmed.isEmpty { return .strings([]) }
            return .strings(trimmed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
    }
}
