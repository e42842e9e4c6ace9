/// What the recruiter decided about a candidate on the shortlist (DESIGN §8). No decision yet is nil.
public enum ShortlistDecision: String, Sendable, CaseIterable, Codable {
    case toContact = "to_contact"
    case contacted, interview, rejected
}

/// Which way a call went: we dialled the candidate, or the candidate called the campaign number back.
public enum CallDirection: String, Sendable, CaseIterable, Codable {
    case outbound, inbound
}
