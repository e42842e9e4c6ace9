import Foundation
import Testing
@testable import Shortlist

@Suite("Stored webhook bodies: transcripts taken out, deflated")
struct TranscriptTrimTests {
    @Test("Every member of the call object whose key holds \"transcript\" is taken out and every other byte is kept")
    func trimsTranscripts() throws {
        let body = #"""
            {"event":"call_ended", "call": {"call_id":"c1","transcript":"Agent: Hi \"there\" {x}\nUser: [yes]",
             "transcript_object":[{"role":"agent","content":"Hi } ]","words":[{"word":"Hi","start":0.1,"end":0.4}]}],
             "metadata":{"note":"a \"transcript\" in a value stays","n":[1,2,{"k":null}]},
             "transcript_with_tool_calls":[],"scrubbed_transcript_with_tool_calls":[{"role":"user"}],
             "duration_ms": 95000 ,"opt_in_signed_url":false},"extra":true}
            """#
        let trimmed = try #require(TranscriptTrim.trim(Data(body.utf8)))
        #expect(trimmed.removed == 4)
        #expect(String(decoding: trimmed.body, as: UTF8.self) == #"""
            {"event":"call_ended", "call": {"call_id":"c1","metadata":{"note":"a \"transcript\" in a value stays","n":[1,2,{"k":null}]},"duration_ms": 95000,"opt_in_signed_url":false},"extra":true}
            """#)
        let object = try #require(try JSONSerialization.jsonObject(with: trimmed.body) as? [String: Any])
        #expect(object["event"] as? String == "call_ended")
    }

    @Test("A call object with no transcript, or an empty one, comes back unchanged in content")
    func nothingToTrim() throws {
        let plain = try #require(TranscriptTrim.trim(Data(#"{"event":"call_started","call":{"call_id":"c1"}}"#.utf8)))
        #expect(plain.removed == 0)
        #expect(String(decoding: plain.body, as: UTF8.self) == #"{"event":"call_started","call":{"call_id":"c1"}}"#)
        let empty = try #require(TranscriptTrim.trim(Data(#"{"call":{ }}"#.utf8)))
        #expect(String(decoding: empty.body, as: UTF8.self) == #"{"call":{}}"#)
    }

    @Test("A body that is not an object holding a call object is left to the caller", arguments: [
        "", "[1,2]", #"{"call":3}"#, #"{"event":"x"}"#, #"{"call":{"a":"x"#, #"{"call":{"a" 1}}"#, #"{"call":{"a":1,}"#, "{",
    ])
    func refusesOtherShapes(_ body: String) {
        #expect(TranscriptTrim.trim(Data(body.utf8)) == nil)
    }

    @Test("Deflate gives back exactly what it was given, and refuses bytes that are not zlib data")
    func deflateRoundTrip() throws {
        var random = SystemRandomNumberGenerator()
        let samples = [Data(), Data("{}".utf8), Data((0..<70_000).map { _ in UInt8.random(in: 0...255, using: &random) }),
                       Data(String(repeating: #"{"word":"licence","start":1.25,"end":1.5},"#, count: 4_000).utf8)]
        for sample in samples {
            let packed = try Deflate.compress(sample)
            #expect(try Deflate.inflate(packed) == sample)
        }
        #expect(try Deflate.compress(samples[3]).count < samples[3].count / 20)
        #expect(throws: Deflate.Failure.self) { try Deflate.inflate(Data("not zlib at all".utf8)) }
    }
}
