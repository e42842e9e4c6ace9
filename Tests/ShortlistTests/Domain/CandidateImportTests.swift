import Foundation
import Testing
@testable import Shortlist

@Suite("Candidate import")
struct CandidateImportTests {
    private func plan(_ text: String, country: String = "US") throws -> ImportPlan {
        try CandidateImport.plan(csv: CSVParser.parse(text), defaultCountry: country)
    }

    private func headerError(_ text: String) throws -> FieldError? {
        let records = try CSVParser.parse(text)
        do {
            _ = try CandidateImport.plan(csv: records, defaultCountry: "US")
            return nil
        } catch {
            return error
        }
    }

    // MARK: Header

    @Test("A minimal file plans one draft per row, phones in E.164, rows counted from the header")
    func minimalFile() throws {
        let plan = try self.plan("full_name,phone\nAda Lovelace,(212) 555-0100\nGrace Hopper,415.555.0101\n")
        #expect(plan.rejected == [])
        #expect(plan.duplicates == [])
        #expect(plan.drafts == [
            CandidateDraft(row: 2, fullName: "Ada Lovelace", phone: "+12125550100", email: nil, timezone: nil,
                           externalID: nil, consent: nil, source: nil, attributes: [:]),
            CandidateDraft(row: 3, fullName: "Grace Hopper", phone: "+14155550101", email: nil, timezone: nil,
                           externalID: nil, consent: nil, source: nil, attributes: [:]),
        ])
    }

    @Test("The header's columns may come in any order and case, with spaces around them")
    func headerOrderAndCase() throws {
        let plan = try self.plan("""
            Email , PHONE,Full_Name,TimeZone,external_ID,Consent,SOURCE
            ada@example.com,2125550100,Ada,America/Chicago,ats-1,verbal 2026-11-01,referral
            """)
        #expect(plan.rejected == [])
        #expect(plan.drafts == [
            CandidateDraft(row: 2, fullName: "Ada", phone: "+12125550100", email: "ada@example.com",
                           timezone: "America/Chicago", externalID: "ats-1", consent: "verbal 2026-11-01",
                           source: "referral", attributes: [:]),
        ])
    }

    @Test("A header without full_name or phone is refused, naming what is missing",
          arguments: [
              ("name,phone\nAda,2125550100\n", "full_name"),
              ("full_name,mobile\nAda,2125550100\n", "phone"),
              ("email\nada@example.com\n", "full_name, phone"),
              ("Ada,2125550100\n", "full_name, phone"),
          ])
    func missingColumns(text: String, missing: String) throws {
        let error = try headerError(text)
        #expect(error?.field == "header")
        #expect(error?.message.hasPrefix("missing column(s) \(missing);") == true)
    }

    @Test("A column named twice, in any case, is refused")
    func duplicateColumn() throws {
        #expect(try headerError("full_name,phone,Phone\n") == FieldError("header", "column \"phone\" appears twice"))
        #expect(try headerError("full_name,phone,notes, NOTES\n") == FieldError("header", "column \"notes\" appears twice"))
    }

    @Test("A column without a name is refused with its position", arguments: [
        ("full_name,,phone\n", 2), ("full_name,phone,\n", 3), (" ,full_name,phone\n", 1),
    ])
    func blankColumn(text: String, column: Int) throws {
        #expect(try headerError(text) == FieldError("header", "column \(column) has no name"))
    }

    @Test("An empty file is refused: it needs a header", arguments: ["", "\n\n", "\r\n"])
    func emptyFile(text: String) throws {
        #expect(try headerError(text) == FieldError("header", "the file is empty: it needs a header row"))
    }

    @Test("A file with only a header plans nothing")
    func headerOnly() throws {
        #expect(try plan("full_name,phone\n") == ImportPlan())
    }

    // MARK: Rows

    @Test("Extra columns are kept as attributes under their lower-cased names; empty ones are left out")
    func extraColumnsAreAttributes() throws {
        let plan = try self.plan("""
            full_name,phone,Years,Forklift Licence,notes
            Ada,2125550100,5,yes,
            Grace,2125550101,,,"night shift, weekends"
            """)
        #expect(plan.drafts.map(\.attributes) == [
            ["years": "5", "forklift licence": "yes"],
            ["notes": "night shift, weekends"],
        ])
    }

    @Test("Blank optional fields become nil and values are trimmed")
    func blankOptionalFields() throws {
        let plan = try self.plan("full_name,phone,email,timezone,external_id\n  Ada  , 2125550100 ,  ,,\n")
        #expect(plan.rejected == [])
        let draft = try #require(plan.drafts.first)
        #expect(draft.fullName == "Ada")
        #expect(draft.phone == "+12125550100")
        #expect(draft.email == nil)
        #expect(draft.timezone == nil)
        #expect(draft.externalID == nil)
    }

    @Test("A row with too few or too many fields is rejected with its row number")
    func misshapenRows() throws {
        let plan = try self.plan("""
            full_name,phone,email
            Ada,2125550100,ada@example.com
            Grace,2125550101
            Linus,2125550102,linus@example.com,extra
            Alan,2125550103,
            """)
        #expect(plan.drafts.map(\.row) == [2, 5])
        #expect(plan.rejected == [
            ImportIssue(row: 3, field: nil, reason: "has 2 fields; the header has 3"),
            ImportIssue(row: 4, field: nil, reason: "has 4 fields; the header has 3"),
        ])
    }

    @Test("Rejections from the row's shape and from its values come out in row order")
    func rejectionsInRowOrder() throws {
        let plan = try self.plan("""
            full_name,phone
            Ada,12
            Grace
            ,2125550101
            Linus,2125550102,x
            """)
        #expect(plan.rejected.map(\.row) == [2, 3, 4, 5])
        #expect(plan.rejected.map(\.field) == ["phone", nil, "full_name", nil])
    }

    struct BadValueCase: Sendable, CustomTestStringConvertible {
        let row: String
        let field: String
        var testDescription: String { row }
    }

    @Test("A row with a bad value is rejected, naming the column and the row",
          arguments: [
              BadValueCase(row: ",2125550100,,", field: "full_name"),
              BadValueCase(row: "   ,2125550100,,", field: "full_name"),
              BadValueCase(row: "Ada,,,", field: "phone"),
              BadValueCase(row: "Ada,   ,,", field: "phone"),
              BadValueCase(row: "Ada,12345,,", field: "phone"),
              BadValueCase(row: "Ada,call me,,", field: "phone"),
              BadValueCase(row: "Ada,(012) 555-0100,,", field: "phone"),
              BadValueCase(row: "Ada,212 555 0100 x12,,", field: "phone"),
              BadValueCase(row: "Ada,2125550100,ada@example,", field: "email"),
              BadValueCase(row: "Ada,2125550100,ada.example.com,", field: "email"),
              BadValueCase(row: "Ada,2125550100,ada@@example.com,", field: "email"),
              BadValueCase(row: "Ada,2125550100,ada lovelace@example.com,", field: "email"),
              BadValueCase(row: "Ada,2125550100,@example.com,", field: "email"),
              BadValueCase(row: "Ada,2125550100,ada@example.com.,", field: "email"),
              BadValueCase(row: "Ada,2125550100,,Mars/Base", field: "timezone"),
              BadValueCase(row: "Ada,2125550100,,america/chicago", field: "timezone"),
          ])
    func badValues(_ test: BadValueCase) throws {
        let plan = try self.plan("full_name,phone,email,timezone\nGrace,2125550199,,\n\(test.row)\n")
        #expect(plan.drafts.map(\.row) == [2])
        #expect(plan.rejected.map(\.row) == [3])
        #expect(plan.rejected.first?.field == test.field)
    }

    @Test("Over-long values are rejected naming their column", arguments: [
        ("full_name", 200), ("email", 254), ("timezone", 64), ("external_id", 200), ("consent", 500), ("source", 200),
    ])
    func lengthLimits(column: String, limit: Int) throws {
        let long = column == "email" ? String(repeating: "a", count: limit - 11) + "@example.com" : String(repeating: "a", count: limit + 1)
        let columns = ["full_name", "phone", column].reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let values = columns.map { $0 == column ? long : ($0 == "phone" ? "2125550100" : "Ada") }
        let plan = try self.plan(columns.joined(separator: ",") + "\n" + values.joined(separator: ",") + "\n")
        #expect(plan.rejected.map(\.field) == [column])
    }

    @Test("An attribute value over 2000 characters is rejected naming its column")
    func longAttribute() throws {
        let plan = try self.plan("full_name,phone,notes\nAda,2125550100,\(String(repeating: "n", count: 2_001))\n")
        #expect(plan.rejected == [ImportIssue(row: 2, field: "notes", reason: "must be at most 2000 characters")])
    }

    @Test("A column name over 64 characters is rejected on each row that fills it")
    func longColumnName() throws {
        let column = String(repeating: "c", count: 65)
        let plan = try self.plan("full_name,phone,\(column)\nAda,2125550100,x\nGrace,2125550101,\n")
        #expect(plan.rejected.map(\.row) == [2])
        #expect(plan.rejected.first?.field == String(column.prefix(64)))
        #expect(plan.drafts.map(\.row) == [3])
    }

    @Test("Phones are read with the default country")
    func defaultCountry() throws {
        let plan = try self.plan("full_name,phone\nAda,020 7946 0958\nGrace,+1 212 555 0100\n", country: "GB")
        #expect(plan.drafts.map(\.phone) == ["+442079460958", "+12125550100"])
    }

    // MARK: Duplicates

    @Test("A phone repeated inside the file keeps the first row and reports the others")
    func duplicatePhones() throws {
        let plan = try self.plan("""
            full_name,phone
            Ada,2125550100
            Grace,2125550101
            Ada again,2125550100
            Ada thrice,212-555-0100
            """)
        #expect(plan.drafts.map(\.fullName) == ["Ada", "Grace"])
        #expect(plan.duplicates == [
            ImportIssue(row: 4, field: "phone", reason: "same phone as row 2"),
            ImportIssue(row: 5, field: "phone", reason: "same phone as row 2"),
        ])
        #expect(plan.rejected == [])
    }

    @Test("Two spellings of one number are duplicates")
    func duplicateSpellings() throws {
        let plan = try self.plan("full_name,phone\nAda,(512) 555-0134\nGrace,+1 512-555-0134\n")
        #expect(plan.drafts.map(\.row) == [2])
        #expect(plan.drafts.first?.phone == "+15125550134")
        #expect(plan.duplicates == [ImportIssue(row: 3, field: "phone", reason: "same phone as row 2")])
    }

    @Test("A rejected row does not claim its phone: a later valid row with it is imported")
    func rejectedRowDoesNotClaimPhone() throws {
        let plan = try self.plan("full_name,phone,email\nAda,2125550100,not-an-email\nGrace,2125550100,grace@example.com\n")
        #expect(plan.rejected.map(\.row) == [2])
        #expect(plan.drafts.map(\.row) == [3])
        #expect(plan.duplicates == [])
    }

    // MARK: CSV shapes

    @Test("Quoted fields keep their commas, quotes and line breaks, and rows count records, not lines")
    func quotedFields() throws {
        let plan = try self.plan("""
            full_name,phone,notes
            "Lovelace, Ada",2125550100,"line one
            line two"
            "Grace ""Amazing"" Hopper",2125550101,plain

            Linus,12,x
            """)
        #expect(plan.drafts.map(\.row) == [2, 3])
        #expect(plan.drafts.map(\.fullName) == ["Lovelace, Ada", "Grace \"Amazing\" Hopper"])
        #expect(plan.drafts.first?.attributes == ["notes": "line one\nline two"])
        #expect(plan.rejected.map(\.row) == [4])
    }

    @Test("A file with a byte order mark and CRLF line ends reads like any other")
    func bomAndCRLF() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("full_name,phone,notes\r\nAda,2125550100,a\r\nGrace,2125550101,b\r\n".utf8)
        let plan = try CandidateImport.plan(csv: CSVParser.parse(bytes), defaultCountry: "US")
        #expect(plan.rejected == [])
        #expect(plan.drafts.map(\.row) == [2, 3])
        #expect(plan.drafts.map(\.phone) == ["+12125550100", "+12125550101"])
        #expect(plan.drafts.map(\.attributes) == [["notes": "a"], ["notes": "b"]])
    }

    @Test("A 100,000-row file plans 100,000 drafts with no rejections")
    func hundredThousandRows() throws {
        let areaCodes = ["212", "312", "415", "512", "617", "713", "206", "303", "404", "503"]
        var text = "phone,full_name,email\n"
        text.reserveCapacity(5_000_000)
        for index in 0..<100_000 {
            let area = areaCodes[index / 10_000]
            let exchange = 200 + index % 7
            let line = String(index % 10_000).leftPadded(to: 4)
            let phone = index % 2 == 0 ? "(\(area)) \(exchange)-\(line)" : "+1 \(area) \(exchange) \(line)"
            text += "\(phone),Candidate \(index),c\(index)@example.com\n"
        }
        let plan = try self.plan(text)
        #expect(plan.rejected == [])
        #expect(plan.duplicates == [])
        #expect(plan.drafts.count == 100_000)
        #expect(plan.drafts.first?.row == 2)
        #expect(plan.drafts.last?.row == 100_001)
        #expect(plan.drafts.last?.phone == "+15032049999")
        #expect(Set(plan.drafts.map(\.phone)).count == 100_000)
    }

    // MARK: JSON rows

    @Test("JSON rows are planned with the row numbers they are given")
    func jsonRows() {
        let plan = CandidateImport.plan([
            (row: 1, fields: CandidateFields(fullName: "Ada", phone: "(212) 555-0100", email: "ada@example.com",
                                             attributes: ["years": "5"])),
            (row: 2, fields: CandidateFields(fullName: "Grace", phone: "bad")),
            (row: 3, fields: CandidateFields(fullName: "Ada again", phone: "+12125550100")),
            (row: 4, fields: CandidateFields(phone: "2125550101")),
            (row: 5, fields: CandidateFields(fullName: "Linus", phone: "2125550102", timezone: "Europe/Helsinki",
                                             externalID: " ats-5 ", consent: "yes", source: "web")),
        ], defaultCountry: "US")
        #expect(plan.drafts == [
            CandidateDraft(row: 1, fullName: "Ada", phone: "+12125550100", email: "ada@example.com", timezone: nil,
                           externalID: nil, consent: nil, source: nil, attributes: ["years": "5"]),
            CandidateDraft(row: 5, fullName: "Linus", phone: "+12125550102", email: nil, timezone: "Europe/Helsinki",
                           externalID: "ats-5", consent: "yes", source: "web", attributes: [:]),
        ])
        #expect(plan.rejected.map(\.row) == [2, 4])
        #expect(plan.rejected.map(\.field) == ["phone", "full_name"])
        #expect(plan.duplicates == [ImportIssue(row: 3, field: "phone", reason: "same phone as row 1")])
    }

    @Test("No JSON rows plan nothing")
    func noJSONRows() {
        #expect(CandidateImport.plan([], defaultCountry: "US") == ImportPlan())
    }

    @Test("A JSON row with a phone and no name is rejected on full_name, a name and no phone on phone")
    func jsonMissingFields() {
        let plan = CandidateImport.plan([
            (row: 1, fields: CandidateFields(phone: "2125550100")),
            (row: 2, fields: CandidateFields(fullName: "Ada")),
        ], defaultCountry: "US")
        #expect(plan.rejected == [
            ImportIssue(row: 1, field: "full_name", reason: "is required"),
            ImportIssue(row: 2, field: "phone", reason: "is required"),
        ])
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
