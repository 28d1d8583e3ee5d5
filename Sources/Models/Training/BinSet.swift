/// A set of bins (0…255) in four words: the categories a split sends left, kept inline so
/// split candidates never allocate.
struct BinSet: Equatable {
    private var w0: UInt64 = 0
    private var w1: UInt64 = 0
    private var w2: UInt64 = 0
    private var w3: UInt64 = 0

    @inline(__always)
    mutating func insert(_ bin: Int) {
        let bit: UInt64 = 1 << UInt64(bin & 63)
        switch bin >> 6 {
        case 0: w0 |= bit
        case 1: w1 |= bit
        case 2: w2 |= bit
        default: w3 |= bit
        }
    }

    @inline(__always)
    func contains(_ bin: UInt8) -> Bool {
        let word: UInt64
        switch bin >> 6 {
        case 0: word = w0
        case 1: word = w1
        case 2: word = w2
        default: word = w3
        }
        return word >> UInt64(bin & 63) & 1 == 1
    }

    /// The first `(binCount + 63) / 64` words, as the model file stores them.
    func words(binCount: Int) -> [UInt64] {
        Array([w0, w1, w2, w3].prefix((binCount + 63) / 64))
    }
}
