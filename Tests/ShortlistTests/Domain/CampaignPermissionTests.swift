import Testing
@testable import Shortlist

@Suite("Campaign permission: who may change and run a campaign")
struct CampaignPermissionTests {
    static let owner = CampaignOwner(userID: "user-1", tokenID: nil)
    static let madeByToken = CampaignOwner(userID: nil, tokenID: "token-1")

    static func user(_ id: String, _ role: Role) -> Principal { Principal(kind: .user, id: id, label: id, role: role) }
    static func token(_ id: String, _ role: Role, user: String? = nil) -> Principal {
        Principal(kind: .token, id: id, label: "token:\(id)", role: role, userID: user)
    }

    @Test("Admins may do everything to any campaign, the command line included")
    func admins() {
        for action in CampaignAction.allCases {
            #expect(Self.user("someone", .admin).may(action, campaign: Self.owner))
            #expect(Self.token("token-9", .admin).may(action, campaign: Self.madeByToken))
            #expect(Principal.cli.may(action, campaign: Self.owner))
        }
    }

    @Test("A recruiter may change and run only a campaign they own, signed in or through a token made for them")
    func recruiters() {
        for action in CampaignAction.allCases {
            #expect(Self.user("user-1", .recruiter).may(action, campaign: Self.owner))
            #expect(Self.token("token-5", .recruiter, user: "user-1").may(action, campaign: Self.owner))
            #expect(!Self.user("user-2", .recruiter).may(action, campaign: Self.owner))
            #expect(!Self.token("token-6", .recruiter, user: "user-2").may(action, campaign: Self.owner))
        }
    }

    @Test("A token made for no one owns exactly the campaigns it created; a token made for a user owns what its user owns")
    func tokensWithoutUser() {
        #expect(Self.token("token-1", .recruiter).may(.edit, campaign: Self.madeByToken))
        #expect(!Self.token("token-2", .recruiter).may(.edit, campaign: Self.madeByToken))
        #expect(!Self.token("token-1", .recruiter).may(.edit, campaign: Self.owner))
        // The token of a user is judged by its user, not by the token that happened to create the campaign.
        #expect(!Self.token("token-1", .recruiter, user: "user-2").may(.edit, campaign: Self.madeByToken))
        #expect(Self.token("token-1", .recruiter, user: "user-1").may(.edit, campaign: CampaignOwner(userID: "user-1", tokenID: "token-1")))
    }

    @Test("Viewers change nothing, even a campaign they own")
    func viewers() {
        for action in CampaignAction.allCases {
            #expect(!Self.user("user-1", .viewer).may(action, campaign: Self.owner))
            #expect(!Self.token("token-1", .viewer).may(action, campaign: Self.madeByToken))
        }
    }

    @Test("A campaign with no owner left (its user deleted) is for admins only")
    func ownerless() {
        let nobody = CampaignOwner(userID: nil, tokenID: nil)
        #expect(!Self.user("user-1", .recruiter).may(.runCalls, campaign: nobody))
        #expect(!Self.token("token-1", .recruiter).may(.runCalls, campaign: nobody))
        #expect(Self.user("user-1", .admin).may(.runCalls, campaign: nobody))
    }

    @Test("A token made for a user acts with the lower of its own role and the user's current one")
    func effectiveRole() {
        #expect(Role.effective(token: .recruiter, user: .viewer) == .viewer)
        #expect(Role.effective(token: .admin, user: .recruiter) == .recruiter)
        #expect(Role.effective(token: .viewer, user: .admin) == .viewer)
        #expect(Role.effective(token: .recruiter, user: nil) == .recruiter)
    }
}
