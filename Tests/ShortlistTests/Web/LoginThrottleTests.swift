import Foundation
import Testing
@testable import Shortlist

/// The sign-in throttle on its own, with a fixed clock: lockouts, and memory that stays bounded
/// whatever a client sends.
@Suite("Sign-in throttle")
struct LoginThrottleTests {
    static func throttle(capacity: Int = 100) -> (LoginThrottle, FixedClock) {
        let clock = FixedClock(TestApp.start)
        return (LoginThrottle(clock: clock, limit: 5, window: 900, capacity: capacity), clock)
    }

    @Test("Five failures lock the account for the window, whatever the address; the lock then ends")
    func locksAndUnlocks() {
        let (throttle, clock) = Self.throttle()
        for attempt in 0..<5 {
            #expect(throttle.check(account: "Ana@agency.example", ip: "198.51.100.\(attempt)").retryInMinutes == nil)
            throttle.recordFailure(account: "Ana@agency.example", ip: "198.51.100.\(attempt)")
            clock.advance(by: 60)
        }
        let locked = throttle.check(account: "ana@AGENCY.example", ip: "203.0.113.9")
        #expect(locked == LoginThrottle.Verdict(retryInMinutes: 10, reason: "this account"))
        clock.advance(by: 10 * 60)
        #expect(throttle.check(account: "ana@agency.example", ip: "203.0.113.9").retryInMinutes == nil)
    }

    @Test("Five failures from one address lock that address for every account, and no other address")
    func locksAddress() {
        let (throttle, _) = Self.throttle()
        for attempt in 0..<5 { throttle.recordFailure(account: "guess\(attempt)@example.com", ip: "198.51.100.7") }
        #expect(throttle.check(account: "ana@agency.example", ip: "198.51.100.7").reason == "this address")
        #expect(throttle.check(account: "ana@agency.example", ip: "198.51.100.8").retryInMinutes == nil)
    }

    @Test("Checking stores nothing: a flood of long unknown emails against a locked address leaves the table as it was")
    func checkingStoresNothing() {
        let (throttle, _) = Self.throttle()
        for attempt in 0..<5 { throttle.recordFailure(account: "guess\(attempt)@example.com", ip: "198.51.100.7") }
        let before = throttle.count
        for attempt in 0..<1_500 {
            let email = String(repeating: "x", count: 4_000) + "\(attempt)@example.com"
            #expect(throttle.check(account: email, ip: "198.51.100.7").retryInMinutes != nil)
        }
        #expect(throttle.count == before)
    }

    @Test("A key keeps at most `limit` failure times, however many failures it gets")
    func ringOfLimit() {
        let (throttle, clock) = Self.throttle()
        for _ in 0..<1_000 {
            throttle.recordFailure(account: "ana@agency.example", ip: "198.51.100.7")
            clock.advance(by: 1)
        }
        #expect(throttle.count == 2)
        #expect(throttle.longestHistory == 5)
    }

    @Test("The table never holds more than its capacity, and nothing is cleared all at once")
    func boundedTable() {
        let (throttle, clock) = Self.throttle(capacity: 50)
        for attempt in 0..<2_000 {
            throttle.recordFailure(account: "user\(attempt)@example.com", ip: "10.0.\(attempt / 256).\(attempt % 256)")
            #expect(throttle.count <= 50)
            clock.advance(by: 0.1)
        }
        #expect(throttle.count == 50)
    }

    @Test("A real lockout survives a flood of other keys filling the table many times over")
    func lockoutSurvivesFlood() {
        let (throttle, clock) = Self.throttle(capacity: 50)
        for _ in 0..<5 { throttle.recordFailure(account: "ana@agency.example", ip: "198.51.100.7") }
        for attempt in 0..<5_000 {
            throttle.recordFailure(account: "flood\(attempt)@example.com", ip: "10.1.\(attempt / 256).\(attempt % 256)")
            if attempt % 100 == 0 { clock.advance(by: 1) }
        }
        #expect(throttle.count <= 50)
        #expect(throttle.check(account: "ana@agency.example", ip: "203.0.113.9").reason == "this account")
        #expect(throttle.check(account: "someone@example.com", ip: "198.51.100.7").reason == "this address")
    }

    @Test("When every entry is a live lockout, a new key replaces the one that ends first")
    func fullOfLockouts() {
        let (throttle, clock) = Self.throttle(capacity: 4)
        for name in ["a", "b"] {
            for _ in 0..<5 { throttle.recordFailure(account: "\(name)@example.com", ip: "198.51.100.\(name == "a" ? 1 : 2)") }
            clock.advance(by: 60)
        }
        #expect(throttle.count == 4)
        throttle.recordFailure(account: "c@example.com", ip: "198.51.100.2")
        #expect(throttle.count == 4)
        #expect(throttle.check(account: "b@example.com", ip: "203.0.113.9").reason == "this account")
        #expect(throttle.check(account: "nobody@example.com", ip: "198.51.100.2").reason == "this address")
        // One of the two oldest lockouts (account a or address .1, both from the first minute) made room.
        let accountA = throttle.check(account: "a@example.com", ip: "203.0.113.9").retryInMinutes != nil
        let address1 = throttle.check(account: "nobody@example.com", ip: "198.51.100.1").retryInMinutes != nil
        #expect(accountA != address1)
    }

    @Test("Entries past their window make room first")
    func expiredFirst() {
        let (throttle, clock) = Self.throttle(capacity: 3)
        throttle.recordFailure(account: "old@example.com", ip: "198.51.100.1")
        clock.advance(by: 901)
        for _ in 0..<5 { throttle.recordFailure(account: "ana@agency.example", ip: "198.51.100.2") }
        #expect(throttle.count == 3)
        #expect(throttle.check(account: "ana@agency.example", ip: "203.0.113.9").reason == "this account")
        #expect(throttle.check(account: "x@example.com", ip: "198.51.100.2").reason == "this address")
    }

    @Test("A successful sign-in clears the account's failures")
    func successClears() {
        let (throttle, _) = Self.throttle()
        for attempt in 0..<4 { throttle.recordFailure(account: "ana@agency.example", ip: "198.51.100.\(attempt)") }
        throttle.recordSuccess(account: "ANA@agency.example")
        throttle.recordFailure(account: "ana@agency.example", ip: "198.51.100.250")
        #expect(throttle.check(account: "ana@agency.example", ip: "203.0.113.9").retryInMinutes == nil)
    }
}
