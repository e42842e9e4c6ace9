import Foundation

/// CSV files and multipart uploads (the candidate and do-not-call imports) with hostile content,
/// boundaries and framing.
enum UploadCases {
    static let headers = ["full_name,phone", "full_name,phone,email,timezone", "phone", "name;phone", "", "\u{FEFF}full_name,phone"]

    /// A CSV file: a header, then rows of hostile cells; quotes unbalanced or rows ragged at times.
    static func csv(_ input: inout HostileInput) -> [UInt8] {
        var out = Array(input.pick(headers).utf8) + Array(input.pick(["\n", "\r\n", "\r"]).utf8)
        for _ in 0..<input.int(0...6) {
            var cells: [[UInt8]] = []
            for _ in 0..<input.int(0...4) {
                let cell = input.chance(0.5) ? Array(input.pick(["Jane Doe", "+15125550134", "Asia/Kolkata", "\"quoted, cell\""]).utf8) : input.text()
                cells.append(input.chance(0.2) ? Array("\"".utf8) + cell : cell)
            }
            out += cells.joined(separator: Array(",".utf8)) + Array(input.pick(["\n", "\r\n", "", "\"\n"]).utf8)
        }
        if input.chance(0.1) { out += Array(repeating: UInt8(ascii: "\n"), count: input.int(1_000...200_000)) }
        return out
    }

    static func request(_ input: inout HostileInput, targets: FuzzTargets) -> FuzzRequest {
        let path = input.chance(0.6) ? "/campaigns/\(targets.campaignID)/candidates" : "/dnc/import"
        let boundary = input.pick(["----fuzz7MA4YWxk", "b", String(repeating: "x", count: 70), "with space", "\"quoted\""])
        let wire = boundary.hasPrefix("\"") ? String(boundary.dropFirst().dropLast()) : boundary
        var body = WireEncoding.multipart(
            boundary: wire, fields: input.chance(0.95) ? [("_csrf", Array(targets.csrf.utf8))] : [],
            files: [("file", input.maybe("people.csv"), csv(&input))])
        switch input.int(0...9) {
        case 0: body = Array(body.prefix(input.int(0...body.count)))  // cut short
        case 1: body = input.text()  // not multipart at all
        case 2: body = Array("--\(wire)".utf8) + input.text()
        case 3: body = Array("--\(wire)\r\n\r\n--\(wire)--".utf8)  // a part without headers
        case 4: body = Array("--\(wire)\r\nContent-Disposition: form-data\r\n\r\nx\r\n--\(wire)--".utf8)  // no name
        default: break
        }
        var type = "multipart/form-data; boundary=\(boundary)"
        if input.chance(0.1) { type = input.pick(["multipart/form-data", "multipart/form-data; boundary=", "text/plain", "multipart/form-data; boundary=\(String(repeating: "y", count: 71))"]) }
        return FuzzRequest(
            family: .upload, label: "upload \(path)", method: "POST", path: path,
            headers: [("Cookie", targets.sessionCookie), ("Content-Type", type)], body: body)
    }
}
