import Foundation

/// Takes the transcripts out of a webhook body before it is stored: every member of the `call`
/// object whose key holds "transcript" (`transcript`, `transcript_object`,
/// `transcript_with_tool_calls`, the `scrubbed_…` variants). The text is kept once, in the call's
/// analysis; the word timings are used by nothing. Everything else keeps its bytes as received.
/// A byte scanner, not a JSON round trip: it runs on every webhook's path.
enum TranscriptTrim {
    /// The body without transcript members, and how many were taken out; nil when the body is not
    /// a JSON object whose `call` member is an object (the caller then keeps it as it is).
    static func trim(_ body: Data) -> (body: Data, removed: Int)? {
        let bytes = [UInt8](body)
        var scanner = Scanner(bytes: bytes)
        guard let members = scanner.objectMembers(),
              let call = members.first(where: { scanner.key($0).elementsEqual("call".utf8) }),
              bytes[call.value.lowerBound] == UInt8(ascii: "{")
        else { return nil }
        var inner = Scanner(bytes: bytes, at: call.value.lowerBound)
        guard let fields = inner.objectMembers() else { return nil }
        let kept = fields.filter { !inner.key($0).containsTranscript }
        var out = Data(capacity: bytes.count)
        out.append(contentsOf: bytes[..<call.value.lowerBound])
        out.append(UInt8(ascii: "{"))
        for (index, field) in kept.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: bytes[field.whole])
        }
        out.append(UInt8(ascii: "}"))
        out.append(contentsOf: bytes[call.value.upperBound...])
        return (out, fields.count - kept.count)
    }

    struct Member {
        /// From the key's opening quote to the end of the value.
        var whole: Range<Int>
        /// The key's bytes between its quotes.
        var keyRange: Range<Int>
        var value: Range<Int>
    }

    struct Scanner {
        let bytes: [UInt8]
        var at = 0

        init(bytes: [UInt8], at: Int = 0) {
            self.bytes = bytes
            self.at = at
        }

        func key(_ member: Member) -> ArraySlice<UInt8> { bytes[member.keyRange] }

        /// The members of the object starting at `at` (after white space); nil if malformed.
        mutating func objectMembers() -> [Member]? {
            skipSpace()
            guard peek == UInt8(ascii: "{") else { return nil }
            at += 1
            var members: [Member] = []
            skipSpace()
            if peek == UInt8(ascii: "}") { at += 1; return members }
            while true {
                skipSpace()
                let start = at
                guard peek == UInt8(ascii: "\""), let keyEnd = skipString() else { return nil }
                skipSpace()
                guard peek == UInt8(ascii: ":") else { return nil }
                at += 1
                skipSpace()
                let valueStart = at
                guard skipValue() else { return nil }
                members.append(Member(whole: start..<at, keyRange: (start + 1)..<(keyEnd - 1), value: valueStart..<at))
                skipSpace()
                switch peek {
                case UInt8(ascii: ","): at += 1
                case UInt8(ascii: "}"): at += 1; return members
                default: return nil
                }
            }
        }

        private var peek: UInt8? { at < bytes.count ? bytes[at] : nil }

        private mutating func skipSpace() {
            while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { at += 1 }
        }

        /// Past a string starting at `at`; returns the index after its closing quote.
        private mutating func skipString() -> Int? {
            at += 1
            while let byte = peek {
                at += 1
                if byte == UInt8(ascii: "\\") { at += 1 } else if byte == UInt8(ascii: "\"") { return at }
            }
            return nil
        }

        /// Past one value (string, object, array or a bare literal); false if it never ends.
        private mutating func skipValue() -> Bool {
            guard let first = peek else { return false }
            if first == UInt8(ascii: "\"") { return skipString() != nil }
            guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
                let start = at
                while let byte = peek, !Self.endsLiteral(byte) { at += 1 }
                return at > start
            }
            var depth = 0
            while let byte = peek {
                switch byte {
                case UInt8(ascii: "\""):
                    guard skipString() != nil else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                at += 1
                if depth == 0 { return true }
            }
            return false
        }

        private static func endsLiteral(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")
                || byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
        }
    }
}

private extension ArraySlice where Element == UInt8 {
    var containsTranscript: Bool {
        let word = Array("transcript".utf8)
        guard count >= word.count else { return false }
        var index = startIndex
        while index + word.count <= endIndex {
            if self[index..<(index + word.count)].elementsEqual(word) { return true }
            index += 1
        }
        return false
    }
}
