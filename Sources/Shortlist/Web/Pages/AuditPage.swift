import Foundation
import Hummingbird

/// `GET /audit` (admins only): who did what and when, newest first, 100 to a page, filtered by
/// user, action and a date range. Dates are days in UTC, as the log is not one campaign's.
struct AuditPages: Sendable {
    let database: AppDatabase
    let renderer: PageRenderer
    let chrome: @Sendable (SignedInUser) -> Chrome
    static let pageSize = 100

    struct AuditPageModel: PageModel {
        var title = "Audit log"
        var chrome: Chrome?
        var actors: [Option]
        var actions: [Option]
        var from: String
        var fromError: String?
        var to: String
        var toError: String?
        var entries: [Entry]
        var hasEntries: Bool
        var nextPageURL: String?

        struct Option { var value: String; var label: String; var selected: Bool }
        struct Entry {
            var at: String
            var actor: String
            var actorType: String
            var action: String
            var subject: String
            var subjectURL: String?
            var detail: [Detail]
        }
        /// One `key=value` of the entry's detail; a status, outcome, decision, source or Retell
        /// reason shows in words (`words`), its code in the tooltip.
        struct Detail { var key: String; var value: String; var words: Wording? }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        guard signedIn.principal.role == .admin else { return PageResponse.forbidden() }
        let query = request.uri.queryParameters
        func text(_ name: String) -> String? {
            query.get(name).map { String($0).trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let actor = text("user"), action = text("action"), fromText = text("from"), toText = text("to")
        let from = fromText.flatMap(Self.day)
        let until = toText.flatMap(Self.day).map { $0.addingTimeInterval(86_400) }
        let fromError = fromText != nil && from == nil ? "\"\(fromText!.prefix(16))\" is not a date like 2026-11-27" : nil
        let toError = toText != nil && until == nil ? "\"\(toText!.prefix(16))\" is not a date like 2026-11-27" : nil
        let facets = try await database.auditFacets()
        var entries = Shortlist.Page<AuditLogRecord>(items: [], nextCursor: nil)
        let valid = fromError == nil && toError == nil
        if valid {
            do {
                entries = try await database.auditEntries(
                    actor: actor, action: action, from: from, until: until, after: text("after"), limit: Self.pageSize)
            } catch is InvalidCursor {
                return PageResponse.notFound()
            }
        }
        var filters = URLComponents()
        filters.queryItems = [("user", actor), ("action", action), ("from", fromText), ("to", toText)]
            .compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        let model = AuditPageModel(
            chrome: chrome(signedIn),
            actors: Self.options(facets.actors, selected: actor, all: "Everyone"),
            actions: Self.options(facets.actions, selected: action, all: "Every action"),
            from: fromText ?? "", fromError: fromError, to: toText ?? "", toError: toError,
            entries: entries.items.map(Self.entry), hasEntries: !entries.items.isEmpty,
            nextPageURL: entries.nextCursor.map { cursor in
                var next = filters
                next.queryItems = (next.queryItems ?? []) + [URLQueryItem(name: "after", value: cursor)]
                return "/audit?" + (next.percentEncodedQuery ?? "")
            })
        return renderer.html("audit", model, status: valid ? .ok : .unprocessableContent)
    }

    static func options(_ values: [String], selected: String?, all: String) -> [AuditPageModel.Option] {
        [AuditPageModel.Option(value: "", label: all, selected: selected == nil)]
            + values.map { AuditPageModel.Option(value: $0, label: $0, selected: $0 == selected) }
    }

    static func entry(_ record: AuditLogRecord) -> AuditPageModel.Entry {
        let detail = (try? JSONSerialization.jsonObject(with: Data(record.detail.utf8))) as? [String: Any] ?? [:]
        let link: String? = switch record.subjectType {
        case "campaign": record.subjectID.map { "/campaigns/\($0)" }
        case "job": record.subjectID.map { "/jobs/\($0)/edit" }
        default: nil
        }
        return AuditPageModel.Entry(
            at: timestamp(record.at), actor: record.actorLabel, actorType: record.actorType, action: record.action,
            subject: [record.subjectType, record.subjectID].compactMap { $0 }.joined(separator: " "), subjectURL: link,
            detail: detail.keys.sorted().map { key in
                let value = detail[key].map { "\($0)" } ?? ""
                return AuditPageModel.Detail(key: key, value: value, words: words(key: key, value: value, action: record.action))
            })
    }

    /// The words for a detail that holds a code; nil for free text (a reason may be a message).
    static func words(key: String, value: String, action: String) -> Wording? {
        switch key {
        case "status" where action.hasPrefix("call."): CallStatus(rawValue: value)?.wording
        case "reason": DisconnectionWords.known[value] != nil ? DisconnectionWords.wording(value) : nil
        case "source": DNCSource(rawValue: value)?.wording
        case "outcome": CandidateOutcome(rawValue: value)?.wording
        case "decision": ShortlistDecision(rawValue: value)?.wording
        default: nil
        }
    }

    /// `2026-11-27` as the start of that day in UTC.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    /// `2026-11-27 14:05:09 UTC`.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d UTC", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
