/// A small, fast, seeded generator (Steele, Lea & Flood's SplitMix64): the same seed gives
/// the same stream on every platform and in every build, which is what makes bootstrap
/// intervals and permutation importances reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// A generator whose stream depends on `seed` and on `salt`, so that independent parts
    /// of a report (one slice, one feature) draw independent streams from one user seed.
    init(seed: UInt64, salt: String) {
        state = seed ^ StableHash.fnv1a(salt)
        _ = next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform index in `0..<bound` (Lemire's multiply-shift; the bias is below 2⁻³²
    /// for any bound a data set can have, and the result never depends on the platform).
    @inline(__always)
    mutating func index(below bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }
}

/// A hash that is the same in every process (Swift's `Hasher` is seeded per process).
enum StableHash {
    /// 64-bit FNV-1a over the UTF-8 bytes of `text`.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
