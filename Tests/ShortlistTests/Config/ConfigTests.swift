import Foundation
import Testing
@testable import Shortlist

/// A fresh temporary folder per test, removed when the test ends. It holds the config file and
/// serves as `static_dir`, so no test depends on the working directory.
private final class ConfigScratch {
    let folder: String

    init() {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("shortlist-config-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// The environment every test starts from: only `static_dir`, pointing at this folder.
    var environment: [String: String] { ["SHORTLIST_SERVER_STATIC_DIR": folder] }

    func write(_ text: String, to name: String = "config.toml") -> String {
        let path = folder + "/" + name
        try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func load(_ toml: String, environment extra: [String: String] = [:]) throws(ConfigError) -> LoadedConfig {
        let path = write(toml)
        return try ConfigLoader.load(path: path, environment: environment.merging(extra) { _, new in new })
    }

    /// The problems a load reports, or [] when it loads.
    func problems(_ toml: String, environment extra: [String: String] = [:]) -> [ConfigProblem] {
        do {
            _ = try load(toml, environment: extra)
            return []
        } catch {
            return error.problems
        }
    }
}

private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

private let examplePath = repositoryRoot.appendingPathComponent("config.toml.example").path

/// `config.toml.example`'s uncommented `key = …` lines as `section.key`, in order.
private func exampleKeys() throws -> [String] {
    let text = try String(contentsOfFile: examplePath, encoding: .utf8)
    var section = ""
    var keys: [String] = []
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let line = raw.trimmingCharacters(in: .whitespaces)
        if line.isEmpty || line.hasPrefix("#") { continue }
        if line.hasPrefix("[") && line.hasSuffix("]") {
            section = String(line.dropFirst().dropLast())
        } else if let equals = line.firstIndex(of: "=") {
            keys.append(section + "." + line[..<equals].trimmingCharacters(in: .whitespaces))
        }
    }
    return keys
}

// MARK: - Defaults and the example file

@Suite("Config: defaults and the example file")
struct ConfigDefaultsTests {
    private let scratch = ConfigScratch()

    @Test("The defaults are the values DESIGN.md gives")
    func defaultsMatchDesign() {
        let config = Config()
        #expect(config.server.listen == "127.0.0.1:8080")
        #expect(config.server.staticDir == "static")
        #expect(config.server.trustedProxies == [])
        #expect(config.database.path == "data/shortlist.sqlite")
        #expect(config.retell.mode == .live)
        #expect(config.retell.apiKey == "")
        #expect(config.retell.baseURL == "https://api.retellai.com")
        #expect(config.retell.concurrency == 20)
        #expect(config.retell.maxCallsPerSecond == 2)
        #expect(config.retell.maxCallMinutes == 15)
        #expect(config.calling.window == "09:00-18:00")
        #expect(config.calling.days == ["mon", "tue", "wed", "thu", "fri"])
        #expect(config.calling.maxAttempts == 3)
        #expect(config.calling.retryAfterMinutes == 120)
    }

    @Test("An empty file loads as the defaults")
    func emptyFileLoadsDefaults() throws {
        let loaded = try scratch.load("")
        var expected = Config()
        expected.server.staticDir = scratch.folder
        #expect(loaded.config == expected)
    }

    @Test("A file that sets only static_dir loads as the defaults without any environment")
    func staticDirFromFileWithoutEnvironment() throws {
        let path = scratch.write("[server]\nstatic_dir = \"\(scratch.folder)\"\n")
        let loaded = try ConfigLoader.load(path: path, environment: [:])
        var expected = Config()
        expected.server.staticDir = scratch.folder
        #expect(loaded.config == expected)
    }

    @Test("config.toml.example loads and every value in it equals the default")
    func exampleEqualsDefaults() throws {
        let loaded = try ConfigLoader.load(path: examplePath, environment: scratch.environment)
        var expected = Config()
        expected.server.staticDir = scratch.folder
        #expect(loaded.config == expected)
    }

    @Test("A copy of config.toml.example with static_dir set in the file loads as the defaults")
    func exampleCopyEqualsDefaults() throws {
        let text = try String(contentsOfFile: examplePath, encoding: .utf8)
            .replacingOccurrences(of: "static_dir = \"static\"", with: "static_dir = \"\(scratch.folder)\"")
        let loaded = try ConfigLoader.load(path: scratch.write(text), environment: [:])
        var expected = Config()
        expected.server.staticDir = scratch.folder
        #expect(loaded.config == expected)
    }

    @Test("Every key the loader knows is documented in config.toml.example, and no other")
    func exampleDocumentsEveryKey() throws {
        let documented = try exampleKeys()
        let known = ConfigKey.all.map(\.path)
        #expect(Set(known).subtracting(documented).sorted() == [])
        #expect(Set(documented).subtracting(known).sorted() == [])
        #expect(documented.count == Set(documented).count, "a key is documented twice")
    }

    @Test("config.toml.example lists the keys in the schema's order")
    func exampleKeepsSchemaOrder() throws {
        #expect(try exampleKeys() == ConfigKey.all.map(\.path))
    }

    @Test("Every key reads from SHORTLIST_<SECTION>_<KEY>")
    func environmentNames() {
        let names = ConfigKey.all.map(\.environmentName)
        #expect(names.contains("SHORTLIST_RETELL_API_KEY"))
        #expect(names.contains("SHORTLIST_SERVER_LISTEN"))
        #expect(names.contains("SHORTLIST_SIMULATOR_NO_ANSWER"))
        #expect(names.count == Set(names).count)
    }

    @Test("The webhook URL joins public_url and /webhooks/retell with or without a trailing slash",
          arguments: [
              ("https://shortlist.example.com", "https://shortlist.example.com/webhooks/retell"),
              ("https://shortlist.example.com/", "https://shortlist.example.com/webhooks/retell"),
              ("https://example.com/shortlist", "https://example.com/shortlist/webhooks/retell"),
              ("https://example.com/shortlist/", "https://example.com/shortlist/webhooks/retell"),
          ])
    func webhookURL(publicURL: String, expected: String) throws {
        let loaded = try scratch.load("[server]\npublic_url = \"\(publicURL)\"\n")
        #expect(loaded.config.webhookURL == expected)
    }

    @Test("The default webhook URL points at the default listen address")
    func defaultWebhookURL() {
        #expect(Config().webhookURL == "http://127.0.0.1:8080/webhooks/retell")
    }
}

// MARK: - Environment and credentials

@Suite("Config: environment overrides and credentials")
struct ConfigEnvironmentTests {
    private let scratch = ConfigScratch()

    @Test("A string from the environment wins over the file")
    func stringOverride() throws {
        let loaded = try scratch.load(
            "[server]\nlisten = \"127.0.0.1:9000\"\n", environment: ["SHORTLIST_SERVER_LISTEN": "0.0.0.0:9001"])
        #expect(loaded.config.server.listen == "0.0.0.0:9001")
    }

    @Test("A string from the environment is kept exactly, spaces included")
    func stringOverrideIsNotTrimmed() throws {
        let loaded = try scratch.load("", environment: ["SHORTLIST_RETELL_API_KEY": " key with spaces "])
        #expect(loaded.config.retell.apiKey == " key with spaces ")
    }

    @Test("An integer from the environment wins over the file, surrounding spaces allowed")
    func intOverride() throws {
        let loaded = try scratch.load(
            "[retell]\nconcurrency = 10\n", environment: ["SHORTLIST_RETELL_CONCURRENCY": " 30 "])
        #expect(loaded.config.retell.concurrency == 30)
    }

    @Test("A number from the environment wins over the file, with or without a fraction",
          arguments: [("4.5", 4.5), ("3", 3.0), ("0.25", 0.25)])
    func doubleOverride(text: String, value: Double) throws {
        let loaded = try scratch.load(
            "[retell]\nmax_calls_per_second = 1.5\n", environment: ["SHORTLIST_RETELL_MAX_CALLS_PER_SECOND": text])
        #expect(loaded.config.retell.maxCallsPerSecond == value)
    }

    @Test("A boolean from the environment wins over the file in each accepted spelling",
          arguments: [
              ("true", true), ("1", true), ("yes", true), ("on", true), ("TRUE", true), ("Yes", true),
              ("false", false), ("0", false), ("no", false), ("off", false), ("FALSE", false), (" no ", false),
          ])
    func boolOverride(text: String, value: Bool) throws {
        let loaded = try scratch.load(
            "[security]\ncookie_secure = \(!value)\n", environment: ["SHORTLIST_SECURITY_COOKIE_SECURE": text])
        #expect(loaded.config.security.cookieSecure == value)
    }

    @Test("A list from the environment is comma-separated and trimmed, and wins over the file",
          arguments: [
              ("mon,wed,fri", ["mon", "wed", "fri"]),
              (" mon , wed,fri ", ["mon", "wed", "fri"]),
              ("sat", ["sat"]),
          ])
    func listOverride(text: String, days: [String]) throws {
        let loaded = try scratch.load(
            "[calling]\ndays = [\"tue\"]\n", environment: ["SHORTLIST_CALLING_DAYS": text])
        #expect(loaded.config.calling.days == days)
    }

    @Test("An empty list variable clears the list")
    func emptyListOverride() throws {
        let loaded = try scratch.load(
            "[server]\ntrusted_proxies = [\"10.0.0.1\"]\n", environment: ["SHORTLIST_SERVER_TRUSTED_PROXIES": ""])
        #expect(loaded.config.server.trustedProxies == [])
    }

    @Test("An address list from the environment is read item by item")
    func proxiesOverride() throws {
        let loaded = try scratch.load(
            "", environment: ["SHORTLIST_SERVER_TRUSTED_PROXIES": "10.0.0.1, 192.168.0.0/16,::1"])
        #expect(loaded.config.server.trustedProxies == ["10.0.0.1", "192.168.0.0/16", "::1"])
    }

    @Test("The mode reads from the environment")
    func modeOverride() throws {
        let loaded = try scratch.load(
            "[retell]\nmode = \"live\"\n", environment: ["SHORTLIST_RETELL_MODE": "simulator"])
        #expect(loaded.config.retell.mode == .simulator)
    }

    @Test("Variables that do not start with SHORTLIST_ are ignored")
    func otherVariablesIgnored() throws {
        let loaded = try scratch.load("", environment: ["PATH": "/usr/bin", "HOME": "/root", "shortlist_x": "1"])
        #expect(loaded.config.retell.concurrency == 20)
    }

    @Test("A systemd credential fills the API key when none is set")
    func credentialFillsKey() throws {
        let credentials = scratch.folder + "/credentials"
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true)
        try Data("key_from_credential\n".utf8).write(to: URL(fileURLWithPath: credentials + "/retell_api_key"))
        let loaded = try scratch.load("", environment: ["CREDENTIALS_DIRECTORY": credentials])
        #expect(loaded.config.retell.apiKey == "key_from_credential")
        #expect(!loaded.warnings.contains { $0.key == "retell.api_key" })
    }

    @Test("A systemd credential does not replace an API key set in the environment or the file",
          arguments: [
              ("", ["SHORTLIST_RETELL_API_KEY": "key_from_env"], "key_from_env"),
              ("[retell]\napi_key = \"key_from_file\"\n", [:], "key_from_file"),
          ])
    func credentialDoesNotReplaceKey(toml: String, environment: [String: String], expected: String) throws {
        let credentials = scratch.folder + "/credentials"
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true)
        try Data("key_from_credential".utf8).write(to: URL(fileURLWithPath: credentials + "/retell_api_key"))
        var env = environment
        env["CREDENTIALS_DIRECTORY"] = credentials
        let loaded = try scratch.load(toml, environment: env)
        #expect(loaded.config.retell.apiKey == expected)
    }

    @Test("A credentials folder without the key, or with an empty key file, leaves the key empty",
          arguments: [nil, "", "  \n"] as [String?])
    func credentialMissingOrEmpty(content: String?) throws {
        let credentials = scratch.folder + "/credentials"
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true)
        if let content {
            try Data(content.utf8).write(to: URL(fileURLWithPath: credentials + "/retell_api_key"))
        }
        let loaded = try scratch.load("", environment: ["CREDENTIALS_DIRECTORY": credentials])
        #expect(loaded.config.retell.apiKey == "")
        #expect(loaded.warnings.contains { $0.key == "retell.api_key" })
    }
}

// MARK: - Problems while reading

@Suite("Config: problems while reading")
struct ConfigReadingProblemTests {
    private let scratch = ConfigScratch()

    @Test("An unknown section is a problem naming the file and the section")
    func unknownSection() {
        let path = scratch.folder + "/config.toml"
        let problems = scratch.problems("[srever]\nlisten = \"127.0.0.1:8080\"\n")
        #expect(problems.count == 1)
        #expect(problems.first?.source == path)
        #expect(problems.first?.key == "srever")
        #expect(problems.first?.reason.contains("unknown section") == true)
    }

    @Test("An unknown key is a problem naming section.key")
    func unknownKey() {
        let problems = scratch.problems("[server]\nlisen = \"127.0.0.1:8080\"\n")
        #expect(problems.map(\.key) == ["server.lisen"])
        #expect(problems.first?.source == scratch.folder + "/config.toml")
        #expect(problems.first?.reason == "unknown key")
    }

    @Test("A top-level key that is not a section is a problem")
    func keyOutsideSection() {
        let problems = scratch.problems("listen = \"127.0.0.1:8080\"\n")
        #expect(problems.map(\.key) == ["listen"])
    }

    @Test("A known section written as a plain value is a problem")
    func sectionNotATable() {
        let problems = scratch.problems("server = 1\n")
        #expect(problems.map(\.key) == ["server"])
        #expect(problems.first?.reason.contains("[server]") == true)
    }

    @Test("An unknown SHORTLIST_ variable is a problem naming the variable")
    func unknownVariable() {
        let problems = scratch.problems("", environment: ["SHORTLIST_SERVER_LISEN": "127.0.0.1:8080"])
        #expect(problems.count == 1)
        #expect(problems.first?.source == "environment")
        #expect(problems.first?.key == "SHORTLIST_SERVER_LISEN")
        #expect(problems.first?.reason == "unknown variable")
    }

    struct TypeCase: Sendable, CustomTestStringConvertible {
        let toml: String
        let key: String
        let kind: String
        var testDescription: String { toml.replacingOccurrences(of: "\n", with: " ") }
    }

    @Test("A value of the wrong TOML type is a problem naming the key and the expected type",
          arguments: [
              TypeCase(toml: "[retell]\nconcurrency = \"20\"", key: "retell.concurrency", kind: "integer"),
              TypeCase(toml: "[retell]\nconcurrency = 2.5", key: "retell.concurrency", kind: "integer"),
              TypeCase(toml: "[server]\nlisten = 8080", key: "server.listen", kind: "string"),
              TypeCase(toml: "[retell]\nmax_calls_per_second = \"2\"", key: "retell.max_calls_per_second", kind: "number"),
              TypeCase(toml: "[security]\ncookie_secure = \"yes\"", key: "security.cookie_secure", kind: "boolean"),
              TypeCase(toml: "[security]\ncookie_secure = 1", key: "security.cookie_secure", kind: "boolean"),
              TypeCase(toml: "[calling]\ndays = \"mon\"", key: "calling.days", kind: "array of strings"),
              TypeCase(toml: "[calling]\ndays = [\"mon\", 2]", key: "calling.days", kind: "array of strings"),
              TypeCase(toml: "[server]\ntrusted_proxies = [[\"10.0.0.1\"]]", key: "server.trusted_proxies", kind: "array of strings"),
              TypeCase(toml: "[retell]\nmode = 1", key: "retell.mode", kind: "string"),
              TypeCase(toml: "[server]\nlisten = { host = \"x\" }", key: "server.listen", kind: "string"),
          ])
    func wrongTOMLType(_ test: TypeCase) {
        let problems = scratch.problems(test.toml + "\n")
        #expect(problems.map(\.key) == [test.key])
        #expect(problems.first?.source == scratch.folder + "/config.toml")
        #expect(problems.first?.reason.hasSuffix(test.kind) == true)
    }

    @Test("A whole number where a fractional number is expected is accepted")
    func integerForDouble() throws {
        let loaded = try scratch.load("[retell]\nmax_calls_per_second = 3\n[simulator]\nspeedup = 60\n")
        #expect(loaded.config.retell.maxCallsPerSecond == 3)
        #expect(loaded.config.simulator.speedup == 60)
    }

    struct EnvironmentTypeCase: Sendable, CustomTestStringConvertible {
        let name: String
        let value: String
        var testDescription: String { "\(name)=\(value)" }
    }

    @Test("A variable that does not read as its key's type is a problem naming the variable",
          arguments: [
              EnvironmentTypeCase(name: "SHORTLIST_RETELL_CONCURRENCY", value: "abc"),
              EnvironmentTypeCase(name: "SHORTLIST_RETELL_CONCURRENCY", value: "2.5"),
              EnvironmentTypeCase(name: "SHORTLIST_RETELL_CONCURRENCY", value: ""),
              EnvironmentTypeCase(name: "SHORTLIST_RETELL_MAX_CALLS_PER_SECOND", value: "fast"),
              EnvironmentTypeCase(name: "SHORTLIST_RETELL_MAX_CALLS_PER_SECOND", value: "inf"),
              EnvironmentTypeCase(name: "SHORTLIST_RETELL_MAX_CALLS_PER_SECOND", value: "nan"),
              EnvironmentTypeCase(name: "SHORTLIST_SECURITY_COOKIE_SECURE", value: "maybe"),
              EnvironmentTypeCase(name: "SHORTLIST_SECURITY_COOKIE_SECURE", value: "2"),
              EnvironmentTypeCase(name: "SHORTLIST_SECURITY_COOKIE_SECURE", value: ""),
          ])
    func wrongEnvironmentType(_ test: EnvironmentTypeCase) {
        let problems = scratch.problems("", environment: [test.name: test.value])
        #expect(problems.count == 1)
        #expect(problems.first?.source == "environment")
        #expect(problems.first?.key == test.name)
        #expect(problems.first?.reason.hasPrefix("must be a") == true)
    }

    @Test("A mode that is not live or simulator is a problem, in the file or the environment")
    func badMode() {
        let fromFile = scratch.problems("[retell]\nmode = \"livee\"\n")
        #expect(fromFile.map(\.key) == ["retell.mode"])
        #expect(fromFile.first?.source == scratch.folder + "/config.toml")
        #expect(fromFile.first?.reason == "must be one of live, simulator")

        let fromEnvironment = scratch.problems("", environment: ["SHORTLIST_RETELL_MODE": "Live"])
        #expect(fromEnvironment.map(\.key) == ["SHORTLIST_RETELL_MODE"])
        #expect(fromEnvironment.first?.source == "environment")
    }

    @Test("A TOML syntax error is one problem that gives its line")
    func syntaxError() {
        let problems = scratch.problems("[server]\nlisten = \"127.0.0.1:8080\"\npublic_url = \n")
        #expect(problems.count == 1)
        #expect(problems.first?.key == "(syntax)")
        #expect(problems.first?.source == scratch.folder + "/config.toml")
        #expect(problems.first?.reason.contains("line 3") == true)
    }

    @Test("A key written twice is a syntax error")
    func duplicateKey() {
        let problems = scratch.problems("[retell]\nconcurrency = 1\nconcurrency = 2\n")
        #expect(problems.map(\.key) == ["(syntax)"])
        #expect(problems.first?.reason.contains("line 3") == true)
    }

    @Test("A file that does not exist is a problem naming the file")
    func missingFile() {
        let path = scratch.folder + "/nope.toml"
        do {
            _ = try ConfigLoader.load(path: path, environment: scratch.environment)
            Issue.record("a missing file loaded")
        } catch {
            #expect(error.problems == [
                ConfigProblem(source: path, key: "(file)", reason: "cannot be read (missing or no permission)"),
            ])
        }
    }

    @Test("A folder given as the config file is a problem naming it")
    func folderAsFile() {
        do {
            _ = try ConfigLoader.load(path: scratch.folder, environment: scratch.environment)
            Issue.record("a folder loaded as a config file")
        } catch {
            #expect(error.problems.map(\.key) == ["(file)"])
            #expect(error.problems.first?.source == scratch.folder)
        }
    }

    @Test("A file that is not UTF-8 is a problem naming the file")
    func notUTF8() throws {
        let path = scratch.folder + "/latin1.toml"
        try Data([0x5B, 0x73, 0x65, 0x72, 0x76, 0x65, 0x72, 0x5D, 0x0A, 0x23, 0xE9, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
        do {
            _ = try ConfigLoader.load(path: path, environment: scratch.environment)
            Issue.record("a non-UTF-8 file loaded")
        } catch {
            #expect(error.problems.map(\.key) == ["(file)"])
            #expect(error.problems.first?.reason == "is not UTF-8 text")
        }
    }

    @Test("Every problem in the file is reported at once")
    func everyProblemAtOnce() {
        let problems = scratch.problems("""
            [server]
            lisen = "127.0.0.1:8080"
            [retell]
            concurrency = "many"
            [calling]
            max_attempts = 0
            """)
        #expect(problems.map(\.key).sorted() == ["calling.max_attempts", "retell.concurrency", "server.lisen"])
    }

    @Test("Problems from the file, the environment and validation are reported together")
    func problemsFromEverySource() {
        let problems = scratch.problems("""
            [srever]
            x = 1
            [retell]
            mode = "livee"
            max_call_minutes = 500
            """, environment: [
                "SHORTLIST_RETELL_CONCURRENCY": "lots",
                "SHORTLIST_NOPE": "1",
                "SHORTLIST_CALLING_TIMEZONE": "Mars/Base",
            ])
        #expect(problems.count == 6)
        #expect(Set(problems.map(\.key)) == [
            "srever", "retell.mode", "retell.max_call_minutes",
            "SHORTLIST_RETELL_CONCURRENCY", "SHORTLIST_NOPE", "calling.timezone",
        ])
    }

    @Test("A validation problem names where the value came from: the file, the variable or the default")
    func validationSourceNamesOrigin() {
        let fromFile = scratch.problems("[retell]\nconcurrency = 0\n")
        #expect(fromFile == [ConfigProblem(
            source: scratch.folder + "/config.toml", key: "retell.concurrency", reason: "must be between 1 and 1000")])

        let fromEnvironment = scratch.problems("[retell]\nconcurrency = 5\n", environment: ["SHORTLIST_RETELL_CONCURRENCY": "0"])
        #expect(fromEnvironment.map(\.source) == ["environment (SHORTLIST_RETELL_CONCURRENCY)"])
        #expect(fromEnvironment.map(\.key) == ["retell.concurrency"])

        let path = scratch.write("")
        do {
            _ = try ConfigLoader.load(path: path, environment: ["SHORTLIST_SERVER_STATIC_DIR": scratch.folder + "/nope"])
            Issue.record("a missing static_dir loaded")
        } catch {
            #expect(error.problems.map(\.source) == ["environment (SHORTLIST_SERVER_STATIC_DIR)"])
        }
    }

    @Test("The error's description lists one problem per line as source: key: reason")
    func errorDescription() {
        let error = ConfigError(problems: [
            ConfigProblem(source: "a.toml", key: "server.listen", reason: "bad"),
            ConfigProblem(source: "environment", key: "SHORTLIST_X", reason: "unknown variable"),
        ])
        #expect(error.description == "a.toml: server.listen: bad\nenvironment: SHORTLIST_X: unknown variable")
    }
}

// MARK: - Validation

/// One `[section] key = value` and the problem key it must (or must not) produce.
struct ConfigValueCase: Sendable, CustomTestStringConvertible {
    let section: String
    let line: String
    let key: String

    init(_ section: String, _ line: String, _ key: String = "") {
        self.section = section
        self.line = line
        self.key = key.isEmpty ? "\(section).\(line.prefix { $0 != " " })" : key
    }

    var toml: String { "[\(section)]\n\(line)\n" }
    var testDescription: String { "[\(section)] \(line)" }
}

private let thirtyTwoBytes = Data((0..<32).map { UInt8($0) }).base64EncodedString()
private let sixteenBytes = Data((0..<16).map { UInt8($0) }).base64EncodedString()

@Suite("Config: validation")
struct ConfigValidationTests {
    private let scratch = ConfigScratch()

    @Test("A value that breaks a rule is one problem naming its key and the file",
          arguments: [
              // [server]
              ConfigValueCase("server", "listen = \"nope\""),
              ConfigValueCase("server", "listen = \"127.0.0.1\""),
              ConfigValueCase("server", "listen = \"127.0.0.1:\""),
              ConfigValueCase("server", "listen = \":8080\""),
              ConfigValueCase("server", "listen = \"127.0.0.1:65536\""),
              ConfigValueCase("server", "listen = \"127.0.0.1:-1\""),
              ConfigValueCase("server", "listen = \"127.0.0.1:http\""),
              ConfigValueCase("server", "listen = \"::1:8080\""),
              ConfigValueCase("server", "listen = \"[::1]8080\""),
              ConfigValueCase("server", "listen = \"[::1:8080\""),
              ConfigValueCase("server", "listen = \"[]:8080\""),
              ConfigValueCase("server", "listen = \"\""),
              ConfigValueCase("server", "public_url = \"\""),
              ConfigValueCase("server", "public_url = \"shortlist.example.com\""),
              ConfigValueCase("server", "public_url = \"ftp://shortlist.example.com\""),
              ConfigValueCase("server", "public_url = \"https://\""),
              ConfigValueCase("server", "public_url = \"https://shortlist.example.com/?a=1\""),
              ConfigValueCase("server", "public_url = \"https://shortlist.example.com/#top\""),
              ConfigValueCase("server", "trusted_proxies = [\"10.0.0.300\"]"),
              ConfigValueCase("server", "trusted_proxies = [\"10.0.0.0/33\"]"),
              ConfigValueCase("server", "trusted_proxies = [\"10.0.0.0/\"]"),
              ConfigValueCase("server", "trusted_proxies = [\"10.0.0.0/8/1\"]"),
              ConfigValueCase("server", "trusted_proxies = [\"fd00::/129\"]"),
              ConfigValueCase("server", "trusted_proxies = [\"proxy.example.com\"]"),
              ConfigValueCase("server", "trusted_proxies = [\"\"]"),
              ConfigValueCase("server", "trusted_proxies = [\"10.0.0.1\", \"nope\"]"),
              ConfigValueCase("server", "max_body_bytes = 1023"),
              ConfigValueCase("server", "max_body_bytes = 104857601"),
              // [database]
              ConfigValueCase("database", "path = \"\""),
              ConfigValueCase("database", "path = \"   \""),
              ConfigValueCase("database", "busy_timeout_ms = -1"),
              ConfigValueCase("database", "busy_timeout_ms = 600001"),
              // [retell]
              ConfigValueCase("retell", "base_url = \"api.retellai.com\""),
              ConfigValueCase("retell", "base_url = \"ftp://api.retellai.com\""),
              ConfigValueCase("retell", "base_url = \"\""),
              ConfigValueCase("retell", "from_number = \"12345\""),
              ConfigValueCase("retell", "from_number = \"+1 212 555 0100 x12\""),
              ConfigValueCase("retell", "from_number = \"call me\""),
              ConfigValueCase("retell", "webhook_keys = [\"\"]"),
              ConfigValueCase("retell", "webhook_keys = [\"key_a\", \"  \"]"),
              ConfigValueCase("retell", "voice_id = \"\""),
              ConfigValueCase("retell", "model = \"\""),
              ConfigValueCase("retell", "concurrency = 0"),
              ConfigValueCase("retell", "concurrency = 1001"),
              ConfigValueCase("retell", "max_calls_per_second = 0"),
              ConfigValueCase("retell", "max_calls_per_second = 0.05"),
              ConfigValueCase("retell", "max_calls_per_second = 100.5"),
              ConfigValueCase("retell", "max_call_minutes = 0"),
              ConfigValueCase("retell", "max_call_minutes = 121"),
              // [calling]
              ConfigValueCase("calling", "default_country = \"XX\""),
              ConfigValueCase("calling", "default_country = \"\""),
              ConfigValueCase("calling", "timezone = \"Mars/Base\""),
              ConfigValueCase("calling", "timezone = \"\""),
              ConfigValueCase("calling", "window = \"9-5\""),
              ConfigValueCase("calling", "window = \"09:00\""),
              ConfigValueCase("calling", "window = \"9:00-18:00\""),
              ConfigValueCase("calling", "window = \"09:00-18:00-19:00\""),
              ConfigValueCase("calling", "window = \"18:00-09:00\""),
              ConfigValueCase("calling", "window = \"09:00-09:00\""),
              ConfigValueCase("calling", "window = \"09:00-24:01\""),
              ConfigValueCase("calling", "days = [\"funday\"]"),
              ConfigValueCase("calling", "days = [\"mon\", \"mon\"]"),
              ConfigValueCase("calling", "days = [\"Mon\", \"mon\"]"),
              ConfigValueCase("calling", "days = []"),
              ConfigValueCase("calling", "max_attempts = 0"),
              ConfigValueCase("calling", "max_attempts = 11"),
              ConfigValueCase("calling", "retry_after_minutes = 0"),
              ConfigValueCase("calling", "retry_after_minutes = 10081"),
              ConfigValueCase("calling", "manual_minutes_per_call = -1"),
              ConfigValueCase("calling", "manual_minutes_per_call = 601"),
              // [security]
              ConfigValueCase("security", "session_hours = 0"),
              ConfigValueCase("security", "session_hours = 721"),
              ConfigValueCase("security", "recording_key = \"not base64!!\""),
              ConfigValueCase("security", "recording_key = \"\(sixteenBytes)\""),
              ConfigValueCase("security", "recording_key = \"\(thirtyTwoBytes)AAAA\""),
              // [simulator]
              ConfigValueCase("simulator", "speedup = 0.5"),
              ConfigValueCase("simulator", "speedup = 10001"),
              ConfigValueCase("simulator", "seed = -1"),
              ConfigValueCase("simulator", "seed = 2147483648"),
              ConfigValueCase("simulator", "answered = -0.1"),
              ConfigValueCase("simulator", "voicemail = -0.01"),
              ConfigValueCase("simulator", "opt_out = -0.05"),
              ConfigValueCase("simulator", "answered = nan"),
              ConfigValueCase("simulator", "busy = inf"),
          ])
    func invalidValue(_ test: ConfigValueCase) {
        let problems = scratch.problems(test.toml)
        #expect(problems.map(\.key) == [test.key])
        #expect(problems.first?.source == scratch.folder + "/config.toml")
    }

    @Test("A value at the edge of a rule loads",
          arguments: [
              ConfigValueCase("server", "listen = \"[::1]:8080\""),
              ConfigValueCase("server", "listen = \"127.0.0.1:0\""),
              ConfigValueCase("server", "listen = \"0.0.0.0:65535\""),
              ConfigValueCase("server", "listen = \"localhost:8080\""),
              ConfigValueCase("server", "listen = \"[::]:443\""),
              ConfigValueCase("server", "public_url = \"https://shortlist.example.com\""),
              ConfigValueCase("server", "public_url = \"https://example.com:8443/shortlist/\""),
              ConfigValueCase("server", "trusted_proxies = [\"10.0.0.1\", \"10.0.0.0/8\", \"0.0.0.0/0\"]"),
              ConfigValueCase("server", "trusted_proxies = [\"::1\", \"fd00::/8\", \"2001:db8::/128\"]"),
              ConfigValueCase("server", "max_body_bytes = 1024"),
              ConfigValueCase("server", "max_body_bytes = 104857600"),
              ConfigValueCase("database", "busy_timeout_ms = 0"),
              ConfigValueCase("database", "busy_timeout_ms = 600000"),
              ConfigValueCase("retell", "base_url = \"http://127.0.0.1:9999\""),
              ConfigValueCase("retell", "from_number = \"+1 (212) 555-0100\""),
              ConfigValueCase("retell", "from_number = \"212-555-0100\""),
              ConfigValueCase("retell", "webhook_keys = [\"key_a\", \"key_b\"]"),
              ConfigValueCase("retell", "concurrency = 1"),
              ConfigValueCase("retell", "concurrency = 1000"),
              ConfigValueCase("retell", "max_calls_per_second = 0.1"),
              ConfigValueCase("retell", "max_calls_per_second = 100"),
              ConfigValueCase("retell", "max_call_minutes = 1"),
              ConfigValueCase("retell", "max_call_minutes = 120"),
              ConfigValueCase("calling", "default_country = \"GB\""),
              ConfigValueCase("calling", "timezone = \"UTC\""),
              ConfigValueCase("calling", "timezone = \"Australia/Sydney\""),
              ConfigValueCase("calling", "window = \"00:00-24:00\""),
              ConfigValueCase("calling", "window = \" 08:30 - 17:45 \""),
              ConfigValueCase("calling", "days = [\"sat\", \"SUN\"]"),
              ConfigValueCase("calling", "max_attempts = 1"),
              ConfigValueCase("calling", "max_attempts = 10"),
              ConfigValueCase("calling", "retry_after_minutes = 1"),
              ConfigValueCase("calling", "retry_after_minutes = 10080"),
              ConfigValueCase("calling", "manual_minutes_per_call = 0"),
              ConfigValueCase("security", "session_hours = 1"),
              ConfigValueCase("security", "session_hours = 720"),
              ConfigValueCase("security", "recording_key = \"\(thirtyTwoBytes)\""),
              ConfigValueCase("simulator", "speedup = 1"),
              ConfigValueCase("simulator", "seed = 0"),
              ConfigValueCase("simulator", "answered = 0"),
          ])
    func validValue(_ test: ConfigValueCase) {
        #expect(scratch.problems(test.toml) == [])
    }

    @Test("A static_dir that does not exist, or is a file, is a problem", arguments: ["missing", "file.txt"])
    func staticDirMustBeAFolder(name: String) {
        let target = scratch.folder + "/" + name
        if name == "file.txt" { _ = scratch.write("not a folder", to: name) }
        let problems = scratch.problems("[server]\nstatic_dir = \"\(target)\"\n", environment: ["SHORTLIST_SERVER_STATIC_DIR": target])
        #expect(problems.map(\.key) == ["server.static_dir"])
        #expect(problems.first?.reason.contains(target) == true)
    }

    @Test("Each bad proxy address is its own problem")
    func eachBadProxy() {
        let problems = scratch.problems("[server]\ntrusted_proxies = [\"nope\", \"10.0.0.1\", \"10.0.0.0/40\"]\n")
        #expect(problems.map(\.key) == ["server.trusted_proxies", "server.trusted_proxies"])
        #expect(problems[0].reason.contains("\"nope\""))
        #expect(problems[1].reason.contains("\"10.0.0.0/40\""))
    }

    @Test("from_number is read with the configured default country")
    func fromNumberUsesDefaultCountry() {
        #expect(scratch.problems("[retell]\nfrom_number = \"020 7946 0958\"\n[calling]\ndefault_country = \"GB\"\n") == [])
        #expect(scratch.problems("[retell]\nfrom_number = \"020 7946 0958\"\n").map(\.key) == ["retell.from_number"])
    }

    @Test("Outcome weights that are all zero are one problem")
    func allWeightsZero() {
        let problems = scratch.problems("""
            [simulator]
            answered = 0
            voicemail = 0
            no_answer = 0
            busy = 0
            invalid_number = 0
            opt_out = 0
            """)
        #expect(problems.map(\.key) == ["simulator.answered"])
        #expect(problems.first?.reason.contains("must not all be 0") == true)
    }

    @Test("Every broken value in a file is reported, one problem each")
    func everyValidationProblemAtOnce() {
        let problems = scratch.problems("""
            [server]
            listen = "nope"
            max_body_bytes = 1
            [retell]
            concurrency = 0
            max_call_minutes = 0
            [calling]
            window = "18:00-09:00"
            days = []
            [security]
            session_hours = 0
            """)
        #expect(problems.map(\.key) == [
            "server.listen", "server.max_body_bytes", "retell.concurrency", "retell.max_call_minutes",
            "calling.window", "calling.days", "security.session_hours",
        ])
    }
}

// MARK: - Warnings

@Suite("Config: warnings")
struct ConfigWarningTests {
    private let scratch = ConfigScratch()

    @Test("An empty API key in live mode warns but the config loads")
    func emptyKeyWarnsInLiveMode() throws {
        let loaded = try scratch.load("[retell]\nmode = \"live\"\n")
        #expect(loaded.warnings.map(\.key).contains("retell.api_key"))
        #expect(loaded.warnings.first { $0.key == "retell.api_key" }?.source == "default")
    }

    @Test("A loopback public_url in live mode warns", arguments: [
        "http://127.0.0.1:8080", "http://localhost:8080/", "http://[::1]:8080",
    ])
    func loopbackPublicURLWarns(url: String) throws {
        let loaded = try scratch.load("[server]\npublic_url = \"\(url)\"\n[retell]\napi_key = \"key_test\"\n")
        #expect(loaded.warnings.map(\.key) == ["server.public_url"])
        #expect(loaded.warnings.first?.source == scratch.folder + "/config.toml")
    }

    @Test("Simulator mode warns neither about the API key nor a loopback public_url")
    func simulatorDoesNotWarn() throws {
        let loaded = try scratch.load("[retell]\nmode = \"simulator\"\n")
        #expect(loaded.warnings == [])
    }

    @Test("Live mode with a key and a public URL has no warnings")
    func liveModeConfiguredHasNoWarnings() throws {
        let loaded = try scratch.load("""
            [server]
            public_url = "https://shortlist.example.com"
            [retell]
            api_key = "key_test"
            """)
        #expect(loaded.warnings == [])
    }

    @Test("A warning's source names the variable that set the value")
    func warningNamesVariable() throws {
        let loaded = try scratch.load(
            "", environment: ["SHORTLIST_SERVER_PUBLIC_URL": "http://localhost:9000", "SHORTLIST_RETELL_API_KEY": "k"])
        #expect(loaded.warnings == [ConfigProblem(
            source: "environment (SHORTLIST_SERVER_PUBLIC_URL)", key: "server.public_url",
            reason: "is a loopback address: Retell cannot deliver webhooks to it")])
    }
}
