import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Retell
import Testing
@testable import Shortlist

/// Bad requests to the webhook: each gets its status and nothing is applied.
@Suite("Webhook receiver: refusals")
struct WebhookSecurityTests {
    static let good = Hook.body("call_started", status: "ongoing")
    static let nowMS: Int64 = 1_795_000_000_000

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var body: String = WebhookSecurityTests.good
        var signature: String?
        var key: String = TestApp.webhookKey
        var at: Int64? = nil
        var status: HTTPResponse.Status
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        .init(name: "no signature header", signature: nil, status: .unauthorized),
        .init(name: "empty header", signature: "", status: .unauthorized),
        .init(name: "spaces in the header", signature: signed(good).replacingOccurrences(of: ",", with: ", "), status: .unauthorized),
        .init(name: "digest only", signature: String(signed(good).split(separator: ",")[1]), status: .unauthorized),
        .init(name: "uppercase hex", signature: upper(signed(good)), status: .unauthorized),
        .init(name: "a timestamp in seconds", signature: "sign", at: nowMS / 1000, status: .unauthorized),
        .init(name: "the wrong key", signature: "sign", key: "some-other-key", status: .unauthorized),
        .init(name: "five minutes and a millisecond old", signature: "sign", at: nowMS - 300_001, status: .unauthorized),
        .init(name: "five minutes and a millisecond in the future", signature: "sign", at: nowMS + 300_001, status: .unauthorized),
        .init(name: "exactly five minutes old is accepted", signature: "sign", at: nowMS - 300_000, status: .noContent),
        .init(name: "a tampered body", body: good.replacingOccurrences(of: "ongoing", with: "ended"), signature: signed(good), status: .unauthorized),
        .init(name: "a re-serialised body", body: good.replacingOccurrences(of: "\":\"", with: "\": \""), signature: signed(good), status: .unauthorized),
        .init(name: "a body that is not JSON", body: "event=call_started", signature: "sign", status: .badRequest),
        .init(name: "no event", body: #"{"call":{"call_id":"call_test_1","agent_id":"a","call_status":"ongoing"}}"#, signature: "sign", status: .badRequest),
        .init(name: "no call id", body: #"{"event":"call_started","call":{"agent_id":"a","call_status":"ongoing"}}"#, signature: "sign", status: .badRequest),
        .init(name: "over 1 MiB", body: String(repeating: " ", count: 1_048_577), signature: "sign", status: .contentTooLarge),
    ]

    static func signed(_ body: String) -> String {
        WebhookSignature.sign(body: Data(body.utf8), key: TestApp.webhookKey, timestampMS: nowMS)
    }

    static func upper(_ header: String) -> String {
        let parts = header.split(separator: ",")
        return "\(parts[0]),d=\(parts[1].dropFirst(2).uppercased())"
    }

    @Test("Each bad delivery gets its status and changes nothing", arguments: cases)
    func refusal(_ test: Case) async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            let response = try await Hook.post(client, test.body, app: app, signature: test.signature, key: test.key, at: test.at)
            #expect(response.status == test.status, "\(response.text.prefix(200))")
            let call = try await seed.call(app)
            #expect(call.status == (test.status == .noContent ? .ongoing : .registered))
            if test.status == .unauthorized {
                let stored = try await app.database.writer.read { db in try WebhookEventRecord.fetchAll(db) }
                #expect(stored.count == 1)
                #expect(stored.first?.signatureValid == false)
                #expect(stored.first?.outcome == .invalidSignature)
                #expect(stored.first?.payload == Data(test.body.utf8))
            }
        }
    }

    @Test("GET on the webhook URL is not allowed")
    func getIsRefused() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let response = try await client.execute(uri: "/webhooks/retell", method: .get)
            #expect([.methodNotAllowed, .notFound].contains(response.status))
        }
    }

    @Test("The committed example bodies verify with a second (rotation) key and apply byte for byte")
    func examples() async throws {
        let folder = TestApp.repositoryRoot.appendingPathComponent("Tests/Fixtures/retell")
        let deliveries = [
            ("call_started.json", "v=1773158405792,d=7a4b14c734db04bd0e4aa0868bbdaf48aaea14b7270e02e35d127f6647ce1a30"),
            ("call_ended.json", "v=1773158476507,d=0280173166ee39038bf834a98e1bd02cafe3a1eb2c52d39a6e3934df93927650"),
            ("call_analyzed.json", "v=1773158482777,d=4c2603694c310c6895bd0e0f1b2ac1a89413e06898976c53154d944db85c7e45"),
        ]
        let app = try await TestApp.make(webhookKeys: [TestApp.webhookKey, "key_3c1e9f0a7b5d4e2f8a6c0b1d9e7f"])
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client, retellCallID: "call_7d2e4b9a1c6f8e3d5b0a2c4e6f")
            for (file, header) in deliveries {
                let bytes = try Data(contentsOf: folder.appendingPathComponent(file))
                app.clock.set(Date(timeIntervalSince1970: Double(header.dropFirst(2).prefix(13))! / 1000))
                var fields: HTTPFields = [.contentType: "application/json"]
                fields[HTTPField.Name("X-Retell-Signature")!] = header
                let response = try await client.execute(
                    uri: "/webhooks/retell", method: .post, headers: fields, body: ByteBuffer(bytes: Array(bytes)))
                #expect(response.status == .noContent, "\(file): \(response.text)")
            }
            let call = try await seed.call(app)
            #expect(call.status == .analyzed)
            #expect(call.disconnectionReason == "agent_hangup")
            let analysis = try #require(try await seed.analysis(app))
            #expect(analysis.availableToWork == true)
            #expect(analysis.interested == true)
        }
    }
}
