import Foundation

/// JSON API bodies (jobs, campaigns, candidates, DNC, batches, shortlist decisions) and list queries with hostile values.
enum APICases {
    static func request(_ input: inout HostileInput, targets: FuzzTargets) -> FuzzRequest {
        var method = "POST"
        var path: String
        var body: [UInt8]
        var contentType = "application/json"
        input.validJSON = input.chance(0.6)
        switch input.int(0...9) {
        case 0:
            path = "/api/v1/jobs"
            body = WebhookCases.object([
                ("company", input.maybeJSON("\"Acme\"")), ("title", input.maybeJSON("\"Driver\"")),
                ("location", input.maybeJSON("\"Austin\"")), ("description", input.maybeJSON("\"Vans\"")),
            ])
        case 1, 2:
            if input.chance(0.5) {
                path = "/api/v1/campaigns"
            } else {
                (method, path) = ("PATCH", "/api/v1/campaigns/\(targets.campaignID)")
            }
            body = campaign(&input, targets)
        case 3:
            path = "/api/v1/campaigns/\(targets.campaignID)/candidates"
            let row = WebhookCases.object([
                ("full_name", input.maybeJSON("\"Jane Doe\"")), ("phone", input.maybeJSON("\"+15125550134\"")),
                ("email", input.maybeJSON("\"j@d.example\"")), ("timezone", input.maybeJSON("\"Asia/Kolkata\"")),
            ])
            body = input.chance(0.8) ? Array("[".utf8) + row + Array("]".utf8) : input.jsonValue()
        case 4:
            path = "/api/v1/campaigns/\(targets.campaignID)/candidates"
            contentType = "text/csv"
            body = UploadCases.csv(&input)
        case 5:
            path = "/api/v1/dnc"
            body = WebhookCases.object([("phone", input.maybeJSON("\"+15125550199\"")), ("reason", input.maybeJSON("\"asked\""))])
        case 6:
            path = "/api/v1/campaigns/\(targets.campaignID)/batches"
            body = input.chance(0.7) ? WebhookCases.object([("candidate_ids", input.maybeJSON("[\"\(targets.candidateID)\"]"))]) : input.jsonValue()
        case 7:
            method = input.pick(["GET", "DELETE"])
            let value = String(decoding: WireEncoding.percent(input.chance(0.5) ? Array(input.numberText().utf8) : input.text()), as: UTF8.self)
            path = method == "DELETE" ? "/api/v1/dnc/\(value)" : input.pick([
                "/api/v1/jobs?limit=\(value)", "/api/v1/jobs?cursor=\(value)", "/api/v1/jobs?limit=\(value)&cursor=\(value)",
                "/api/v1/campaigns?limit=\(value)&cursor=\(value)", "/api/v1/campaigns/\(targets.campaignID)/candidates?status=\(value)&cursor=\(value)&limit=\(value)",
                "/api/v1/campaigns/\(targets.campaignID)/calls?status=\(value)&limit=\(value)&cursor=\(value)",
                "/api/v1/dnc?limit=\(value)&cursor=\(value)", "/api/v1/calls/\(value)", "/api/v1/batches/\(value)",
                "/api/v1/campaigns/\(targets.campaignID)/batches?limit=\(value)",
                "/api/v1/campaigns/\(targets.campaignID)/shortlist?decision=\(value)&sort=\(value)&dir=\(value)&cursor=\(value)&limit=\(value)",
                "/api/v1/campaigns/\(targets.campaignID)/shortlist?sort=answer.\(value)&dir=desc",
            ])
            body = []
        case 8 where input.chance(0.3):
            (method, path) = ("PATCH", "/api/v1/campaign-candidates/\(targets.candidateID)")
            body = WebhookCases.object([
                ("decision", input.maybeJSON("\"interview\"")), ("decision_note", input.maybeJSON("\"Nights only\"")),
            ])
        case 8:
            let id = input.chance(0.5) ? "batch-x" : String(decoding: WireEncoding.percent(input.text()), as: UTF8.self)
            path = input.pick([
                "/api/v1/campaigns/\(targets.campaignID)/agent", "/api/v1/batches/\(id)/pause", "/api/v1/batches/\(id)/resume",
                "/api/v1/batches/\(id)/cancel",
            ])
            body = input.chance(0.5) ? [] : input.jsonValue()
        default:
            path = input.pick(["/api/v1/jobs", "/api/v1/campaigns", "/api/v1/dnc", "/api/v1/campaigns/\(targets.campaignID)/candidates"])
            body = input.chance(0.5) ? input.deepNesting() : input.jsonValue()
        }
        var headers = [("Authorization", "Bearer \(targets.adminToken)")]
        if !body.isEmpty || method != "GET" { headers.append(("Content-Type", contentType)) }
        return FuzzRequest(family: .api, label: "\(method) \(path.prefix(80))", method: method, path: path, headers: headers, body: body)
    }

    static func campaign(_ input: inout HostileInput, _ targets: FuzzTargets) -> [UInt8] {
        let target = WebhookCases.object([
            ("key", input.maybeJSON("\"salary\"")), ("name", input.maybeJSON("\"Salary\"")),
            ("goal_type", input.maybeJSON("\"number\"", hostility: 0.2)), ("choices", input.maybeJSON("null")),
            ("knockout", WebhookCases.object([
                ("min", input.maybeJSON("1", hostility: 0.7)), ("max", input.maybeJSON("60000", hostility: 0.7)),
            ])),
        ])
        let calling = WebhookCases.object([
            ("timezone", input.maybeJSON("\"Asia/Kolkata\"")), ("window_start", input.maybeJSON("\"09:00\"")),
            ("window_end", input.maybeJSON("\"18:00\"")), ("days", input.maybeJSON("[\"mon\"]")),
            ("max_attempts", Array(input.numberLiteral().utf8)), ("retry_after_minutes", input.maybeJSON("60", hostility: 0.7)),
            ("concurrency", input.maybeJSON("2", hostility: 0.7)),
        ])
        return WebhookCases.object([
            ("name", input.maybeJSON("\"Fuzz\"")), ("job_id", input.maybeJSON("\"\(targets.jobID)\"", hostility: 0.1)),
            ("questions", input.maybeJSON("[\"Can you drive?\"]")), ("targets", Array("[".utf8) + target + Array("]".utf8)),
            ("calling", input.chance(0.8) ? calling : input.jsonValue()),
        ])
    }
}
