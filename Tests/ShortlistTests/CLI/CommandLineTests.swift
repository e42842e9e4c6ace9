import Foundation
import Testing
@testable import Shortlist

@Suite("Command line", .serialized)
struct CommandLineTests {
    @Test("check-config exits 0 on a good file and 1 listing every problem on a bad one")
    func checkConfig() throws {
        let binary = try ShortlistBinary.locate()
        let folder = try DaemonFolder()
        defer { folder.remove() }
        let good = try binary.run(["check-config", "--config", folder.configPath], in: folder.url)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("config is valid"))
        let bad = folder.url.appendingPathComponent("bad.toml")
        try Data("[server]\nlisten = \"nowhere\"\nportt = 1\n[calling]\nmax_attempts = 0\n".utf8).write(to: bad)
        let result = try binary.run(["check-config", "--config", bad.path], in: folder.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("server.listen"))
        #expect(result.stderr.contains("server.portt: unknown key"))
        #expect(result.stderr.contains("calling.max_attempts"))
        let env = try binary.run(["check-config", "--config", folder.configPath], environment: ["SHORTLIST_RETELL_CONCURRENCY": "many"], in: folder.url)
        #expect(env.status == 1)
        #expect(env.stderr.contains("environment: SHORTLIST_RETELL_CONCURRENCY: must be an integer"))
    }

    @Test("Usage mistakes exit 1; help exits 0")
    func usage() throws {
        let binary = try ShortlistBinary.locate()
        let folder = try DaemonFolder()
        defer { folder.remove() }
        #expect(try binary.run(["frobnicate"], in: folder.url).status == 1)
        #expect(try binary.run(["user", "add", "--email", "a@example.com"], in: folder.url).status == 1)
        let help = try binary.run(["--help"], in: folder.url)
        #expect(help.status == 0)
        #expect(help.stdout.contains("serve"))
    }

    @Test("user add takes a password from stdin or prints a generated one once; bad input exits 1")
    func userAdd() throws {
        let binary = try ShortlistBinary.locate()
        let folder = try DaemonFolder()
        defer { folder.remove() }
        let config = ["--config", folder.configPath]
        let piped = try binary.run(["user", "add", "--email", "ann@example.com", "--role", "admin", "--password-stdin"] + config,
                                   stdin: "a long enough secret\n", in: folder.url)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(!piped.stdout.contains("a long enough secret"))
        let generated = try binary.run(["user", "add", "--email", "bob@example.com", "--role", "viewer"] + config, in: folder.url)
        #expect(generated.status == 0)
        #expect(generated.stdout.contains("password (shown once): "))
        let short = try binary.run(["user", "add", "--email", "cy@example.com", "--role", "viewer", "--password-stdin"] + config,
                                   stdin: "short\n", in: folder.url)
        #expect(short.status == 1)
        let duplicate = try binary.run(["user", "add", "--email", "ANN@example.com", "--role", "viewer"] + config, in: folder.url)
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr.contains("already exists"))
        let list = try binary.run(["user", "list"] + config, in: folder.url)
        #expect(list.stdout.contains("ann@example.com\tadmin\tactive"))
        #expect(try binary.run(["user", "disable", "--email", "bob@example.com"] + config, in: folder.url).status == 0)
        #expect(try binary.run(["user", "list"] + config, in: folder.url).stdout.contains("bob@example.com\tviewer\tdisabled"))
        #expect(try binary.run(["user", "disable", "--email", "nobody@example.com"] + config, in: folder.url).status == 1)
    }

    @Test("token create prints the token once and stores only its hash")
    func tokenCreate() async throws {
        let binary = try ShortlistBinary.locate()
        let folder = try DaemonFolder()
        defer { folder.remove() }
        let result = try binary.run(["token", "create", "--name", "ats", "--role", "recruiter", "--config", folder.configPath], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        let token = try #require(result.stdout.split(separator: "\n").last.map(String.init))
        #expect(token.hasPrefix("slt_"))
        let database = try AppDatabase.openFile(path: folder.databasePath, busyTimeoutMS: 1_000)
        let stored = try await database.tokens()
        #expect(stored.map(\.tokenHash) == [APIToken.hash(token)])
        #expect(try await database.authenticateToken(hash: APIToken.hash(token))?.role == .recruiter)
        try database.close()
    }

    @Test("backup writes a checked copy and refuses to overwrite; migrate reports what it applied")
    func backupAndMigrate() throws {
        let binary = try ShortlistBinary.locate()
        let folder = try DaemonFolder()
        defer { folder.remove() }
        let config = ["--config", folder.configPath]
        let migrate = try binary.run(["migrate"] + config, in: folder.url)
        #expect(migrate.stdout.contains("applied: v1, v2, v3"))
        #expect(try binary.run(["migrate"] + config, in: folder.url).stdout.contains("up to date"))
        let target = folder.url.appendingPathComponent("copy.sqlite").path
        let first = try binary.run(["backup", "--to", target] + config, in: folder.url)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try AppDatabase.integrityCheck(path: target) == "ok")
        let second = try binary.run(["backup", "--to", target] + config, in: folder.url)
        #expect(second.status == 1)
        #expect(second.stderr.contains("already exists"))
    }

    @Test("A database that cannot be opened is a runtime failure: exit 2")
    func runtimeFailure() throws {
        let binary = try ShortlistBinary.locate()
        let folder = try DaemonFolder()
        defer { folder.remove() }
        let blocker = folder.url.appendingPathComponent("file")
        try Data().write(to: blocker)
        let result = try binary.run(["migrate", "--config", folder.configPath],
                                    environment: ["SHORTLIST_DATABASE_PATH": blocker.path + "/db.sqlite"], in: folder.url)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("error: "))
    }
}
