import Foundation
import Testing
@testable import Shortlist

@Suite("Preview rules")
struct PreviewRulesTests {
    // 2026-11-18 is a Wednesday; 17:00 UTC is 11:00 in Chicago.
    static let now = Date(timeIntervalSince1970: 1_795_021_200)

    static func schedule(start: Int) -> CallingSchedule? {
        CallingSchedule(candidateZone: nil, campaignZone: "America/Chicago", windowStartMinutes: start,
                        windowEndMinutes: 18 * 60, days: [.mon, .tue, .wed, .thu, .fri])
    }

    @Test("Settled, busy, held and listed candidates are skipped by reason; free ones are eligible now or later")
    func classify() throws {
        var facts = PreviewFacts()
        facts.completed = [(.doNotCall, 2), (.badNumber, 1), (.qualified, 3), (nil, 1)]
        facts.calling = 4
        facts.free = [
            .init(schedule: Self.schedule(start: 9 * 60), inRunningBatch: true, onDoNotCallList: false, count: 5),
            .init(schedule: Self.schedule(start: 9 * 60), inRunningBatch: false, onDoNotCallList: true, count: 6),
            .init(schedule: Self.schedule(start: 9 * 60), inRunningBatch: false, onDoNotCallList: false, count: 7),
            .init(schedule: Self.schedule(start: 14 * 60), inRunningBatch: false, onDoNotCallList: false, count: 8),
            .init(schedule: nil, inRunningBatch: false, onDoNotCallList: false, count: 1),
        ]
        let preview = PreviewRules.preview(facts, now: Self.now)
        #expect(preview.skipped == ["do_not_call": 8, "bad_number": 1, "already_done": 4, "in_progress": 4,
                                    "in_running_batch": 5, "outside_hours": 9])
        #expect(preview.eligible == 7)
        #expect(preview.outsideHours == 9)
        #expect(preview.firstDialAt == Self.now)
    }

    @Test("Without history the estimate is two minutes and 18 cents a call; with it, the averages")
    func estimate() {
        var facts = PreviewFacts()
        facts.free = [.init(schedule: Self.schedule(start: 9 * 60), inRunningBatch: false, onDoNotCallList: false, count: 10)]
        let fallback = PreviewRules.preview(facts, now: Self.now)
        #expect(fallback.estimatedMinutes == 20)
        #expect(fallback.estimatedCostCents == 180)
        #expect(fallback.estimateBasis == "default")
        facts.history = (averageSeconds: 95, averageCents: 12.5)
        let measured = PreviewRules.preview(facts, now: Self.now)
        #expect(measured.estimatedMinutes == 16)  // 950 s rounded up to whole minutes
        #expect(measured.estimatedCostCents == 125)
        #expect(measured.estimateBasis == "history")
    }
}
