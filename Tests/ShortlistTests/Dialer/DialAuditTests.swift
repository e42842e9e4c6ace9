import Foundation
import GRDB
import HummingbirdTesting
import Testing
@testable import Shortlist

/// The audit log records every placed dial and every call end (DESIGN §2), without full numbers.
@Suite("Dialer: audit of dials and call ends")
struct DialAuditTests {
    @Test("A placed dial and its end each leave one audit row; the number is masked")
    func placedAndEnded() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(2))
            #expect(await harness.tick(harness.dialer(concurrency: 5)).placed == 2)
            let placed = try await app.database.auditLog(subjectType: "call").filter { $0.action == "call.placed" }
            #expect(placed.count == 2)
            let calls = try await harness.calls(status: [.registered])
            let first = try #require(placed.first { $0.subjectID == calls[0].id })
            #expect(first.actorLabel == "system")
            #expect(!first.detail.contains(calls[0].phoneNumber))
            #expect(first.detail.contains(PhoneNumber.mask(calls[0].phoneNumber)))

            try await harness.end(calls[0])
            try await harness.end(calls[0])  // the same news again ends nothing twice
            let ended = try await app.database.auditLog(subjectType: "call").filter { $0.action == "call.ended" }
            #expect(ended.map(\.subjectID) == [calls[0].id])
            #expect(ended.first?.detail.contains(#""status":"not_connected""#) == true)
            #expect(ended.first?.detail.contains(#""reason":"dial_no_answer""#) == true)
        }
    }

    @Test("A call is audited as ended once, on the change that ends it")
    func endsHere() {
        #expect(CallStatus.endsHere(from: .ongoing, to: .ended))
        #expect(CallStatus.endsHere(from: .registered, to: .notConnected))
        #expect(CallStatus.endsHere(from: .dialing, to: .failed))
        #expect(CallStatus.endsHere(from: .ongoing, to: .analyzed))
        #expect(!CallStatus.endsHere(from: .ended, to: .analyzed))
        #expect(!CallStatus.endsHere(from: .registered, to: .ongoing))
        #expect(!CallStatus.endsHere(from: .failed, to: .failed))
    }
}
