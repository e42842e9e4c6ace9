/// A batch's progress as the campaign page and the `batch.updated` event say it: candidates
/// finished out of the batch's candidates, with its calls counted apart, e.g.
/// "120 of 225 candidates done · 235 calls, 112 did not connect".
struct BatchProgress: Sendable, Equatable {
    var finished: Int
    var total: Int
    var connected: Int
    var notConnected: Int

    init(_ batch: BatchRecord) {
        finished = batch.finishedCandidates
        total = batch.totalCandidates
        connected = batch.completedCalls
        notConnected = batch.failedCalls
    }

    var text: String {
        let (calls, overflow) = connected.addingReportingOverflow(notConnected)
        let callCount = overflow ? Int.max : calls
        return "\(finished) of \(Self.count(total, "candidate")) done · \(Self.count(callCount, "call"))"
            + (notConnected > 0 ? ", \(notConnected) did not connect" : "")
    }

    static func count(_ value: Int, _ noun: String) -> String { "\(value) \(noun)\(value == 1 ? "" : "s")" }
}
