import Foundation

/// `GET /get-concurrency` (API.md §6).
public struct Concurrency: Codable, Sendable, Equatable {
    /// Calls in progress now, across the workspace.
    public var currentConcurrency: Int
    /// Base plus purchased concurrency.
    public var concurrencyLimit: Int
    public var baseConcurrency: Int?
    public var purchasedConcurrency: Int?
    public var concurrencyPurchaseLimit: Int?
    public var remainingPurchaseLimit: Int?
    public var concurrencyBurstEnabled: Bool?
    /// 0 when burst is off.
    public var concurrencyBurstLimit: Int?
    /// Outbound calls are capped at the limit minus this.
    public var reservedInboundConcurrency: Int?

    public init(
        currentConcurrency: Int,
        concurrencyLimit: Int,
        baseConcurrency: Int? = nil,
        purchasedConcurrency: Int? = nil,
        concurrencyPurchaseLimit: Int? = nil,
        remainingPurchaseLimit: Int? = nil,
        concurrencyBurstEnabled: Bool? = nil,
        concurrencyBurstLimit: Int? = nil,
        reservedInboundConcurrency: Int? = nil
    ) {
        self.currentConcurrency = currentConcurrency
        self.concurrencyLimit = concurrencyLimit
        self.baseConcurrency = baseConcurrency
        self.purchasedConcurrency = purchasedConcurrency
        self.concurrencyPurchaseLimit = concurrencyPurchaseLimit
        self.remainingPurchaseLimit = remainingPurchaseLimit
        self.concurrencyBurstEnabled = concurrencyBurstEnabled
        self.concurrencyBurstLimit = concurrencyBurstLimit
        self.reservedInboundConcurrency = reservedInboundConcurrency
    }

    enum CodingKeys: String, CodingKey {
        case currentConcurrency = "current_concurrency"
        case concurrencyLimit = "concurrency_limit"
        case baseConcurrency = "base_concurrency"
        case purchasedConcurrency = "purchased_concurrency"
        case concurrencyPurchaseLimit = "concurrency_purchase_limit"
        case remainingPurchaseLimit = "remaining_purchase_limit"
        case concurrencyBurstEnabled = "concurrency_burst_enabled"
        case concurrencyBurstLimit = "concurrency_burst_limit"
        case reservedInboundConcurrency = "reserved_inbound_concurrency"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        currentConcurrency = try c.requiredInt(.currentConcurrency)
        concurrencyLimit = try c.requiredInt(.concurrencyLimit)
        baseConcurrency = c.lenientInt(.baseConcurrency)
        purchasedConcurrency = c.lenientInt(.purchasedConcurrency)
        concurrencyPurchaseLimit = c.lenientInt(.concurrencyPurchaseLimit)
        remainingPurchaseLimit = c.lenientInt(.remainingPurchaseLimit)
        concurrencyBurstEnabled = c.lenientBool(.concurrencyBurstEnabled)
        concurrencyBurstLimit = c.lenientInt(.concurrencyBurstLimit)
        reservedInboundConcurrency = c.lenientInt(.reservedInboundConcurrency)
    }
}
