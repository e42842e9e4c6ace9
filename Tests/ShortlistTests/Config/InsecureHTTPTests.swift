import Foundation
import Testing
@testable import Shortlist

/// Live mode refuses plain http for public_url and retell.base_url unless the host is loopback
/// or `security.allow_insecure_http` says so (DESIGN §1).
@Suite("Config: plain http in live mode")
struct InsecureHTTPTests {
    static func errors(_ change: (inout Config) -> Void) -> [ConfigProblem] {
        var config = Config()
        config.server.staticDir = TestApp.repositoryRoot.appendingPathComponent("static").path
        change(&config)
        return ConfigValidator(config: config, origins: [:]).validate().errors
    }

    @Test("A public http public_url is an error naming the key and the way out")
    func publicURL() throws {
        let problem = try #require(Self.errors { $0.server.publicURL = "http://shortlist.example.com" }.first)
        #expect(problem.key == "server.public_url")
        #expect(problem.reason.contains("https"))
        #expect(problem.reason.contains("security.allow_insecure_http"))
    }

    @Test("A plain-http retell.base_url off loopback is an error")
    func baseURL() {
        #expect(Self.errors { $0.retell.baseURL = "http://api.retellai.com" }.map(\.key) == ["retell.base_url"])
    }

    @Test("Loopback hosts, https, simulator mode and allow_insecure_http are accepted")
    func accepted() {
        #expect(Self.errors { $0.server.publicURL = "http://127.0.0.1:8080" }.isEmpty)
        #expect(Self.errors { $0.server.publicURL = "http://localhost:8080"; $0.retell.baseURL = "http://[::1]:9000" }.isEmpty)
        #expect(Self.errors { $0.server.publicURL = "https://shortlist.example.com" }.isEmpty)
        #expect(Self.errors { $0.server.publicURL = "http://10.0.0.5"; $0.retell.mode = .simulator }.isEmpty)
        #expect(Self.errors { $0.server.publicURL = "http://10.0.0.5"; $0.security.allowInsecureHTTP = true }.isEmpty)
    }

    @Test("The new limits are range-checked")
    func ranges() {
        #expect(Self.errors { $0.server.idleTimeoutSeconds = 0 }.map(\.key) == ["server.idle_timeout_seconds"])
        #expect(Self.errors { $0.server.maxConnections = 1 }.map(\.key) == ["server.max_connections"])
        #expect(Self.errors { $0.security.webhookRejectsPerMinute = 0 }.map(\.key) == ["security.webhook_rejects_per_minute"])
        #expect(Self.errors { $0.retention.rejectedEventsDays = -1 }.map(\.key) == ["retention.rejected_events_days"])
    }
}
