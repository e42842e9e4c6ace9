extension ReportPages {
    /// How far behind the calls the report page's figures may be while calls come in: after a
    /// change a report younger than this is shown at once and the next one is computed in the
    /// background (about a second for 300,000 calls). The API's report, the dry run and the
    /// dashboard are never stale.
    static let staleness = Duration.seconds(10)
}
