/// What the seeded application holds, so generated requests can aim at real rows as well as at
/// made-up ones.
public struct FuzzTargets: Sendable {
    public var jobID: String
    public var campaignID: String
    public var candidateID: String
    /// Our call rows and their Retell ids (the webhook's `metadata.shortlist_call_id` and `call_id`).
    public var calls: [(id: String, retellID: String)]
    public var sessionCookie: String
    public var csrf: String
    public var adminToken: String
    /// The signed-in admin's email, which form cases never disable or demote.
    public var adminEmail: String
}
