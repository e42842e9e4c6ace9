import Testing
@testable import Shortlist

@Suite("Batch transitions")
struct BatchTransitionsTests {
    @Test("Every action is allowed exactly from the statuses of the table", arguments: BatchAction.allCases)
    func table(_ action: BatchAction) {
        let allowed: [BatchAction: Set<BatchStatus>] = [
            .pause: [.inProgress], .resume: [.paused], .cancel: [.preparing, .inProgress, .paused],
        ]
        for status in BatchStatus.allCases {
            let done = (try? BatchTransitions.apply(action, to: status, by: "ana@example.com")) != nil
            #expect(done == allowed[action, default: []].contains(status), "\(action) from \(status)")
        }
    }

    @Test("Pausing says who paused; resuming clears the reason and reactivates the campaign; cancelling ends the batch and sends its queued candidates back")
    func changes() throws {
        let table: [(BatchAction, BatchStatus, BatchChange)] = [
            (.pause, .inProgress, BatchChange(status: .paused, reason: "paused by ana@example.com", ends: false,
                                              reactivatesCampaign: false, releasesQueuedCandidates: false)),
            (.resume, .paused, BatchChange(status: .inProgress, reason: nil, ends: false,
                                           reactivatesCampaign: true, releasesQueuedCandidates: false)),
            (.cancel, .paused, BatchChange(status: .cancelled, reason: "cancelled by ana@example.com", ends: true,
                                           reactivatesCampaign: false, releasesQueuedCandidates: true)),
        ]
        for (action, status, expected) in table {
            #expect(try BatchTransitions.apply(action, to: status, by: "ana@example.com") == expected)
        }
    }

    @Test("A refused action says the batch's status and what cannot be done")
    func refused() {
        #expect(throws: BatchTransitions.NotAllowed(status: .completed, action: .resume)) {
            try BatchTransitions.apply(.resume, to: .completed, by: "ana@example.com")
        }
        #expect(BatchTransitions.NotAllowed(status: .cancelled, action: .pause).description
            == "batch is cancelled: it cannot be paused")
    }

    @Test("Retell refusing the account pauses only running batches, with the reason given")
    func halt() {
        #expect(BatchTransitions.halt(.inProgress, reason: "Retell refused the API key")
            == BatchChange(status: .paused, reason: "Retell refused the API key", ends: false,
                           reactivatesCampaign: false, releasesQueuedCandidates: false))
        for status in BatchStatus.allCases where status != .inProgress {
            #expect(BatchTransitions.halt(status, reason: "x") == nil)
        }
    }

    @Test("Running batches hold their candidates; only in-progress and paused ones complete by themselves")
    func sets() {
        #expect(Set(BatchStatus.running) == [.preparing, .inProgress, .paused])
        #expect(Set(BatchStatus.completable) == [.inProgress, .paused])
        #expect(BatchStatus.allCases.filter(\.isOver) == [.completed, .cancelled])
    }
}

@Suite("Initial states")
struct InitialStatesTests {
    @Test("A campaign starts as a draft, a batch starts running, an imported candidate waits as pending")
    func initial() {
        #expect(CampaignLifecycle.created == .draft)
        #expect(BatchTransitions.started == .inProgress)
        #expect(BatchTransitions.completion.from == [.inProgress, .paused])
        #expect(BatchTransitions.completion.to == .completed)
        #expect(CandidateLifecycle.imported == .pending)
    }
}
