/// Checks on an email address given to `user add`.
public enum EmailAddress {
    public static func problem(with email: String) -> String? {
        CandidateImport.isPlausibleEmail(email) && email.count <= 254 ? nil : "\"\(email)\" is not an email address"
    }
}
