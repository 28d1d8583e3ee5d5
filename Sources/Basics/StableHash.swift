/// A hash that is the same in every process and on every machine (Swift's `Hasher` is seeded
/// per process), for choices that must be repeatable: sticky A/B arms, salted random streams.
public enum StableHash {
    /// 64-bit FNV-1a (Fowler, Noll & Vo; offset basis 0xcbf29ce484222325, prime 0x100000001b3)
    /// over the UTF-8 bytes of `text`.
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
