import Testing
@testable import Shortlist

@Suite("Call lifecycle")
struct CallLifecycleTests {
    @Test("A claimed attempt starts dialing, and an accepted create request registers it unless news got further")
    func placed() {
        #expect(CallLifecycle.claimed == .dialing)
        #expect(CallLifecycle.placed(.dialing) == .registered)
        #expect(CallLifecycle.placed(.unknown) == .registered)
        #expect(CallLifecycle.placed(.ongoing) == .ongoing)
        #expect(CallLifecycle.placed(.analyzed) == .analyzed)
    }

    @Test("Only a call still dialing can be refused, withdrawn or left unanswered", arguments: CallStatus.allCases)
    func onlyDialing(_ status: CallStatus) {
        let dialing = status == .dialing
        #expect((CallLifecycle.refused(status) == .failed) == dialing)
        #expect((CallLifecycle.refused(status) == nil) == !dialing)
        #expect(CallLifecycle.canWithdraw(status) == dialing)
        #expect((CallLifecycle.unanswered(status) == .unknown) == dialing)
        #expect((CallLifecycle.unanswered(status) == nil) == !dialing)
    }

    @Test("A restart turns dialing calls unknown, like a create request without an answer")
    func interrupted() {
        #expect(CallLifecycle.interrupted.from == .dialing)
        #expect(CallLifecycle.interrupted.to == CallLifecycle.unanswered(.dialing))
    }

    @Test("The reconciler releases only calls Retell never confirmed", arguments: CallStatus.allCases)
    func released(_ status: CallStatus) {
        let unconfirmed = status == .dialing || status == .unknown
        #expect(CallLifecycle.released(status) == (unconfirmed ? .failed : nil))
    }
}
