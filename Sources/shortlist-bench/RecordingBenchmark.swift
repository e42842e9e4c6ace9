import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import Shortlist

/// Recording fetch + encrypt time per MiB: a local HTTP server serves `mebibytes` MiB of audio
/// bytes, and the recording job's download streams it through AES-256-GCM into a file, as the
/// daemon does; then the file is read back decrypted. Prints ms per MiB for both.
struct RecordingBenchmark {
    let mebibytes: Int

    func run(times: Int) async throws {
        let size = mebibytes * 1_048_576
        let audio = ByteBuffer(bytes: (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) })
        let router = Router()
        router.get("/recording.wav") { _, _ in
            Response(status: .ok, headers: [.contentType: "audio/wav"], body: ResponseBody(byteBuffer: audio))
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-bench-rec-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = RecordingStore(directory: folder, keys: RecordingKeys(current: RecordingKeys.generate(), old: []))
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let download = RecordingDownload(client: http, maxBytes: size + 1)
        do {
            try await serve({ onRunning in
                Application(
                    router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                    onServerRunning: { await onRunning($0.localAddress?.port ?? 0) }, logger: WebhookBenchmark.quiet)
            }) { port in
                var fetch: [Double] = []
                var decrypt: [Double] = []
                for run in 0..<times {
                    let callID = "bench-\(run)"
                    let started = ContinuousClock.now
                    let stored = try await store.write(callID: callID, maxBytes: download.maxBytes) { sink in
                        _ = try await download.fetch("http://127.0.0.1:\(port)/recording.wav", into: &sink)
                    }
                    fetch.append((ContinuousClock.now - started).milliseconds / Double(mebibytes))
                    guard stored.bytes == size else { throw BenchError("stored \(stored.bytes) bytes of \(size)") }
                    let reading = ContinuousClock.now
                    let read = try await store.decryptedLength(fileName: stored.fileName)
                    decrypt.append((ContinuousClock.now - reading).milliseconds / Double(mebibytes))
                    guard read == size else { throw BenchError("read back \(read) bytes of \(size)") }
                    try store.delete(callID: callID)
                }
                report("recording fetch + encrypt (\(mebibytes) MiB, loopback)", fetch, unit: "ms per MiB", goal: "none set")
                report("recording decrypt (whole file)", decrypt, unit: "ms per MiB", goal: "none set")
            }
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }
}
