import Foundation
import Testing
@testable import Shortlist

@Suite("Consent rules")
struct ConsentRulesTests {
    @Test("Any filled-in note is a consent basis; blank or missing is not")
    func basis() {
        #expect(ConsentBasis.holds("web form 2026-11-01"))
        #expect(ConsentBasis.holds("legitimate interest"))
        #expect(!ConsentBasis.holds(nil))
        #expect(!ConsentBasis.holds(""))
        #expect(!ConsentBasis.holds(" \t"))
    }

    @Test("An import row whose consent says there is none is rejected naming the row and the consent field")
    func importRefusals() throws {
        let rows: [(row: Int, fields: CandidateFields)] = [
            (2, CandidateFields(fullName: "Ana", phone: "+15125551000", consent: " verbal 2026-11-01 ")),
            (3, CandidateFields(fullName: "Bo", phone: "+15125551001", consent: "NO")),
            (4, CandidateFields(fullName: "Cy", phone: "+15125551002", consent: "withdrawn")),
            (5, CandidateFields(fullName: "Di", phone: "+15125551003", consent: "  ")),
        ]
        let plan = CandidateImport.plan(rows, defaultCountry: "US")
        #expect(plan.drafts.map(\.consent) == ["verbal 2026-11-01", nil])
        #expect(plan.rejected.map(\.row) == [3, 4])
        #expect(plan.rejected.allSatisfy { $0.field == "consent" && $0.reason.contains("leave the field empty") })
        #expect(plan.rejected.first?.reason.contains("\"NO\"") == true)
    }

    @Test("The default source names the format and who imported")
    func defaultSource() {
        let user = Principal(kind: .user, id: "u1", label: "ana@agency.example", role: .recruiter)
        #expect(ConsentBasis.defaultSource(format: "csv", by: user) == "csv import by ana@agency.example")
        #expect(ConsentBasis.defaultSource(format: "json", by: .cli) == "json import by cli")
    }

    @Test("A claim sends a candidate without a basis back when the campaign requires one, and dials them when it does not")
    func claim() {
        let now = ClaimRulesTests.now
        func decide(requires: Bool, has: Bool) -> ClaimDecision {
            ClaimRules.decide(ClaimRulesTests.context {
                $0.requiresConsent = requires
                $0.hasConsentBasis = has
            }, limits: ClaimRulesTests.limits, now: now)
        }
        #expect(decide(requires: true, has: false) == .release(.noConsent))
        #expect(decide(requires: true, has: true) == .dial)
        #expect(decide(requires: false, has: false) == .dial)
        // The do-not-call list still wins: that is final, consent is not.
        let listed = ClaimRules.decide(ClaimRulesTests.context {
            $0.requiresConsent = true
            $0.hasConsentBasis = false
            $0.onDoNotCallList = true
        }, limits: ClaimRulesTests.limits, now: now)
        #expect(listed == .finish(.doNotCall, .doNotCall))
    }

    @Test("Released candidates go back to pending with no due time and no attempt spent")
    func released() {
        let queued = CandidateProgress(status: .queued, attempts: 1, nextAttemptAt: ClaimRulesTests.now, lastCallID: "c1")
        let next = CandidateLifecycle.released(queued)
        #expect(next == CandidateProgress(status: .pending, attempts: 1, nextAttemptAt: nil, lastCallID: "c1"))
    }

    @Test("The dry run counts free candidates lacking consent as no_consent, after the running-batch and DNC reasons")
    func preview() {
        let schedule = PreviewRulesTests.schedule(start: 9 * 60)
        var facts = PreviewFacts()
        facts.free = [
            .init(schedule: schedule, inRunningBatch: false, onDoNotCallList: false, lacksConsent: true, count: 3),
            .init(schedule: schedule, inRunningBatch: false, onDoNotCallList: true, lacksConsent: true, count: 2),
            .init(schedule: schedule, inRunningBatch: true, onDoNotCallList: false, lacksConsent: true, count: 1),
            .init(schedule: schedule, inRunningBatch: false, onDoNotCallList: false, lacksConsent: false, count: 4),
        ]
        let preview = PreviewRules.preview(facts, now: PreviewRulesTests.now)
        #expect(preview.skipped == ["no_consent": 3, "do_not_call": 2, "in_running_batch": 1])
        #expect(preview.eligible == 4)
        #expect(preview.estimatedMinutes == 8)
        #expect(PreviewSkip.noConsent.words == "without a consent basis")
        #expect(PreviewSkip.outsideHours.words == "outside hours")
    }
}
