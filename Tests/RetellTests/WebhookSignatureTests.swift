import Foundation
import Retell
import Testing

@Suite("Webhook signature")
struct WebhookSignatureTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var key: String
        var body: String
        var timestamp: Int64
        var header: String
        var testDescription: String { String(body.prefix(40)) }
    }

    /// The worked vectors of API.md §5.
    static let vectors: [Vector] = [
        .init(key: "key_test_0123456789abcdef",
              body: #"{"event":"call_ended","call":{"call_id":"call_abc123","agent_id":"agent_xyz"}}"#,
              timestamp: 1_735_689_600_000,
              header: "v=1735689600000,d=236bdf05df396da48bc5e2cd623dea0d853f9031f99708326880a8c99d03c20d"),
        .init(key: "test-api-key", body: #"{"event":"call_ended"}"#, timestamp: 1_700_000_000_000,
              header: "v=1700000000000,d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e"),
        .init(key: "key_test_0123456789abcdef", body: #"{"event":"call_ended","call":{"transcript":"Agent: Olá José"}}"#,
              timestamp: 1_735_689_600_000,
              header: "v=1735689600000,d=56d93c4b88a78accbf3571d6ce697aa37bd02c9cd5db359ee3d51a5467f53d9e"),
    ]

    @Test("Signing reproduces every worked vector", arguments: vectors)
    func signs(_ vector: Vector) {
        #expect(WebhookSignature.sign(body: Data(vector.body.utf8), key: vector.key, timestampMS: vector.timestamp) == vector.header)
    }

    @Test("Every worked vector verifies on its exact bytes", arguments: vectors)
    func verifies(_ vector: Vector) {
        let result = WebhookSignature.verify(
            body: Data(vector.body.utf8), header: vector.header, keys: [vector.key], nowMS: vector.timestamp)
        #expect(result == .valid)
    }

    @Test("A re-serialised body (escaped accents or slashes) does not verify")
    func reserialisedBodies() {
        let key = "key_test_0123456789abcdef"
        let escaped = #"{"event":"call_ended","call":{"transcript":"Agent: Ol\u00e1 Jos\u00e9"}}"#
        #expect(WebhookSignature.verify(body: Data(escaped.utf8), header: Self.vectors[2].header, keys: [key], nowMS: 1_735_689_600_000) == .invalid(.mismatch))
        let plain = #"{"event":"call_ended","call":{"recording_url":"https://x.example/r.wav"}}"#
        let header = WebhookSignature.sign(body: Data(plain.utf8), key: key, timestampMS: 1_735_689_600_000)
        #expect(header.hasPrefix("v=1735689600000,d=63ed5372f45b3b01"))
        let slashes = #"{"event":"call_ended","call":{"recording_url":"https:\/\/x.example\/r.wav"}}"#
        #expect(WebhookSignature.verify(body: Data(slashes.utf8), header: header, keys: [key], nowMS: 1_735_689_600_000) == .invalid(.mismatch))
    }

    @Test("The committed example webhooks verify byte for byte", arguments: [
        ("call_started.json", "v=1773158405792,d=7a4b14c734db04bd0e4aa0868bbdaf48aaea14b7270e02e35d127f6647ce1a30"),
        ("call_ended.json", "v=1773158476507,d=0280173166ee39038bf834a98e1bd02cafe3a1eb2c52d39a6e3934df93927650"),
        ("call_analyzed.json", "v=1773158482777,d=4c2603694c310c6895bd0e0f1b2ac1a89413e06898976c53154d944db85c7e45"),
    ])
    func examples(file: String, header: String) throws {
        let body = try Data(contentsOf: RetellFixtures.examples.appendingPathComponent(file))
        let timestamp = Int64(header.dropFirst(2).prefix(13))!
        let result = WebhookSignature.verify(body: body, header: header, keys: ["key_3c1e9f0a7b5d4e2f8a6c0b1d9e7f"], nowMS: timestamp)
        #expect(result == .valid)
    }

    @Test("The window is ±5 minutes, inclusive at exactly 300,000 ms", arguments: [
        (Int64(299_999), true), (300_000, true), (300_001, false), (-300_000, true), (-300_001, false),
    ])
    func window(offset: Int64, accepted: Bool) {
        let vector = Self.vectors[1]
        let result = WebhookSignature.verify(
            body: Data(vector.body.utf8), header: vector.header, keys: [vector.key], nowMS: vector.timestamp + offset)
        #expect((result == .valid) == accepted)
        if !accepted { #expect(result == .invalid(.stale)) }
    }

    @Test("Malformed headers are refused before any HMAC", arguments: [
        "v=1700000000000, d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e",
        "v=1700000000000,d=07024CABE7DD8F6D1C6E4A8324CA92C812E6AD4A7EE506C04F7E462E3321823E",
        "d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e,v=1700000000000",
        "v=1700000000000,d=07024cab",
        "v=abc,d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e",
        "v=1700000000000",
        "sha256=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e",
    ])
    func malformed(header: String) {
        let vector = Self.vectors[1]
        #expect(WebhookSignature.verify(body: Data(vector.body.utf8), header: header, keys: [vector.key], nowMS: vector.timestamp) == .invalid(.malformed))
    }

    @Test("A missing header, a timestamp in seconds, a wrong key and a tampered body each fail for their reason")
    func failures() {
        let vector = Self.vectors[1]
        let body = Data(vector.body.utf8)
        #expect(WebhookSignature.verify(body: body, header: nil, keys: [vector.key], nowMS: vector.timestamp) == .invalid(.missing))
        let seconds = WebhookSignature.sign(body: body, key: vector.key, timestampMS: 1_700_000_000)
        #expect(WebhookSignature.verify(body: body, header: seconds, keys: [vector.key], nowMS: vector.timestamp) == .invalid(.stale))
        #expect(WebhookSignature.verify(body: body, header: vector.header, keys: ["other-key"], nowMS: vector.timestamp) == .invalid(.mismatch))
        #expect(WebhookSignature.verify(body: Data((vector.body + " ").utf8), header: vector.header, keys: [vector.key], nowMS: vector.timestamp) == .invalid(.mismatch))
    }

    @Test("Any of several keys verifies, for key rotation")
    func rotation() {
        let vector = Self.vectors[1]
        let result = WebhookSignature.verify(
            body: Data(vector.body.utf8), header: vector.header, keys: ["old-key", vector.key], nowMS: vector.timestamp)
        #expect(result == .valid)
    }
}

enum RetellFixtures {
    /// `Tests/Fixtures/retell`: Retell's example webhook bodies, kept in the repository.
    static var examples: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/retell")
    }
}
