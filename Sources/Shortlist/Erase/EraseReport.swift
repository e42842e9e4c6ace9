import Foundation

/// What `shortlist erase` prints about one erase, in words.
public enum EraseReport {
    public static func text(_ erased: ErasedCandidate) -> String {
        if erased.alreadyErased {
            return "candidate \(erased.candidateID) was already erased (\(ErasedPerson.words(erased.erasedAt).lowercased()))"
        }
        let retell = erased.retellDeletions == 0
            ? "Retell has no calls of theirs to delete"
            : "Retell will be asked to delete \(plural(erased.retellDeletions, "call")) (the running daemon does it, retrying until Retell confirms)"
        return [
            "erased candidate \(erased.candidateID): name, phone, email, details, transcripts, analysis text and "
                + "\(plural(erased.recordingFiles.count, "recording")) removed from \(plural(erased.campaigns, "campaign")) "
                + "and \(plural(erased.calls, "call")); the counts are kept",
            retell,
            erased.wasOnDNC ? "their number stays on the do-not-call list as a keyed hash" : "their number was not on the do-not-call list",
        ].joined(separator: "\n")
    }

    static func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
}
