/// Who owns a campaign: the user it was made by (on a page, or with a token made for that user),
/// and the token it was made with, if any.
public struct CampaignOwner: Sendable, Equatable {
    public var userID: String?
    public var tokenID: String?

    public init(userID: String?, tokenID: String?) {
        self.userID = userID
        self.tokenID = tokenID
    }
}

/// What can be done to an existing campaign beyond reading it.
public enum CampaignAction: String, Sendable, CaseIterable {
    /// `PATCH /api/v1/campaigns/{id}` and the edit form.
    case edit
    /// Candidate import, through the API or the page's upload.
    case importCandidates
    /// Creating or updating the campaign's Retell agent.
    case manageAgent
    /// Starting, pausing, resuming and cancelling its batches.
    case runCalls
    /// Archiving it: read-only from then on.
    case archive
    /// The recruiter's decision and note on a shortlist row.
    case decide
    /// Listening to a call's recording (personal data: not for viewers).
    case listen
}

/// The one rule for changing and running campaigns (DESIGN §6), called by the API and the pages
/// alike: admins may do anything; recruiters change and run only the campaigns they own; viewers
/// change nothing, whatever they own.
public enum CampaignPermission {
    /// What a refused request is told, on a page or in the API's error.
    public static let refusal = "Only the campaign's owner or an admin can change it."

    public static func allows(_ principal: Principal, _ action: CampaignAction, on owner: CampaignOwner) -> Bool {
        switch principal.role {
        case .admin: return true
        case .recruiter: return owns(principal, owner)
        case .viewer: return false
        }
    }

    /// A user owns what they made. A token made for a user owns what that user owns; a token made
    /// for no one owns only the campaigns it created itself.
    public static func owns(_ principal: Principal, _ owner: CampaignOwner) -> Bool {
        switch principal.kind {
        case .user:
            return principal.id != nil && principal.id == owner.userID
        case .token:
            if let userID = principal.userID { return userID == owner.userID }
            return principal.id != nil && principal.id == owner.tokenID
        case .cli, .system:
            return false
        }
    }
}

extension Principal {
    /// Whether this principal may do `action` to a campaign owned by `owner` (see `CampaignPermission`).
    public func may(_ action: CampaignAction, campaign owner: CampaignOwner) -> Bool {
        CampaignPermission.allows(self, action, on: owner)
    }
}

extension Role {
    /// The role a token made for a user acts with: the lower of the token's and the user's current role,
    /// so demoting the user demotes their tokens at once, and a token never gives more than its user has.
    public static func effective(token: Role, user: Role?) -> Role {
        guard let user else { return token }
        return min(token, user)
    }
}
