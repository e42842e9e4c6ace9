import Foundation
import GRDB

// Status columns are stored as their enum's raw text. The SQL that filters on a status interpolates
// the enum (`\(CandidateStatus.queued.sqlLiteral)`) or one of its shared sets
// (`\(CallStatus.inFlight.sqlList)`), so no status word is written twice and the store compares none.
// They are written into the SQL text rather than bound: SQLite uses a partial index
// (`campaign_candidates_due … WHERE status = 'queued'`) only when the query's text implies it.

/// A status enum kept as text in a column.
protocol StatusColumn: RawRepresentable<String>, DatabaseValueConvertible {}

extension StatusColumn {
    /// The value as an SQL string literal, e.g. `'queued'`. Raw values are fixed words (letters
    /// and underscores, checked by StoreStatusWordsTests), so they need no escaping.
    var sqlLiteral: String { "'\(rawValue)'" }
}

extension Sequence where Element: StatusColumn {
    /// The values as an SQL list for `IN`, e.g. `('dialing', 'unknown')`.
    var sqlList: String { "(" + map(\.sqlLiteral).joined(separator: ", ") + ")" }
}

extension CandidateStatus: StatusColumn {}
extension CandidateOutcome: StatusColumn {}
extension CallStatus: StatusColumn {}
extension BatchStatus: StatusColumn {}
extension CampaignStatus: StatusColumn {}
extension DNCSource: StatusColumn {}
extension WebhookOutcome: StatusColumn {}
extension PayloadEncoding: StatusColumn {}
extension ShortlistDecision: StatusColumn {}
extension CallDirection: StatusColumn {}
