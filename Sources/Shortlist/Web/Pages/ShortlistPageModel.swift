import Foundation

/// Everything `shortlist.mustache` shows, formatted: answers in words (Yes/No), knock-out misses
/// marked, times in the campaign's zone, phones masked for viewers, decisions as tags.
struct ShortlistPageModel: PageModel {
    var title: String
    var chrome: Chrome?
    var campaignID: String
    var campaignName: String
    var campaignURL: String
    var reportURL: String
    var csvURL: String
    var filters: [Filter]
    var headers: [Header]
    var rows: [Row]
    var hasRows: Bool
    var emptyText: String
    var nextURL: String?
    /// The query string the decision forms bring the browser back to.
    var back: String
    var canDecide: Bool
    var readOnlyNote: String?

    struct Filter { var label: String; var count: Int; var url: String; var current: Bool }
    /// A column header: a link that sorts by it (the other way round when it is the current sort).
    struct Header { var label: String; var url: String?; var ariaSort: String?; var arrow: String }
    struct Cell { var text: String; var miss: Bool; var missTitle: String? }
    struct Choice { var code: String; var label: String; var current: Bool }

    struct Row {
        var id: String
        var name: String
        var url: String
        var phone: String
        var qualified: Wording
        var answers: [Cell]
        var summary: String
        var sentiment: Wording?
        var callback: String
        var decision: Wording?
        var decided: String?
        var note: String
        var choices: [Choice]
    }

    static func build(
        detail: CampaignDetail, page: Page<ShortlistRow>, counts: [ShortlistDecision?: Int], state: ShortlistPageState,
        principal: Principal, chrome: Chrome
    ) -> ShortlistPageModel {
        let campaign = detail.campaign
        let base = "/campaigns/\(campaign.id)/shortlist"
        let zone = TimeZone(identifier: campaign.timezone) ?? TimeZone(identifier: "UTC")!
        let editable = campaign.status.isEditable
        let total = counts.values.reduce(0, +)
        var filters = [Filter(label: "All", count: total, url: base + state.query(filter: .all), current: state.filter == .all)]
        filters += ShortlistDecision.allCases.map { decision in
            Filter(label: decision.wording.text, count: counts[decision] ?? 0,
                   url: base + state.query(filter: .decided(decision)), current: state.filter == .decided(decision))
        }
        filters.append(Filter(label: "No decision yet", count: counts[nil] ?? 0,
                              url: base + state.query(filter: .undecided), current: state.filter == .undecided))
        let rows = page.items.map { row(for: $0, targets: detail.targets, zone: zone, principal: principal) }
        return ShortlistPageModel(
            title: "Shortlist: \(campaign.name)", chrome: chrome, campaignID: campaign.id, campaignName: campaign.name,
            campaignURL: "/campaigns/\(campaign.id)", reportURL: "/campaigns/\(campaign.id)/report",
            csvURL: "/campaigns/\(campaign.id)/results.csv", filters: filters,
            headers: headers(targets: detail.targets, state: state, base: base), rows: rows, hasRows: !rows.isEmpty,
            emptyText: total == 0 ? "Nobody has answered a call yet." : "Nobody here with this decision.",
            nextURL: page.nextCursor.map { base + state.query(after: $0) }, back: state.query(),
            canDecide: editable && principal.may(.decide, campaign: campaign.owner),
            readOnlyNote: editable ? nil : "This campaign is archived: decisions can no longer change.")
    }

    static func headers(targets: [TargetSpec], state: ShortlistPageState, base: String) -> [Header] {
        // What the recruiter acts on comes first, so it is on screen without scrolling sideways.
        var columns: [(label: String, column: ShortlistColumn?)] = [
            ("Name", .name), ("Phone", nil), ("Qualified", .qualified), ("Decision", .decision), ("Note", nil),
        ]
        for target in targets { columns.append((target.name, ShortlistColumn.answer(target.key))) }
        columns += [("Summary", .summary), ("Sentiment", .sentiment), ("Call back at", .callbackAt)]
        return columns.map { item in
            let label = item.label
            guard let column = item.column else { return Header(label: label, url: nil, ariaSort: nil, arrow: "") }
            let current = state.order.column == column
            return Header(
                label: label, url: base + state.query(order: state.order.toggled(column)),
                ariaSort: current ? (state.order.descending ? "descending" : "ascending") : nil,
                arrow: current ? (state.order.descending ? " ▼" : " ▲") : "")
        }
    }

    static func row(for row: ShortlistRow, targets: [TargetSpec], zone: TimeZone, principal: Principal) -> Row {
        let answers = AnalysisMapping.answers(customResponses: row.customResponses, targets: targets)
        return Row(
            id: row.id, name: row.fullName, url: "/candidates/\(row.id)",
            phone: ErasedPerson.display(row.phone, masked: !principal.role.canWrite),
            qualified: qualifiedWording(row.qualified),
            answers: targets.map { cell($0, answers[$0.key]) },
            summary: row.summary ?? "",
            sentiment: row.sentimentScore.map { score in
                let text = String(format: "%.2f", score)
                return Wording(text, SentimentWords.tone(score: score), code: "sentiment \(text) of 1")
            },
            callback: row.callbackAt.map { CampaignPageModel.format($0, zone) } ?? "",
            decision: row.decision?.wording,
            decided: row.decidedAt.map { "\(row.decidedBy ?? "someone"), \(CampaignPageModel.format($0, zone))" },
            note: row.decisionNote ?? "",
            choices: ShortlistDecision.allCases.map {
                Choice(code: $0.rawValue, label: $0.wording.text, current: $0 == row.decision)
            })
    }

    static func qualifiedWording(_ qualified: Bool?) -> Wording {
        switch qualified {
        case true?: Wording("Yes", .good, code: "qualified")
        case false?: Wording("No", .bad, code: "not_qualified")
        case nil: Wording("Not judged yet", .quiet, code: "null")
        }
    }

    /// An answer in words; a knock-out rule it fails is said beside it.
    static func cell(_ target: TargetSpec, _ answer: AnswerValue?) -> Cell {
        let text: String
        switch answer {
        case .bool(let flag): text = flag ? "Yes" : "No"
        case .number, .text: text = ResultsCSV.text(answer).isEmpty ? "—" : ResultsCSV.text(answer)
        case nil: text = "—"
        }
        let miss = target.knockout != nil && !Qualification.passes(target, answer)
        return Cell(text: text, miss: miss, missTitle: miss ? "Knock-out: \(answer == nil ? "no answer" : "fails the rule")" : nil)
    }
}
