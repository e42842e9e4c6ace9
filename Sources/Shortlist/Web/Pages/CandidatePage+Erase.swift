import Foundation

extension CandidatePageModel {
    /// The erase block: an erased person's page says so and shows none of their old details; an
    /// admin sees the way to the erase confirmation otherwise.
    mutating func showErase(_ history: CandidateHistory, canErase: Bool) {
        if let erasedAt = history.erasedAt {
            erased = ErasedPerson.words(erasedAt)
            title = ErasedPerson.name
            name = ErasedPerson.name
            phone = ""
        } else if canErase {
            eraseURL = "/candidates/\(history.row.id)/erase"
        }
    }
}
