import Foundation
import Retell

/// Asks Retell to delete an erased person's call (`DELETE /v2/delete-call/{id}`; the item's
/// subject is Retell's call id). Tried until Retell confirms: any failure is retried with the
/// queue's backoff, and "not found" counts as done (the call is already gone).
public struct DeleteRetellCallWork: WorkHandler {
    let retell: any RetellClient

    public init(retell: any RetellClient) {
        self.retell = retell
    }

    public var kind: WorkKind { .deleteRetellCall }
    public var maxAttempts: Int? { nil }

    public func perform(_ item: WorkItemRecord) async throws -> WorkOutcome {
        do {
            try await retell.deleteCall(id: item.subject)
        } catch let error as RetellError where error.isUnknownID {
            return .done
        } catch let error as RetellError {
            // Retell's status and message only: never the URL or key.
            throw DeleteCallFailed(status: error.status, message: String(error.message.prefix(200)))
        }
        return .done
    }

    /// Never called: the handler has no limit of tries.
    public func abandon(_ item: WorkItemRecord, reason: String) async throws {}
}

struct DeleteCallFailed: Error, CustomStringConvertible {
    var status: Int?
    var message: String
    var description: String {
        "Retell did not delete the call (\(status.map { "HTTP \($0)" } ?? "no answer")): \(message)"
    }
}
