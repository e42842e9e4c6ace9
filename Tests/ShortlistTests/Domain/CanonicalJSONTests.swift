import Foundation
import Testing
@testable import Shortlist

@Suite("Canonical JSON objects")
struct CanonicalJSONTests {
    @Test("A flat object of strings has sorted keys and reads back as it was, whatever the text holds")
    func roundTrip() throws {
        let fields = ["b": "quote \" backslash \\ slash /", "a": "line\nbreak\ttab\r\u{01}\u{1F}", "c": "émoji 🙂 \u{202E}", "": ""]
        let text = CanonicalJSON.object(fields)
        #expect(text.hasPrefix(#"{"":"","a":"#))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String])
        #expect(parsed == fields)
        #expect(CanonicalJSON.object([:]) == "{}")
    }
}
