import Foundation
import Retell

/// A signed `call_inbound` delivery, validated (retell/API.md §9):
/// `{"event":"call_inbound","call_inbound":{"agent_id"?,"agent_version"?,"from_number","to_number"}}`.
/// Keys Retell may add later are ignored; the ones named here must have the right shape.
public struct InboundCallRequest: Sendable, Equatable {
    public var fromNumber: String
    public var toNumber: String
    /// The number's own inbound agent at Retell, when it has one.
    public var agentID: String?
    public var agentVersion: Int?

    /// Why a body was not accepted: not JSON at all (400), or a field at fault (422).
    public enum Problem: Error, Equatable, Sendable {
        case malformed(String)
        case invalid(FieldError)
    }

    public static func parse(_ body: Data) throws(Problem) -> InboundCallRequest {
        guard let value = try? JSONDecoder().decode(RetellJSON.self, from: body) else {
            throw .malformed("body is not JSON")
        }
        guard case .object(let root) = value else { throw .malformed("body is not a JSON object") }
        guard case .string("call_inbound")? = root["event"] else {
            throw .invalid(FieldError("event", "must be \"call_inbound\""))
        }
        guard case .object(let call)? = root["call_inbound"] else {
            throw .invalid(FieldError("call_inbound", root["call_inbound"] == nil ? "is required" : "must be an object"))
        }
        return InboundCallRequest(
            fromNumber: try number(call["from_number"], field: "call_inbound.from_number"),
            toNumber: try number(call["to_number"], field: "call_inbound.to_number"),
            agentID: try agentID(call["agent_id"]),
            agentVersion: try agentVersion(call["agent_version"]))
    }

    /// E.164 as Retell writes it: `+`, a digit 1–9, then 6 to 14 digits.
    static func isE164(_ text: String) -> Bool {
        let digits = text.utf8.dropFirst()
        return text.utf8.first == UInt8(ascii: "+") && (7...15).contains(digits.count)
            && digits.first != UInt8(ascii: "0") && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    private static func number(_ value: RetellJSON?, field: String) throws(Problem) -> String {
        guard let value, value != .null else { throw .invalid(FieldError(field, "is required")) }
        guard case .string(let text) = value, isE164(text) else {
            throw .invalid(FieldError(field, "must be a phone number in E.164 form, e.g. +14155550123"))
        }
        return text
    }

    private static func agentID(_ value: RetellJSON?) throws(Problem) -> String? {
        guard let value, value != .null else { return nil }
        guard case .string(let text) = value, (1...128).contains(text.utf8.count), !text.utf8.contains(0) else {
            throw .invalid(FieldError("call_inbound.agent_id", "must be a text of 1 to 128 characters"))
        }
        return text
    }

    private static func agentVersion(_ value: RetellJSON?) throws(Problem) -> Int? {
        guard let value, value != .null else { return nil }
        guard case .number(let number) = value, number >= 0, number <= 1_000_000_000, number.rounded() == number else {
            throw .invalid(FieldError("call_inbound.agent_version", "must be a whole number from 0 to 1000000000"))
        }
        return Int(number)
    }
}
