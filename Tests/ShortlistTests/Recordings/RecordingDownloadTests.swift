import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import Shortlist

/// The download's bounds against a real local HTTP server: the size limit by Content-Length and
/// while streaming (no Content-Length), refused answers, and https only.
@Suite("Recording download bounds")
struct RecordingDownloadTests {
    static let size = 300_000

    static func server() -> some ApplicationProtocol {
        let router = Router()
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0) }
        router.get("/sized.wav") { _, _ in
            Response(status: .ok, headers: [.contentType: "audio/wav"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("/streamed.wav") { _, _ in
            Response(status: .ok, headers: [.contentType: "audio/x-wav; codec=1"], body: ResponseBody { writer in
                for start in stride(from: 0, to: bytes.count, by: 50_000) {
                    try await writer.write(ByteBuffer(bytes: bytes[start..<min(start + 50_000, bytes.count)]))
                }
                try await writer.finish(nil)
            })
        }
        router.get("/expired.wav") { _, _ in Response(status: .forbidden) }
        return Application(router: router)
    }

    static func fetch(_ url: String, maxBytes: Int, folder: String) async throws -> (RecordingStore.Stored, String) {
        let store = RecordingStore(directory: folder, keys: RecordingKeys(currentRaw: Data(repeating: 7, count: 32)))
        let download = RecordingDownload(client: .shared, maxBytes: maxBytes, timeout: .seconds(10))
        var type = ""
        let stored = try await store.write(callID: "call-dl", maxBytes: download.maxBytes) { sink in
            type = try await download.fetch(url, into: &sink)
        }
        return (stored, type)
    }

    @Test("A recording over the limit is refused by its Content-Length or while it streams; within it, it is kept whole")
    func sizes() async throws {
        let folder = try StoreTests.temporaryFolder().path
        try await Self.server().test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            for path in ["/sized.wav", "/streamed.wav"] {
                await #expect(throws: RecordingDownloadError.tooLarge(Self.size - 1), "\(path)") {
                    _ = try await Self.fetch(base + path, maxBytes: Self.size - 1, folder: folder)
                }
                #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
                let (stored, type) = try await Self.fetch(base + path, maxBytes: Self.size, folder: folder)
                #expect(stored.bytes == Self.size)
                #expect(type == (path == "/sized.wav" ? "audio/wav" : "audio/x-wav"))
                try FileManager.default.removeItem(atPath: folder + "/" + stored.fileName)
            }
            await #expect(throws: RecordingDownloadError.refused(403)) {
                _ = try await Self.fetch(base + "/expired.wav", maxBytes: Self.size, folder: folder)
            }
        }
    }

    @Test("Only https is fetched, or plain http to a loopback host or with allow_insecure_http")
    func schemes() throws {
        let strict = RecordingDownload(client: .shared, maxBytes: 1)
        #expect(throws: Never.self) { try strict.check("https://retellai.s3.amazonaws.com/r.wav?sig=1") }
        #expect(throws: Never.self) { try strict.check("http://127.0.0.1:9/r.wav") }
        #expect(throws: Never.self) { try strict.check("http://localhost/r.wav") }
        #expect(throws: RecordingDownloadError.notHTTPS) { try strict.check("http://r.example/r.wav") }
        #expect(throws: RecordingDownloadError.notHTTPS) { try strict.check("ftp://r.example/r.wav") }
        #expect(throws: RecordingDownloadError.badAddress) { try strict.check("not a url") }
        let insecure = RecordingDownload(client: .shared, maxBytes: 1, allowInsecureHTTP: true)
        #expect(throws: Never.self) { try insecure.check("http://r.example/r.wav") }
        #expect(RecordingDownload.maxBytes(maxCallMinutes: 15) == 15 * 60 * 64_000 + 1_048_576)
        #expect(RecordingDownload.maxBytes(maxCallMinutes: 120) == 64 * 1_048_576)
        #expect(RecordingDownload.maxBytes(maxCallMinutes: Int.max) == 64 * 1_048_576)
    }
}
