import Foundation

/// SplitMix64: small, fast and fully determined by its seed. Every random choice the simulator
/// makes for a call comes from a generator seeded with `(configuration.seed, call sequence
/// number)`, so the n-th call of a run behaves the same in every run with that seed, whatever
/// the timing of other calls.
struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// The generator for the `index`-th call (0-based) of a simulator seeded with `seed`.
    init(seed: UInt64, stream index: UInt64) {
        var mixer = SeededRandom(seed: seed ^ 0x5EED_CA11_0000_0000)
        for _ in 0...(index % 3) { _ = mixer.next() }
        state = mixer.next() &+ index &* 0x9E37_79B9_7F4A_7C15
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double in `0..<1`.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A double in `range`.
    mutating func between(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
}

/// Hex ids such as `call_3f9c…`: unique across runs (they come from the system generator, not
/// the seed), so a restarted simulator never reuses an id a database already holds.
enum SimulatorIDs {
    static func make(_ prefix: String, length: Int = 28) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return prefix + "_" + String((0..<length).map { _ in digits[Int(generator.next() % 16)] })
    }
}
