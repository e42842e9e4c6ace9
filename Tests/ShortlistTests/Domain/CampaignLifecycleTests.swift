import Testing
@testable import Shortlist

@Suite("Campaign lifecycle")
struct CampaignLifecycleTests {
    @Test("An active or paused campaign completes once no batch runs and nobody is queued or being called")
    func completes() {
        #expect(CampaignLifecycle.allWorkDone(.active, batchRunning: false, candidatesOpen: false) == .completed)
        #expect(CampaignLifecycle.allWorkDone(.paused, batchRunning: false, candidatesOpen: false) == .completed)
    }

    @Test("A running batch or a queued or calling candidate keeps the campaign as it is")
    func workLeftKeepsIt() {
        #expect(CampaignLifecycle.allWorkDone(.active, batchRunning: true, candidatesOpen: false) == nil)
        #expect(CampaignLifecycle.allWorkDone(.active, batchRunning: false, candidatesOpen: true) == nil)
        #expect(CampaignLifecycle.allWorkDone(.paused, batchRunning: true, candidatesOpen: true) == nil)
    }

    @Test("Draft, completed and archived campaigns never complete (again)")
    func otherStatusesDoNotComplete() {
        for status in [CampaignStatus.draft, .completed, .archived] {
            #expect(CampaignLifecycle.allWorkDone(status, batchRunning: false, candidatesOpen: false) == nil)
        }
    }

    @Test("A batch makes a draft, active, paused or completed campaign active; an archived one never calls")
    func batchStarted() {
        #expect(CampaignLifecycle.batchStarted(.draft) == .active)
        #expect(CampaignLifecycle.batchStarted(.active) == .active)
        #expect(CampaignLifecycle.batchStarted(.paused) == .active)
        #expect(CampaignLifecycle.batchStarted(.completed) == .active)
        #expect(CampaignLifecycle.batchStarted(.archived) == nil)
    }

    @Test("Resuming a batch reactivates a paused campaign; the safety rule pauses only an active one")
    func pauses() {
        #expect(CampaignLifecycle.resumedFrom == .paused)
        #expect(CampaignLifecycle.resumedTo == .active)
        #expect(CampaignLifecycle.autoPaused(.active) == .paused)
        for status in CampaignStatus.allCases where status != .active {
            #expect(CampaignLifecycle.autoPaused(status) == nil)
        }
    }

    @Test("Every status but archived can be edited")
    func editable() {
        #expect(CampaignStatus.allCases.filter(\.isEditable) == [.draft, .active, .paused, .completed])
    }

    @Test("Archiving is refused while a batch runs and when already archived, with a reason a user can act on")
    func archive() throws {
        for status in [CampaignStatus.draft, .active, .paused, .completed] {
            #expect(try CampaignLifecycle.archived(status, batchRunning: false) == .archived)
        }
        #expect(throws: CampaignLifecycle.ArchiveRefused.self) { try CampaignLifecycle.archived(.active, batchRunning: true) }
        do {
            _ = try CampaignLifecycle.archived(.paused, batchRunning: true)
            Issue.record("archiving with a running batch was allowed")
        } catch {
            #expect(error.description.contains("cancel it or let it finish"))
        }
        #expect(throws: CampaignLifecycle.ArchiveRefused.self) { try CampaignLifecycle.archived(.archived, batchRunning: false) }
    }
}
