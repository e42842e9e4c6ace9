/// What the simulator keeps of an LLM or an agent: its config fields as sent, and a version and
/// modification time that every update moves on.
protocol StoredAsset: Sendable {
    var version: Int { get set }
    var modifiedMS: Int64 { get set }
    var fields: JSONValue { get set }
}

extension StoredLLM: StoredAsset {}
extension StoredAgent: StoredAsset {}
