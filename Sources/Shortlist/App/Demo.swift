import Foundation
import Logging

/// `shortlist demo`: the daemon with the in-process Retell simulator, seeded with a job, a campaign
/// with three targets and 50 candidates in time zones where it is daytime now, an admin user and
/// token, the campaign's agent and a running batch. Calls are time-compressed by the simulator,
/// retries come a minute later, so the batch finishes in a few minutes.
public enum Demo {
    public static let adminEmail = "admin@shortlist.demo"
    static let candidates = 50

    /// What the demo prints once, when its data is in place.
    public struct Started: Sendable {
        public var baseURL: String
        public var campaignID: String
        public var batchID: String
        public var password: String
        public var token: String
        public var zones: [String]
        /// A ready-made request to the simulator: the first candidate calls the campaign number back.
        public var callBack: String?
    }

    /// The demo's configuration: simulator mode, the database under `dataDir`, loopback on `port`,
    /// behind `trustedProxies` if any.
    public static func config(port: Int, dataDir: String, staticDir: String, trustedProxies: [String] = []) throws -> LoadedConfig {
        var config = Config()
        config.server.listen = "127.0.0.1:\(port)"
        config.server.publicURL = "http://127.0.0.1:\(port)"
        config.server.staticDir = staticDir
        config.server.trustedProxies = trustedProxies
        config.database.path = URL(fileURLWithPath: dataDir).appendingPathComponent("shortlist.sqlite").path
        config.backup.dir = URL(fileURLWithPath: dataDir).appendingPathComponent("backups").path
        config.retell.mode = .simulator
        config.retell.fromNumber = "+14155550100"
        config.retell.concurrency = 10
        config.simulator.speedup = 60
        // Plain HTTP on loopback: a Secure cookie would not come back from every browser.
        config.security.cookieSecure = false
        // Recordings are kept, encrypted under a random key made once and kept in the data folder.
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        config.security.recordingKey = try RecordingKeys.kept(at: URL(fileURLWithPath: dataDir).appendingPathComponent("recording.key").path)
        config.storage.recordingsDir = URL(fileURLWithPath: dataDir).appendingPathComponent("recordings").path
        return try ConfigLoader.validated(config, source: "demo")
    }

    /// Seeds the running daemon and starts the batch.
    public static func seed(_ daemon: RunningDaemon, now: Date) async throws -> Started {
        let database = daemon.dependencies.database
        let baseURL = "http://127.0.0.1:\(daemon.port)"
        // Webhooks go to the port actually bound (the config may have asked for port 0).
        await daemon.simulator?.redirectWebhooks(to: baseURL + "/webhooks/retell")
        await daemon.simulator?.redirectInboundWebhook(to: baseURL + "/webhooks/retell/inbound")

        let password = Passwords.generate()
        let user = try await database.createUser(
            email: adminEmail, name: "Demo Admin", role: .admin, passwordHash: Passwords.hash(password), by: .cli)
        let token = APIToken.generate()
        _ = try await database.createToken(name: "demo", role: .admin, tokenHash: APIToken.hash(token), userID: user.id, by: .cli)
        let admin = Principal(kind: .user, id: user.id, label: user.email, role: .admin)

        let job = try await database.createJob(try JobSpec(validating: JobInput(
            company: "Northwind Logistics", title: "Delivery Driver", location: "Austin, TX",
            salaryRange: "$22–26 an hour", employmentType: "Full-time",
            description: "Local deliveries in a company van, 40 hours a week, day or night shifts.")), by: admin)
        let zones = openZones(at: now)
        let campaign = try await database.createCampaign(try CampaignSpec(validating: CampaignInput(
            name: "Drivers – demo", jobID: job.id,
            questions: [
                "Can you start within two weeks?",
                "Have you driven a van or box truck for work before?",
                "Which shift suits you: day or night?",
            ],
            targets: [
                TargetInput(key: "has_license", name: "Clean driving licence", description: "Holds a full licence with no major points",
                            goalType: "boolean", knockout: Knockout(equals: true)),
                TargetInput(key: "expected_hourly_rate", name: "Expected hourly rate", description: "In US dollars an hour",
                            goalType: "number", knockout: Knockout(max: 30)),
                TargetInput(key: "shift", name: "Preferred shift", goalType: "choice", choices: ["day", "night", "either"]),
            ],
            calling: CallingInput(
                timezone: zones[0].zone, windowStart: "08:00", windowEnd: "21:00",
                days: Weekday.allCases.map(\.rawValue), maxAttempts: 2, retryAfterMinutes: 1)),
            defaults: try campaignDefaults(daemon.config)), by: admin)
        let campaignID = campaign.campaign.id

        let plan = try CandidateImport.plan(csv: try CSVParser.parse(Data(csv(zones).utf8)), defaultCountry: "US")
        _ = try await database.importCandidates(plan.drafts, into: campaignID, by: admin, format: "csv")
        _ = try await daemon.services.agents.createOrUpdate(campaignID: campaignID, by: admin)
        let batch = try await daemon.services.batches.start(campaignID: campaignID, candidateIDs: nil, by: admin)
        return Started(
            baseURL: baseURL, campaignID: campaignID, batchID: batch.id, password: password, token: token,
            zones: zones.map(\.zone), callBack: callBackCommand(daemon, from: plan.drafts.first?.phone))
    }

    /// `curl` for the simulator's `POST /sim/inbound`: `from` calls the demo's campaign number.
    static func callBackCommand(_ daemon: RunningDaemon, from phone: String?) -> String? {
        guard let phone, let port = daemon.simulator?.port else { return nil }
        let key = daemon.config.retell.apiKey.isEmpty ? RetellConnection.simulatorKey : daemon.config.retell.apiKey
        return "curl -X POST -H 'Authorization: Bearer \(key)' http://127.0.0.1:\(port)/sim/inbound "
            + "-d '{\"from_number\":\"\(phone)\",\"to_number\":\"\(daemon.config.retell.fromNumber)\"}'"
    }

    /// A zone and a fictional number range that is reserved for drama in its country.
    struct DemoZone {
        var zone: String
        /// Digits after the country code up to the last two, which run 00–99.
        var prefix: String
    }

    static let allZones = [
        DemoZone(zone: "America/New_York", prefix: "+121255501"),
        DemoZone(zone: "America/Chicago", prefix: "+131255501"),
        DemoZone(zone: "America/Los_Angeles", prefix: "+121355501"),
        DemoZone(zone: "Pacific/Honolulu", prefix: "+180855501"),
        DemoZone(zone: "Europe/London", prefix: "+4420794600"),
        DemoZone(zone: "Australia/Sydney", prefix: "+612555010"),
    ]

    /// The zones where 08:00–21:00 local has at least an hour left at `now` (London and Sydney
    /// between them cover every hour), so the whole demo can call now.
    static func openZones(at now: Date) -> [DemoZone] {
        let open = allZones.filter { candidate in
            guard let zone = TimeZone(identifier: candidate.zone), let window = try? CallingWindow(parsing: "08:00-20:00")
            else { return false }
            return CallingSchedule(zone: zone, window: window, days: Weekday.allCases).isOpen(at: now)
        }
        return open.isEmpty ? [allZones[4], allZones[5]] : open
    }

    static func csv(_ zones: [DemoZone]) -> String {
        let first = ["Ava", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hugo", "Isla", "Jack", "Kira", "Leo", "Maya",
                     "Noah", "Olivia", "Priya", "Quinn", "Ravi", "Sofia", "Theo", "Uma", "Victor", "Wren", "Xavier", "Yara"]
        let last = ["Nguyen", "Smith", "Okafor", "Garcia", "Kowalski"]
        var text = "full_name,phone,timezone,consent,source\r\n"
        for index in 0..<candidates {
            let zone = zones[index % zones.count]
            let name = "\(first[index % first.count]) \(last[(index / first.count + index) % last.count])"
            text += "\(name),\(zone.prefix)\(String(format: "%02d", index)),\(zone.zone),demo data,demo\r\n"
        }
        return text
    }
}
