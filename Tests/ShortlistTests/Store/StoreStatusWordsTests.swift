import Foundation
import Testing
@testable import Shortlist

/// "The store reads and commits; it does not decide" (STYLE habit 11), made checkable: no file
/// under Sources/Shortlist/Store/ writes a status word as a literal. SQL interpolates the enums
/// (`CandidateStatus.queued.sqlLiteral`) or their shared sets (`CallStatus.inFlight.sqlList`), and
/// comparisons use the typed records. Migrations*.swift are left out: shipped migrations are frozen
/// text, and their CHECK constraints are where the words are meant to be.
@Suite("Store status words")
struct StoreStatusWordsTests {
    static let storeDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/Shortlist/Store")

    /// Every status and outcome word. `qualified` is left out: it is also a column's name.
    static let words: Set<String> = Set(
        CandidateStatus.allCases.map(\.rawValue) + CallStatus.allCases.map(\.rawValue)
            + BatchStatus.allCases.map(\.rawValue) + CampaignStatus.allCases.map(\.rawValue)
            + CandidateOutcome.allCases.map(\.rawValue)
    ).subtracting(["qualified"])

    /// `'word'` or `"word"` for any status word, outside comments.
    static func literals(in source: String) -> [String] {
        var found: [String] = []
        for (number, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let code = line.trimmingCharacters(in: .whitespaces)
            guard !code.hasPrefix("//") else { continue }
            for word in words.sorted() where code.contains("'\(word)'") || code.contains("\"\(word)\"") {
                found.append("line \(number + 1): \(word)")
            }
        }
        return found
    }

    @Test("Every status word is letters and underscores, so SQL takes it quoted as it is")
    func plainWords() {
        let stored = CandidateStatus.allCases.map(\.sqlLiteral) + CandidateOutcome.allCases.map(\.sqlLiteral)
            + CallStatus.allCases.map(\.sqlLiteral) + BatchStatus.allCases.map(\.sqlLiteral)
            + CampaignStatus.allCases.map(\.sqlLiteral) + DNCSource.allCases.map(\.sqlLiteral)
        for literal in stored {
            #expect(literal.dropFirst().dropLast().allSatisfy { $0.isLetter || $0 == "_" }, "\(literal)")
            #expect(literal.first == "'" && literal.last == "'")
        }
        #expect(CallStatus.inFlight.sqlList == "('dialing', 'unknown', 'registered', 'ongoing')")
    }

    @Test("The check catches a status word quoted in SQL or in Swift, and not in a comment")
    func catches() {
        #expect(Self.literals(in: "WHERE status = 'queued'") == ["line 1: queued"])
        #expect(Self.literals(in: "if candidate.status == \"in_progress\" {}") == ["line 1: in_progress"])
        #expect(Self.literals(in: "// e.g. 'dialing'\nWHERE call_status IN \\(CallStatus.inFlight.sqlList)").isEmpty)
    }

    @Test("No file under Store/ but the frozen migrations writes a status word as a literal")
    func storeHasNoStatusWords() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.storeDirectory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "swift" && !$0.lastPathComponent.hasPrefix("Migrations") }
        #expect(files.count > 10, "the Store folder was found")
        for file in files {
            let found = Self.literals(in: try String(contentsOf: file, encoding: .utf8))
            #expect(found.isEmpty, "\(file.lastPathComponent): \(found.joined(separator: ", "))")
        }
    }
}
