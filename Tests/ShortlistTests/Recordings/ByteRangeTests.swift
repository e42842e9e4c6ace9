import Testing
@testable import Shortlist

@Suite("Range requests")
struct ByteRangeTests {
    @Test("One range of bytes is read as RFC 9110 says; several, other units and nonsense mean the whole body", arguments: [
        (nil, ByteRange.whole),
        ("bytes=0-99", .part(0..<100)),
        ("bytes=100-", .part(100..<1_000)),
        ("bytes=-10", .part(990..<1_000)),
        ("bytes=-5000", .part(0..<1_000)),
        ("bytes=990-5000", .part(990..<1_000)),
        ("bytes=999-999", .part(999..<1_000)),
        ("bytes=1000-", .unsatisfiable),
        ("bytes=1000-1001", .unsatisfiable),
        ("bytes=-0", .unsatisfiable),
        ("bytes=5-1", .whole),
        ("bytes=0-1,5-9", .whole),
        ("items=0-1", .whole),
        ("bytes=a-b", .whole),
        ("bytes=+1-2", .whole),
        ("bytes=99999999999999999999999-", .whole),
        ("bytes=", .whole),
    ] as [(String?, ByteRange)])
    func parses(header: String?, expected: ByteRange) {
        #expect(ByteRange.parse(header, length: 1_000) == expected)
    }

    @Test("Any range of an empty body cannot be satisfied")
    func empty() {
        #expect(ByteRange.parse("bytes=0-", length: 0) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=-1", length: 0) == .unsatisfiable)
        #expect(ByteRange.parse(nil, length: 0) == .whole)
    }
}
