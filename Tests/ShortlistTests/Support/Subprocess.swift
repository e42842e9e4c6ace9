import Foundation
import Testing

/// Runs the built `shortlist` executable, the way an operator or systemd does.
struct ShortlistBinary {
    let url: URL

    /// The `shortlist` built beside the test bundle (`swift build` builds it).
    static func locate() throws -> ShortlistBinary {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("shortlist")
        let candidates = [beside, TestApp.repositoryRoot.appendingPathComponent(".build/debug/shortlist")]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            Issue.record("the shortlist executable is not built; run `swift build` before `swift test`")
            throw CancellationError()
        }
        return ShortlistBinary(url: found)
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs to completion with `stdin` fed in; the environment has no SHORTLIST_ variables but `environment`.
    func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil, in folder: URL) throws -> Result {
        let process = makeProcess(arguments, environment: environment, in: folder)
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    func makeProcess(_ arguments: [String], environment: [String: String], in folder: URL) -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SHORTLIST_") && $0.key != "NOTIFY_SOCKET" }
        env.merge(environment) { _, new in new }
        process.environment = env
        return process
    }
}

/// A folder with a `config.toml` for a daemon on 127.0.0.1 with an ephemeral port.
struct DaemonFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let config = """
            [server]
            listen = "127.0.0.1:0"
            static_dir = "\(TestApp.repositoryRoot.appendingPathComponent("static").path)"
            [database]
            path = "\(url.appendingPathComponent("db.sqlite").path)"
            """
        try Data(config.utf8).write(to: url.appendingPathComponent("config.toml"))
    }

    var configPath: String { url.appendingPathComponent("config.toml").path }
    var databasePath: String { url.appendingPathComponent("db.sqlite").path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
