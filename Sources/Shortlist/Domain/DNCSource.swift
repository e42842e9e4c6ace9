/// How a number came onto the do-not-call list.
public enum DNCSource: String, Sendable, CaseIterable, Codable {
    case manual, call, `import`
}
