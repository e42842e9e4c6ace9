import Foundation
import Testing
@testable import Shortlist

@Suite("CSV parser")
struct CSVParserTests {
    private func fields(_ text: String) throws -> [[String]] {
        try CSVParser.parse(text).map(\.fields)
    }

    private func parseError(_ bytes: [UInt8]) -> CSVError? {
        do {
            _ = try CSVParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    private func parseError(_ text: String) -> CSVError? {
        parseError(Array(text.utf8))
    }

    @Test("Simple records are split into fields with line and record numbers")
    func simpleRecords() throws {
        let records = try CSVParser.parse("name,phone\nAda,+14155550123\nBob,+442079460958\n")
        #expect(records == [
            CSVRecord(fields: ["name", "phone"], line: 1, number: 1),
            CSVRecord(fields: ["Ada", "+14155550123"], line: 2, number: 2),
            CSVRecord(fields: ["Bob", "+442079460958"], line: 3, number: 3),
        ])
    }

    @Test("The last record is read whether or not it ends with a newline", arguments: [
        "a,b\n1,2", "a,b\n1,2\n", "a,b\r\n1,2\r\n", "a,b\r1,2\r",
    ])
    func trailingNewlineOptional(_ text: String) throws {
        #expect(try fields(text) == [["a", "b"], ["1", "2"]])
    }

    @Test("Quoted fields may contain commas")
    func quotedCommas() throws {
        #expect(try fields("name,notes\n\"Smith, Jane\",\"a, b, c\"\n") == [
            ["name", "notes"], ["Smith, Jane", "a, b, c"],
        ])
    }

    @Test("Line breaks inside quotes are kept exactly as written and counted in line numbers")
    func quotedLineBreaks() throws {
        let records = try CSVParser.parse("\"one\ntwo\",x\r\n\"a\r\nb\",y\r\n\"c\rd\",z\n")
        #expect(records.map(\.fields) == [["one\ntwo", "x"], ["a\r\nb", "y"], ["c\rd", "z"]])
        #expect(records.map(\.line) == [1, 3, 5])
        #expect(records.map(\.number) == [1, 2, 3])
    }

    @Test("Doubled quotes inside a quoted field become one quote")
    func doubledQuotes() throws {
        #expect(try fields("\"he said \"\"hi\"\"\",\"\"\"\",\"\"\n") == [["he said \"hi\"", "\"", ""]])
    }

    @Test("A UTF-8 byte order mark at the start is skipped")
    func byteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("email,phone\nx@y.z,1\n".utf8)
        let records = try CSVParser.parse(bytes)
        #expect(records.map(\.fields) == [["email", "phone"], ["x@y.z", "1"]])
        #expect(records.first?.fields.first?.unicodeScalars.first == "e")
        #expect(try CSVParser.parse(Data(bytes)) == records)
        #expect(try CSVParser.parse([0xEF, 0xBB, 0xBF] as [UInt8]).isEmpty)
    }

    @Test("CRLF, LF and lone CR line endings can be mixed")
    func mixedLineEndings() throws {
        let records = try CSVParser.parse("a,b\r\nc,d\ne,f\rg,h")
        #expect(records.map(\.fields) == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
        #expect(records.map(\.line) == [1, 2, 3, 4])
    }

    @Test("Empty fields are kept, including leading and trailing ones")
    func emptyFields() throws {
        #expect(try fields(",a,,\n") == [["", "a", "", ""]])
        #expect(try fields(",\n") == [["", ""]])
        #expect(try fields("a,") == [["a", ""]])
        #expect(try fields("\"\",x") == [["", "x"]])
    }

    @Test("Completely empty lines are skipped but still counted in line numbers")
    func blankLinesSkipped() throws {
        let records = try CSVParser.parse("\nh1,h2\n\n\r\n\rv1,v2\n\n")
        #expect(records == [
            CSVRecord(fields: ["h1", "h2"], line: 2, number: 1),
            CSVRecord(fields: ["v1", "v2"], line: 6, number: 2),
        ])
    }

    @Test("Inputs with no records give an empty result", arguments: ["", "\n", "\r\n\r\n", "\r\r\n\n"])
    func noRecords(_ text: String) throws {
        #expect(try CSVParser.parse(text).isEmpty)
    }

    @Test("Fields are not trimmed and whitespace-only lines are records")
    func noTrimming() throws {
        #expect(try fields(" a , b \n \n") == [[" a ", " b "], [" "]])
    }

    @Test("Multi-byte UTF-8 text is preserved")
    func unicodeText() throws {
        let expected = [["Zoë", "東京", "🙂"], ["Ünïcödé, ok", "x"]]
        #expect(try fields("Zoë,東京,🙂\n\"Ünïcödé, ok\",x") == expected)
    }

    @Test("Data, byte arrays, strings and non-contiguous collections parse the same")
    func inputTypes() throws {
        let text = "\u{FEFF}a,\"b\nc\"\r\nd,e"
        let bytes = Array(text.utf8)
        let expected = try CSVParser.parse(text)
        #expect(expected.map(\.fields) == [["a", "b\nc"], ["d", "e"]])
        #expect(try CSVParser.parse(bytes) == expected)
        #expect(try CSVParser.parse(Data(bytes)) == expected)
        #expect(try CSVParser.parse(bytes.lazy.map { $0 }) == expected)
        let padded = Data([0x58, 0x58] + bytes)
        #expect(try CSVParser.parse(padded.dropFirst(2)) == expected)
    }

    @Test("An unterminated quoted field is reported with the line where it starts")
    func unterminatedQuote() {
        let error = parseError("a,b\n1,\"open\n2,3\n")
        #expect(error == .unterminatedQuote(line: 2))
        #expect(error?.message == "unterminated quoted field starting on line 2")
        #expect(error?.line == 2)
    }

    @Test("A quote inside an unquoted field is an error with its line")
    func strayQuote() {
        let error = parseError("a,b\n\n1,ab\"c\n")
        #expect(error == .strayQuote(line: 3))
        #expect(error?.message == "stray quote in unquoted field on line 3")
        #expect(parseError("x,y\"") == .strayQuote(line: 1))
    }

    @Test("Text after a closing quote is an error on the line of the closing quote")
    func characterAfterClosingQuote() {
        let error = parseError("a\n\"x\"y,z\n")
        #expect(error == .unexpectedCharacterAfterQuote(line: 2))
        #expect(error?.message == "unexpected character after closing quote on line 2")
        #expect(parseError("h\n\"multi\nline\" ,x") == .unexpectedCharacterAfterQuote(line: 3))
    }

    @Test("Invalid UTF-8 is reported with the line of the bad bytes")
    func invalidUTF8() {
        let error = parseError(Array("name\nok,".utf8) + [0xFF] + Array("\n".utf8))
        #expect(error == .invalidUTF8(line: 2))
        #expect(error?.message == "file is not valid UTF-8 (line 2)")
        // A truncated 4-byte sequence inside a quoted field that started one line earlier.
        let quoted = parseError(Array("h\n\"a\n".utf8) + [0xF0, 0x9F, 0x98] + Array("\"\n".utf8))
        #expect(quoted == .invalidUTF8(line: 3))
        #expect(parseError([0xC3]) == .invalidUTF8(line: 1))
    }

    @Test("Streaming delivers records in order and stops when the body throws")
    func streaming() throws {
        struct Stop: Error {}
        var seen: [Int] = []
        #expect(throws: Stop.self) {
            try CSVParser.forEachRecord(in: Array("a\nb\nc\nd\n".utf8)) { record in
                seen.append(record.number)
                if record.number == 2 { throw Stop() }
            }
        }
        #expect(seen == [1, 2])

        var delivered: [[String]] = []
        #expect(throws: CSVError.strayQuote(line: 3)) {
            try CSVParser.forEachRecord(in: Array("a\nb\nc\"\n".utf8)) { delivered.append($0.fields) }
        }
        #expect(delivered == [["a"], ["b"]])
    }

    @Test("A 100,000-row file parses to 100,001 records")
    func largeFile() throws {
        var text = "name,phone,email,city,notes,tag\n"
        text.reserveCapacity(9_000_000)
        for i in 0..<100_000 {
            text += "Person \(i),+1415555\(1000 + i % 9000),p\(i)@example.com,San Francisco,"
            text += "\"Likes \"\"quotes\"\", commas\",tag\(i % 7)\r\n"
        }
        let records = try CSVParser.parse(Data(text.utf8))
        #expect(records.count == 100_001)
        #expect(records.allSatisfy { $0.fields.count == 6 })
        let last = try #require(records.last)
        #expect(last.number == 100_001)
        #expect(last.line == 100_001)
        #expect(last.fields == [
            "Person 99999", "+14155551999", "p99999@example.com", "San Francisco",
            "Likes \"quotes\", commas", "tag4",
        ])
    }
}
