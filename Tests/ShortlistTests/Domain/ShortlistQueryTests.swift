import Testing
@testable import Shortlist

@Suite("Shortlist query rules")
struct ShortlistQueryTests {
    static let targets = [TargetSpec(key: "has_license", name: "Licence", goalType: .boolean)]

    @Test("The decision filter takes every decision, none and nothing, and names the field otherwise")
    func filter() throws {
        #expect(try ShortlistFilter(parsing: nil) == .all)
        #expect(try ShortlistFilter(parsing: "") == .all)
        #expect(try ShortlistFilter(parsing: "none") == .undecided)
        #expect(try ShortlistFilter(parsing: "to_contact") == .decided(.toContact))
        #expect(throws: FieldError("decision", "must be one of to_contact, contacted, interview, rejected, none")) {
            try ShortlistFilter(parsing: "To_Contact")
        }
    }

    @Test("The order is qualified first by default, any column or target answer by request, and a header click flips it")
    func order() throws {
        #expect(try ShortlistOrder(sort: nil, dir: nil, targets: Self.targets) == .standard)
        #expect(try ShortlistOrder(sort: "answer.has_license", dir: "desc", targets: Self.targets)
            == ShortlistOrder(column: .answer("has_license"), descending: true))
        #expect(try ShortlistOrder(sort: "callback_at", dir: nil, targets: Self.targets).descending == false)
        #expect(throws: FieldError.self) { try ShortlistOrder(sort: "answer.salary", dir: nil, targets: Self.targets) }
        #expect(throws: FieldError("dir", "must be asc or desc")) { try ShortlistOrder(sort: "name", dir: "DESC", targets: Self.targets) }
        #expect(ShortlistOrder.standard.toggled(.qualified) == ShortlistOrder(column: .qualified, descending: false))
        #expect(ShortlistOrder.standard.toggled(.name) == ShortlistOrder(column: .name, descending: false))
        #expect(ShortlistColumn.answer("has_license").code == "answer.has_license")
        #expect(ShortlistColumn.callbackAt.code == "callback_at")
    }

    @Test("A change needs a decision or a note; the note is trimmed, at most 2,000 characters and without NUL")
    func change() throws {
        let cleared = try DecisionChange(decisionCode: .some(nil), note: nil)
        #expect(cleared.decision == .some(nil) && cleared.note == nil)
        let noted = try DecisionChange(decisionCode: nil, note: .some("  Nights only "))
        #expect(noted.decision == nil && noted.note == .some("Nights only"))
        #expect(try DecisionChange(decisionCode: nil, note: .some("   ")).note == .some(nil))
        #expect(throws: FieldError("decision", "is required (or decision_note)")) { try DecisionChange(decisionCode: nil, note: nil) }
        #expect(throws: FieldError.self) { try DecisionChange(decisionCode: .some("hired"), note: nil) }
        #expect(throws: FieldError.self) { try DecisionChange(decisionCode: nil, note: .some("a\u{0}b")) }
        #expect(throws: FieldError.self) { try DecisionChange(decisionCode: nil, note: .some(String(repeating: "é", count: 2_001))) }
        #expect(try DecisionChange(decisionCode: nil, note: .some(String(repeating: "é", count: 2_000))).note != nil)
    }
}
