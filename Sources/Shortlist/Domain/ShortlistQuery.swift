/// Which rows of a campaign's shortlist to show, by the recruiter's decision.
public enum ShortlistFilter: Sendable, Equatable {
    case all
    /// Answered candidates nobody has decided on yet.
    case undecided
    case decided(ShortlistDecision)

    /// `?decision=`: empty or absent is every row, `none` the undecided ones, else a decision's code.
    public init(parsing raw: String?) throws(FieldError) {
        guard let raw, !raw.isEmpty else { self = .all; return }
        if raw == "none" { self = .undecided; return }
        guard let decision = ShortlistDecision(rawValue: raw) else {
            throw FieldError("decision", "must be one of \(Self.codes.joined(separator: ", "))")
        }
        self = .decided(decision)
    }

    /// Every value `?decision=` takes.
    public static let codes = ShortlistDecision.allCases.map(\.rawValue) + ["none"]

    /// The query's value (nil for every row).
    public var code: String? {
        switch self {
        case .all: nil
        case .undecided: "none"
        case .decided(let decision): decision.rawValue
        }
    }
}

/// A column the shortlist can be sorted by: one of its own, or a target's answer (`answer.<key>`).
public enum ShortlistColumn: Sendable, Equatable {
    case name, qualified, summary, sentiment, callbackAt, decision, decidedAt
    case answer(String)

    static let fixed: [(String, ShortlistColumn)] = [
        ("name", .name), ("qualified", .qualified), ("summary", .summary), ("sentiment", .sentiment),
        ("callback_at", .callbackAt), ("decision", .decision), ("decided_at", .decidedAt),
    ]

    /// The column `raw` names among the fixed ones and the campaign's targets.
    public init(parsing raw: String, targets: [TargetSpec]) throws(FieldError) {
        if let column = Self.fixed.first(where: { $0.0 == raw })?.1 { self = column; return }
        if raw.hasPrefix("answer."), targets.contains(where: { "answer.\($0.key)" == raw }) {
            self = .answer(String(raw.dropFirst("answer.".count)))
            return
        }
        let names = Self.fixed.map(\.0) + targets.map { "answer.\($0.key)" }
        throw FieldError("sort", "must be one of \(names.joined(separator: ", "))")
    }

    /// How `?sort=` spells it.
    public var code: String {
        switch self {
        case .answer(let key): "answer.\(key)"
        default: Self.fixed.first { $0.1 == self }?.0 ?? "name"
        }
    }
}

/// The shortlist's order: by a column, then by name. Without `?sort=`, qualified first, then by name.
public struct ShortlistOrder: Sendable, Equatable {
    public var column: ShortlistColumn
    public var descending: Bool

    public init(column: ShortlistColumn, descending: Bool) {
        self.column = column
        self.descending = descending
    }

    public static let standard = ShortlistOrder(column: .qualified, descending: true)

    /// `?sort=` and `?dir=asc|desc`; each names its field when wrong. A sort without a direction is
    /// ascending, except `qualified`, whose natural order is qualified first.
    public init(sort: String?, dir: String?, targets: [TargetSpec]) throws(FieldError) {
        var column = ShortlistColumn.qualified
        if let sort, !sort.isEmpty { column = try ShortlistColumn(parsing: sort, targets: targets) }
        switch dir {
        case nil, "": descending = column == .qualified
        case "asc": descending = false
        case "desc": descending = true
        default: throw FieldError("dir", "must be asc or desc")
        }
        self.column = column
    }

    /// The direction a click on `column`'s header asks for: the other one when it is the current column.
    public func toggled(_ column: ShortlistColumn) -> ShortlistOrder {
        if column == self.column { return ShortlistOrder(column: column, descending: !descending) }
        return ShortlistOrder(column: column, descending: column == .qualified)
    }
}

/// The recruiter's change to one shortlist row: a decision (nil clears it) and, when given, the note.
public struct DecisionChange: Sendable, Equatable {
    /// nil: leave the decision as it is; `.some(nil)`: clear it.
    public var decision: ShortlistDecision??
    /// nil: leave the note as it is; `.some(nil)` or blank: clear it.
    public var note: String??

    public static let maxNoteLength = 2_000

    public init(decision: ShortlistDecision??, note: String??) {
        self.decision = decision
        self.note = note
    }

    /// Checks the raw values: a decision's code (or nil to clear), a note of at most 2,000 characters
    /// without NUL. At least one of the two must be given.
    public init(decisionCode: String??, note: String??) throws(FieldError) {
        switch decisionCode {
        case .none: decision = nil
        case .some(.none): decision = .some(nil)
        case .some(.some(let code)):
            guard let value = ShortlistDecision(rawValue: code) else {
                throw FieldError("decision", "must be one of \(ShortlistDecision.allCases.map(\.rawValue).joined(separator: ", ")) or null")
            }
            decision = .some(value)
        }
        switch note {
        case .none: self.note = nil
        case .some(.none): self.note = .some(nil)
        case .some(.some(let text)):
            self.note = .some(try Check.optionalText(text, field: "decision_note", max: Self.maxNoteLength))
        }
        guard decision != nil || self.note != nil else { throw FieldError("decision", "is required (or decision_note)") }
    }
}
