import Foundation
import Testing
@testable import Shortlist

@Suite("Command line: recordings rekey", .serialized)
struct RekeyCommandTests {
    @Test("recordings rekey exits 1 naming the missing key, and with a key prints how many it re-encrypted and audits the run")
    func rekey() async throws {
        let binary = try ShortlistBinary.locate()
        let folder = try DaemonFolder()
        defer { folder.remove() }
        let missing = try binary.run(["recordings", "rekey", "--config", folder.configPath], in: folder.url)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("security.recording_key is not set"))

        let key = Data(repeating: 0x42, count: 32).base64EncodedString()
        let config = try String(contentsOfFile: folder.configPath, encoding: .utf8)
            + "\n[security]\nrecording_key = \"\(key)\"\n[storage]\nrecordings_dir = \"\(folder.url.appendingPathComponent("recordings").path)\"\n"
        try Data(config.utf8).write(to: URL(fileURLWithPath: folder.configPath))
        let done = try binary.run(["recordings", "rekey", "--config", folder.configPath], in: folder.url)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("re-encrypted 0 recording(s) under the current key"))
        #expect(!done.stdout.contains(key) && !done.stderr.contains(key))
        let database = try AppDatabase.openFile(path: folder.databasePath, busyTimeoutMS: 1_000)
        let audit = try #require(try await database.auditLog(subjectType: "recordings").first)
        #expect(audit.action == "recordings.rekey" && audit.actorLabel == "cli")
        try database.close()
    }
}
