import Foundation
import Testing
@testable import Shortlist

@Suite("Domain: row ids and email addresses")
struct RowIDsTests {
    @Test("Random ids are lower-case version-7 UUIDs that sort in the order they were made")
    func versionSevenInOrder() {
        let generator = RandomIDGenerator()
        let ids = (0..<10_000).map { _ in generator.next() }
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
        for id in ids.prefix(50) {
            let parts = id.split(separator: "-")
            #expect(parts.map(\.count) == [8, 4, 4, 4, 12], "\(id)")
            #expect(parts[2].first == "7", "version nibble of \(id)")
            #expect("89ab".contains(parts[3].first ?? "x"), "variant of \(id)")
            #expect(id == id.lowercased())
            #expect(UUID(uuidString: id) != nil)
        }
    }

    @Test("An id's first 48 bits are the time in milliseconds")
    func timePrefix() throws {
        let before = UInt64(Date().timeIntervalSince1970 * 1000)
        let id = RandomIDGenerator().next()
        let after = UInt64(Date().timeIntervalSince1970 * 1000)
        let hex = id.replacingOccurrences(of: "-", with: "").prefix(12)
        let millis = try #require(UInt64(hex, radix: 16))
        #expect(millis >= before && millis <= after + 1)
    }

    @Test("Sequential ids count up from one")
    func sequential() {
        let generator = SequentialIDGenerator()
        #expect(generator.next() == "00000000-0000-0000-0000-000000000001")
        #expect(generator.next() == "00000000-0000-0000-0000-000000000002")
    }

    @Test("An email address must look like one and fit in 254 characters")
    func emailAddress() {
        #expect(EmailAddress.problem(with: "ops@agency.example") == nil)
        #expect(EmailAddress.problem(with: "not an address") == "\"not an address\" is not an email address")
        let long = String(repeating: "a", count: 250) + "@x.io"
        #expect(EmailAddress.problem(with: long) != nil)
    }
}
