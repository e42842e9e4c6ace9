import Foundation
import TOMLKit

/// One thing wrong with the configuration: where (file or environment), which key, and why.
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var key: String
    public var reason: String

    public var description: String { "\(source): \(key): \(reason)" }
}

/// Every problem found while loading, so an operator fixes them all in one go.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var problems: [ConfigProblem]

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// A loaded, validated configuration and the warnings that do not stop start-up.
public struct LoadedConfig: Sendable {
    public var config: Config
    public var warnings: [ConfigProblem]
}

/// Reads `config.toml`, then `SHORTLIST_<SECTION>_<KEY>` variables (which win), then systemd
/// credentials, and validates the result. Unknown sections, keys and variables are errors.
public enum ConfigLoader {
    public static let defaultPath = "config.toml"

    /// - Parameters:
    ///   - path: the file; nil reads `config.toml` when it exists and otherwise uses the defaults.
    ///   - environment: the process environment (injected for tests).
    public static func load(path: String?, environment: [String: String]) throws(ConfigError) -> LoadedConfig {
        var reader = Reader(keys: ConfigKey.all)
        let filePath = path ?? (FileManager.default.fileExists(atPath: defaultPath) ? defaultPath : nil)
        if let filePath { reader.readFile(filePath) }
        reader.readEnvironment(environment)
        reader.readCredentials(environment)
        let validation = ConfigValidator(config: reader.config, origins: reader.origins).validate()
        let problems = reader.problems + validation.errors
        guard problems.isEmpty else { throw ConfigError(problems: problems) }
        return LoadedConfig(config: reader.config, warnings: validation.warnings)
    }

    /// Validates a config built in code (`shortlist demo`); `source` names it in problems.
    public static func validated(_ config: Config, source: String) throws(ConfigError) -> LoadedConfig {
        let validation = ConfigValidator(config: config, origins: [:]).validate()
        guard validation.errors.isEmpty else {
            throw ConfigError(problems: validation.errors.map { ConfigProblem(source: source, key: $0.key, reason: $0.reason) })
        }
        return LoadedConfig(config: config, warnings: validation.warnings)
    }
}

/// The mutable state of one load: the config so far, where each key came from, what went wrong.
private struct Reader {
    let keys: [ConfigKey]
    var config = Config()
    var origins: [String: String] = [:]
    var problems: [ConfigProblem] = []

    init(keys: [ConfigKey]) { self.keys = keys }

    mutating func readFile(_ path: String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            problems.append(.init(source: path, key: "(file)", reason: "cannot be read (missing or no permission)"))
            return
        }
        guard let text = String(data: data, encoding: .utf8) else {
            problems.append(.init(source: path, key: "(file)", reason: "is not UTF-8 text"))
            return
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let at = "line \(error.source.begin.line), column \(error.source.begin.column)"
            problems.append(.init(source: path, key: "(syntax)", reason: "\(error.description) at \(at)"))
            return
        } catch {
            problems.append(.init(source: path, key: "(syntax)", reason: "\(error)"))
            return
        }
        for section in table.keys.sorted() {
            readSection(section, table[section], file: path)
        }
    }

    private mutating func readSection(_ section: String, _ node: (any TOMLValueConvertible)?, file: String) {
        let sectionKeys = keys.filter { $0.section == section }
        guard !sectionKeys.isEmpty else {
            let known = Set(keys.map(\.section)).sorted().joined(separator: ", ")
            problems.append(.init(source: file, key: section, reason: "unknown section (known: \(known))"))
            return
        }
        guard let table = node?.table else {
            problems.append(.init(source: file, key: section, reason: "must be a [\(section)] table"))
            return
        }
        for name in table.keys.sorted() {
            guard let key = sectionKeys.first(where: { $0.name == name }) else {
                problems.append(.init(source: file, key: "\(section).\(name)", reason: "unknown key"))
                continue
            }
            guard let value = table[name].flatMap({ Self.value(of: $0, as: key.kind) }) else {
                problems.append(.init(source: file, key: key.path, reason: key.expectation))
                continue
            }
            store(value, for: key, origin: file)
        }
    }

    mutating func readEnvironment(_ environment: [String: String]) {
        for (name, text) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix("SHORTLIST_") {
            guard let key = keys.first(where: { $0.environmentName == name }) else {
                problems.append(.init(source: "environment", key: name, reason: "unknown variable"))
                continue
            }
            guard let value = key.kind.parse(environment: text) else {
                problems.append(.init(source: "environment", key: name, reason: key.expectation))
                continue
            }
            store(value, for: key, origin: "environment (\(name))")
        }
    }

    /// systemd's `LoadCredential=retell_api_key:…` puts the key in a file; used when none is set.
    mutating func readCredentials(_ environment: [String: String]) {
        guard config.retell.apiKey.isEmpty, let folder = environment["CREDENTIALS_DIRECTORY"] else { return }
        let path = folder + "/retell_api_key"
        guard let data = FileManager.default.contents(atPath: path),
              let key = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
              !key.isEmpty
        else { return }
        config.retell.apiKey = key
        origins["retell.api_key"] = "credential \(path)"
    }

    private mutating func store(_ value: ConfigValue, for key: ConfigKey, origin: String) {
        if let choices = key.choices, case .string(let text) = value, !choices.contains(text) {
            let source = origin.hasPrefix("environment") ? "environment" : origin
            let name = origin.hasPrefix("environment") ? key.environmentName : key.path
            problems.append(.init(source: source, key: name, reason: "must be one of \(choices.joined(separator: ", "))"))
            return
        }
        key.store(&config, value)
        origins[key.path] = origin
    }

    private static func value(of node: any TOMLValueConvertible, as kind: ConfigKey.Kind) -> ConfigValue? {
        switch kind {
        case .string: return node.string.map(ConfigValue.string)
        case .int: return node.int.map(ConfigValue.int)
        case .double: return node.double.map(ConfigValue.double) ?? node.int.map(ConfigValue.int)
        case .bool: return node.bool.map(ConfigValue.bool)
        case .strings:
            guard let array = node.array else { return nil }
            var items: [String] = []
            for element in array {
                guard let text = element.string else { return nil }
                items.append(text)
            }
            return .strings(items)
        }
    }
}
