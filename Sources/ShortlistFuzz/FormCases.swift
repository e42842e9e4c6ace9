import Foundation

/// Posts to every admin form handler (signed in, with the session's CSRF token most of the time)
/// with hostile values in every field and every button `_op`, and page queries with hostile
/// parameters.
enum FormCases {
    static let ops = [
        "add_question", "add_target", "remove_question", "up_question", "down_question", "remove_target", "up_target",
        "down_target", "save",
    ]
    static let indexes = [
        "0", "1", "-1", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "99999999999999999999",
        "1e3", "x", "", " 1", "0x1", "٣",
    ]

    static func request(_ input: inout HostileInput, targets: FuzzTargets) -> FuzzRequest {
        let kind = input.int(0...9)
        if kind >= 8 { return query(&input, targets) }
        let (label, path, fields) = switch kind {
        case 0, 1: jobForm(&input, targets)
        case 2, 3, 4: campaignForm(&input, targets)
        case 5: dncForm(&input)
        case 6: usersForm(&input, targets)
        default: runForm(&input, targets)
        }
        var pairs = fields.map { (Array($0.0.utf8), $0.1) }
        if input.chance(0.95) { pairs.insert((Array("_csrf".utf8), Array(targets.csrf.utf8)), at: 0) }
        if input.chance(0.1) { pairs.append((input.text(), input.text())) }
        return FuzzRequest(
            family: .form, label: label, method: "POST", path: path,
            headers: [("Cookie", targets.sessionCookie), ("Content-Type", "application/x-www-form-urlencoded")],
            body: WireEncoding.form(pairs))
    }

    private typealias Fields = (String, String, [(String, [UInt8])])

    private static func jobForm(_ input: inout HostileInput, _ targets: FuzzTargets) -> Fields {
        let path = input.chance(0.5) ? "/jobs" : "/jobs/\(input.chance(0.9) ? targets.jobID : "nope")"
        let fields = [
            ("company", input.maybe("Acme")), ("title", input.maybe("Driver")), ("location", input.maybe("Austin, TX")),
            ("salary_range", input.maybe("$50k")), ("employment_type", input.maybe("Full-time")),
            ("description", input.maybe("Vans")),
        ]
        return ("job form \(path)", path, fields)
    }

    private static func campaignForm(_ input: inout HostileInput, _ targets: FuzzTargets) -> Fields {
        let path = input.chance(0.5) ? "/campaigns" : "/campaigns/\(targets.campaignID)"
        let op = input.chance(0.6) ? "\(input.pick(ops)).\(input.pick(indexes))" : input.pick(ops)
        var fields: [(String, [UInt8])] = [
            ("name", input.maybe("Spring")), ("job_id", input.maybe(targets.jobID, hostility: 0.2)),
            ("from_number", input.maybe("+14155550100")), ("calling.timezone", input.maybe("America/Chicago")),
            ("calling.window_start", input.maybe("09:00")), ("calling.window_end", input.maybe("18:00")),
            ("calling.max_attempts", input.chance(0.5) ? Array(input.numberText().utf8) : input.maybe("3")),
            ("calling.retry_after_minutes", input.chance(0.5) ? Array(input.numberText().utf8) : input.maybe("60")),
            ("calling.concurrency", input.chance(0.5) ? Array(input.numberText().utf8) : input.maybe("")),
            ("calling.days.mon", Array("on".utf8)), ("_op", input.maybe(op, hostility: 0.1)),
        ]
        for index in 0..<input.int(0...3) { fields.append(("questions[\(index)]", input.maybe("Can you start Monday?"))) }
        for index in 0..<input.int(0...3) {
            let type = input.pick(["boolean", "number", "choice", "text", "nope"])
            let prefix = "targets[\(index)]."
            fields += [
                (prefix + "key", input.maybe("key_\(index)")), (prefix + "name", input.maybe("Target")),
                (prefix + "description", input.maybe("")), (prefix + "goal_type", input.maybe(type, hostility: 0.1)),
                (prefix + "choices", input.maybe("day, night")), (prefix + "knockout.equals", input.maybe("")),
                (prefix + "knockout.min", Array(input.numberText().utf8)), (prefix + "knockout.max", input.maybe("")),
                (prefix + "knockout.in", input.maybe("")),
            ]
        }
        if input.chance(0.2) { fields.append(("targets[99999999999].key", input.text())) }
        if input.chance(0.2) { fields.append(("questions[9223372036854775808]", input.text())) }
        return ("campaign form \(path) _op=\(op)", path, fields)
    }

    private static func dncForm(_ input: inout HostileInput) -> Fields {
        if input.chance(0.5) {
            return ("dnc add", "/dnc", [("phone", input.maybe("+15125550199")), ("reason", input.maybe("asked"))])
        }
        return ("dnc remove", "/dnc/remove", [("phone", input.maybe("+15125550199"))])
    }

    private static func usersForm(_ input: inout HostileInput, _ targets: FuzzTargets) -> Fields {
        // A valid new address costs a bcrypt hash: rare, so short runs stay short.
        let email = input.chance(0.05) ? Array("user\(input.int(0...9))@fuzz.example".utf8) : input.text()
        if input.chance(0.5) {
            return ("users add", "/users", [("email", email), ("name", input.maybe("Pat")), ("role", input.maybe("viewer"))])
        }
        let action = input.pick(["role", "disable", "password", "nope"])
        let other = String(decoding: email, as: UTF8.self).caseInsensitiveCompare(targets.adminEmail) == .orderedSame ? [] : email
        let fields = [("email", other), ("action", input.maybe(action, hostility: 0.2)), ("role", input.maybe("viewer"))]
        return ("users change \(action)", "/users/change", fields)
    }

    private static func runForm(_ input: inout HostileInput, _ targets: FuzzTargets) -> Fields {
        switch input.int(0...2) {
        case 0:
            return ("start batch", "/campaigns/\(targets.campaignID)/batches", [("candidate_ids", input.maybe(targets.candidateID))])
        case 1:
            let action = input.pick(["pause", "resume", "cancel", "nope"])
            return ("batch \(action)", "/batches/\(input.chance(0.5) ? "batch-x" : "%00")/\(action)", [])
        default:
            return ("agent", "/campaigns/\(targets.campaignID)/agent", [("voice", input.text())])
        }
    }

    /// A page read with hostile query parameters.
    private static func query(_ input: inout HostileInput, _ targets: FuzzTargets) -> FuzzRequest {
        let value = String(decoding: WireEncoding.percent(input.chance(0.5) ? Array(input.numberText().utf8) : input.text()), as: UTF8.self)
        let path = input.pick([
            "/campaigns/\(targets.campaignID)?after=\(value)", "/campaigns/\(targets.campaignID)?status=\(value)",
            "/audit?from=\(value)", "/audit?to=\(value)&from=2026-11-27", "/audit?user=\(value)&action=\(value)",
            "/audit?from=\(input.pick(["0000-01-01", "9999-12-31", "-001-01-01", "2026-02-31", "+2026-1-01"]))",
            "/live?tab=\(value)", "/campaigns/new?job=\(value)", "/candidates/\(value)", "/campaigns/\(value)/report",
            "/jobs/\(value)/edit", "/?cursor=\(value)",
        ])
        return FuzzRequest(family: .form, label: "page query \(path.prefix(60))", method: "GET", path: path,
                           headers: [("Cookie", targets.sessionCookie)])
    }
}
