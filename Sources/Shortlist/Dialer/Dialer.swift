import Foundation
import Logging
import Metrics
import Retell
import Synchronization

/// The dialing scheduler's one step (DESIGN §5): pause campaigns that trip the safety rule, fill
/// the free slots with due candidates — each claimed in its own transaction that checks the
/// calling window, the DNC list, the number and the limits again — place the claimed calls
/// concurrently, and record what Retell answered. `tick(now:)` is a plain function: the service
/// calls it when woken, tests call it directly with a fixed clock.
public final class Dialer: Sendable {
    /// What one tick did.
    public struct Report: Sendable, Equatable {
        public var placed = 0
        public var skipped: [ClaimSkip: Int] = [:]
        /// 429: the candidate went back to the queue with the attempt given back.
        public var rateLimited = 0
        /// 400/422: the call failed with Retell's message.
        public var refused = 0
        /// No answer to the create request: `unknown` until the reconciler decides.
        public var unknown = 0
        /// 401/402: every batch was paused with this reason.
        public var halted: String?
        public var autoPaused: [String] = []
        public var failures = 0
        /// When to tick again at the latest (nil: only when woken, or after the idle interval).
        public var nextWake: Date?
    }

    let database: AppDatabase
    let retell: any RetellClient
    let limits: DialLimits
    let logger: Logger
    let status: DialerStatus
    let onApplied: @Sendable (AppliedCall) -> Void
    let onBatch: @Sendable (BatchRecord) -> Void
    /// After a 429, no creation before this time.
    private let backoffUntil = Mutex<Date?>(nil)

    public init(
        database: AppDatabase, retell: any RetellClient, limits: DialLimits, logger: Logger,
        status: DialerStatus = DialerStatus(),
        onApplied: @escaping @Sendable (AppliedCall) -> Void = { _ in },
        onBatch: @escaping @Sendable (BatchRecord) -> Void = { _ in }
    ) {
        self.database = database
        self.retell = retell
        self.limits = limits
        self.logger = logger
        self.status = status
        self.onApplied = onApplied
        self.onBatch = onBatch
    }

    public func tick(now: Date) async -> Report {
        var report = Report()
        if let until = backoffUntil.withLock({ $0 }), until > now {
            report.nextWake = until
            return report
        }
        do {
            for campaign in try await database.applySafetyPause(now: now) {
                report.autoPaused.append(campaign.id)
                logger.warning("campaign paused by the safety rule", metadata: [
                    "campaign": "\(campaign.id)", "reason": "\(campaign.statusReason ?? "")",
                ])
            }
            let outlook = try await database.dialerOutlook(now: now, window: limits.window)
            let room = min(limits.concurrency - outlook.inFlight, limits.perWindow - outlook.recentCreations.count)
            var claimed: [ClaimedCall] = []
            // Candidates sent back to pending leave the queue: the next look at it may find others due.
            var released = false
            if room > 0 {
                for candidate in try await database.dueCandidates(now: now, limit: room * 4 + 16) {
                    guard claimed.count < room else { break }
                    switch try await database.claim(campaignCandidateID: candidate.campaignCandidateID, limits: limits, now: now) {
                    case .claimed(let call): claimed.append(call)
                    case .skipped(let reason):
                        report.skipped[reason, default: 0] += 1
                        if reason == .noConsent { released = true }
                    }
                }
            }
            let answers = await withTaskGroup(of: Answer.self) { group in
                for call in claimed { group.addTask { await self.placeAndRecord(call, now: now) } }
                return await group.reduce(into: [Answer]()) { $0.append($1) }
            }
            for answer in answers {
                switch answer {
                case .placed: report.placed += 1
                case .rateLimited: report.rateLimited += 1
                case .refused: report.refused += 1
                case .unknown: report.unknown += 1
                case .halted: break
                case .notRecorded: report.failures += 1
                }
            }
            report.halted = status.haltReason
            report.nextWake = try await nextWake(now: now, claimedAny: !claimed.isEmpty || released)
        } catch {
            report.failures += 1
            report.nextWake = now.addingTimeInterval(5)
            logger.error("dialer tick failed", metadata: ["error": "\(error)"])
        }
        return report
    }

    // MARK: - Placing

    /// What became of one claimed attempt.
    private enum Answer: Sendable {
        case placed, rateLimited, halted, refused, unknown
        /// Retell answered but the database did not take the result (logged).
        case notRecorded
    }

    /// Sends create-phone-call for a claimed attempt and records the answer.
    private func placeAndRecord(_ claimed: ClaimedCall, now: Date) async -> Answer {
        let call = claimed.call
        let started = ContinuousClock.now
        do {
            let placed = try await retell.createPhoneCall(request(for: claimed))
            let elapsed = (ContinuousClock.now - started).components
            Timer(label: "shortlist_dial_seconds")
                .recordNanoseconds(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
            count("placed")
            status.clearHalt()
            if let applied = try await database.recordPlaced(
                callID: call.id, retellCallID: placed.callID, retellAgentVersion: placed.agentVersion) {
                onApplied(applied)
            }
            return .placed
        } catch let error as RetellError {
            return await record(error, for: claimed, now: now)
        } catch {
            logger.error("dialer could not record a call", metadata: ["call": "\(call.id)", "error": "\(error)"])
            return .notRecorded
        }
    }

    private func record(_ error: RetellError, for claimed: ClaimedCall, now: Date) async -> Answer {
        let call = claimed.call
        do {
            if error.isRateLimited {
                let wait = error.retryAfter.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 } ?? 2
                let retryAt = now.addingTimeInterval(max(1, wait))
                backoffUntil.withLock { $0 = max($0 ?? retryAt, retryAt) }
                count("rate_limited")
                logger.warning("Retell rate-limited a call; backing off", metadata: ["call": "\(call.id)", "seconds": "\(wait)"])
                if let applied = try await database.withdrawUnplacedCall(callID: call.id, retryAt: retryAt, reason: error.description) {
                    onApplied(applied)
                }
                return .rateLimited
            } else if error.isAuthFailure || error.isBillingFailure {
                let reason = error.isAuthFailure
                    ? "Retell rejected the API key (401): fix [retell] api_key, then resume. Retell said: \(error.message)"
                    : "Retell stopped billing for this account (402): add a payment method, then resume. Retell said: \(error.message)"
                count(error.isAuthFailure ? "auth_failed" : "billing_failed")
                status.halt(reason)
                logger.error("dialing paused", metadata: ["reason": "\(reason)"])
                if let applied = try await database.withdrawUnplacedCall(callID: call.id, retryAt: now, reason: error.description) {
                    onApplied(applied)
                }
                for batch in try await database.pauseAllBatches(reason: reason) { onBatch(batch) }
                return .halted
            } else if let code = error.status, (400..<500).contains(code) {
                count("refused")
                logger.warning("Retell refused a call", metadata: [
                    "call": "\(call.id)", "to": "\(PhoneNumber.mask(call.phoneNumber))", "error": "\(error.description)",
                ])
                if let applied = try await database.recordRefused(
                    callID: call.id, message: error.message, badNumber: Self.blamesTheNumber(error.message)) {
                    onApplied(applied)
                }
                return .refused
            } else {
                count("unknown")
                logger.warning("no answer to create-phone-call; the reconciler will decide", metadata: [
                    "call": "\(call.id)", "error": "\(error.description)",
                ])
                if let applied = try await database.markUnknown(callID: call.id, error: error.description) { onApplied(applied) }
                return .unknown
            }
        } catch {
            logger.error("dialer could not record Retell's answer", metadata: ["call": "\(call.id)", "error": "\(error)"])
            return .notRecorded
        }
    }

    /// Whether a 400/422 message is about the destination number.
    static func blamesTheNumber(_ message: String) -> Bool {
        let text = message.lowercased()
        return text.contains("to_number") || text.contains("e.164") || text.contains("phone number")
            || text.contains("destination")
    }

    func request(for claimed: ClaimedCall) -> CreatePhoneCallRequest {
        let call = claimed.call
        return CreatePhoneCallRequest(
            fromNumber: claimed.fromNumber, toNumber: call.phoneNumber, overrideAgentID: call.retellAgentID,
            metadata: CallPayload.metadata(call: call, candidateID: claimed.candidateID),
            retellLLMDynamicVariables: CallPayload.dynamicVariables(
                fullName: claimed.fullName, job: claimed.job, on: call.createdAt, zone: claimed.zone),
            idempotencyKey: call.idempotencyKey)
    }

    // MARK: - Bookkeeping

    private func nextWake(now: Date, claimedAny: Bool) async throws -> Date? {
        if let until = backoffUntil.withLock({ $0 }), until > now { return until }
        let outlook = try await database.dialerOutlook(now: now, window: limits.window)
        guard outlook.inFlight < limits.concurrency else { return nil }  // a call ending rings the bell
        if outlook.recentCreations.count >= limits.perWindow, let oldest = outlook.recentCreations.first {
            return oldest.addingTimeInterval(limits.window)
        }
        guard let due = outlook.nextDue else { return nil }
        // Work is due but nothing could be claimed (campaign caps): wait for a slot, at most a second.
        return claimedAny ? max(due, now) : max(due, now.addingTimeInterval(1))
    }

    private func count(_ result: String) {
        Counter(label: "shortlist_dials_total", dimensions: [("result", result)]).increment()
    }
}

/// What `/healthz` says about dialing: paused by Retell (401/402) with the reason, or fine.
public final class DialerStatus: Sendable {
    private let reason = Mutex<String?>(nil)

    public init() {}

    public var haltReason: String? { reason.withLock { $0 } }
    func halt(_ text: String) { reason.withLock { $0 = text } }
    func clearHalt() { reason.withLock { $0 = nil } }
}
