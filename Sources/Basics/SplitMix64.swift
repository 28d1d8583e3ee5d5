/// A small, fast, seeded generator: Steele, Lea & Flood's SplitMix64 ("Fast splittable
/// pseudorandom number generators", OOPSLA 2014). The same seed gives the same stream on every
/// platform and in every build, which is what makes trained models, bootstrap intervals and
/// permutation importances reproducible; pass it `inout` through every `using:` parameter.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    @inlinable
    public init(seed: UInt64) {
        state = seed
    }

    /// A generator whose stream depends on `seed` and on `salt`, so that independent parts
    /// of one computation (one slice, one feature) draw independent streams from one user seed:
    /// the state starts at `seed ^ FNV-1a(salt)` and its first output is skipped.
    public init(seed: UInt64, salt: String) {
        state = seed ^ StableHash.fnv1a(salt)
        _ = next()
    }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (`bound > 0`), by Lemire's multiply-shift ("Fast random
    /// integer generation in an interval", 2019, without the rejection step): the bias is below
    /// 2⁻³² for any bound a data set can have, and the result never depends on the platform.
    @inlinable @inline(__always)
    public mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// The seed of the `index`-th independent stream under `seed` (one per tree).
    public static func derivedSeed(_ seed: UInt64, stream index: Int) -> UInt64 {
        var generator = SplitMix64(seed: seed ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03))
        return generator.next()
    }
}
