import Foundation

extension CampaignSpec {
    /// Which parts differ, for the audit row.
    public func changedParts(to other: CampaignSpec) -> [String] {
        var parts: [String] = []
        if name != other.name { parts.append("name") }
        if jobID != other.jobID { parts.append("job_id") }
        if fromNumber != other.fromNumber { parts.append("from_number") }
        if questions != other.questions { parts.append("questions") }
        if targets != other.targets { parts.append("targets") }
        if calling != other.calling { parts.append("calling") }
        if requireConsent != other.requireConsent { parts.append("require_consent") }
        return parts
    }
}
