import Foundation
import GRDB

extension Migrations {
    /// Recordings are served from Shortlist's own encrypted copy (issue 12): Retell's recording
    /// and log addresses that earlier versions kept (permanent, unauthenticated links before
    /// `opt_in_signed_url`) are forgotten, in the database and so in every backup taken after.
    static let v8Recordings: [String] = [
        """
        UPDATE retell_call_analysis SET recording_url = NULL, public_log_url = NULL
        WHERE recording_url IS NOT NULL OR public_log_url IS NOT NULL
        """,
    ]
}
