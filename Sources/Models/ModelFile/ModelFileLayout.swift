/// The byte layout of a model file (format version 2; version 1 had 12-byte node records
/// and a checksum over the body only). All integers little-endian.
///
/// ```
/// offset  size  field
///  0      8     magic "MPTREES\0"
///  8      4     format version (2)
/// 12      4     output (0 mean probability, 1 logit)
/// 16      8     file length in bytes
/// 24      8     checksum of every other byte of the file (`ModelFileLayout.fileChecksum`)
/// 32      8     base score (Float64)
/// 40      4     features      44  4  trees        48  4  nodes      52  4  bitset words
/// 56      4     edges         60  4  strings      64  4  string bytes
/// 68      4     index of the label's name in the strings
/// 72      8     reserved (0)
/// 80            sections, each starting on an 8-byte boundary:
///               feature table  features × 8 UInt32: kind, bins, first edge, edges,
///                              name string, first category string, categories, 0
///               roots          trees × UInt32
///               edges          edges × Float64
///               bitsets        bitset words × UInt64
///               importances    features × Float64
///               nodes          nodes × 2 UInt32, one 8-byte record per node so a walk touches
///                              one cache line per level: split (bin threshold, first bitset
///                              word, or the leaf's Float32 bits), then link: field in bits
///                              0–7 (255 for a leaf) and, in bits 8–31, how far after this node
///                              its left child is (the right child follows the left one)
///               string ends    strings × UInt32 (end offset of each string in the bytes)
///               string bytes   UTF-8: per field its name then its categories; the label's name,
///                              then the label values
/// ```
enum ModelFileLayout {
    static let magic: [UInt8] = Array("MPTREES\0".utf8)
    static let formatVersion: UInt32 = 2
    static let headerSize = 80
    static let featureTableStride = 8
    static let nodeStride = 2
    /// The field number that marks a leaf; files hold at most 254 fields.
    static let leafField: UInt32 = 0xFF
    static let maximumFields = 254
    /// The largest distance from a node to its left child.
    static let maximumChildOffset = (1 << 24) - 1

    /// Counts that fix every section's size.
    struct Counts: Equatable {
        var features: Int
        var trees: Int
        var nodes: Int
        var bitsetWords: Int
        var edges: Int
        var strings: Int
        var stringBytes: Int
    }

    /// Byte offsets of every section for `counts`, and the total file length.
    struct Sections: Equatable {
        var featureTable = 0, roots = 0, edges = 0, bitsets = 0, importances = 0
        var nodes = 0, stringEnds = 0, stringBytes = 0
        var fileLength = 0

        init(_ counts: Counts) {
            var offset = headerSize
            func take(_ bytes: Int) -> Int {
                let start = offset
                offset = (offset + bytes + 7) & ~7
                return start
            }
            featureTable = take(counts.features * featureTableStride * 4)
            roots = take(counts.trees * 4)
            edges = take(counts.edges * 8)
            bitsets = take(counts.bitsetWords * 8)
            importances = take(counts.features * 8)
            nodes = take(counts.nodes * nodeStride * 4)
            stringEnds = take(counts.strings * 4)
            stringBytes = take(counts.stringBytes)
            fileLength = offset
        }
    }

    /// The checksum a file stores at offset 24: over bytes 8..<24 and 32..<end, that is every
    /// byte but the magic (checked as such) and the checksum itself.
    /// - Complexity: O(file size).
    static func fileChecksum(_ file: UnsafeRawBufferPointer) -> UInt64 {
        let prime: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = checksum(UnsafeRawBufferPointer(rebasing: file[32...]))
        h = mix(h ^ file.loadUnaligned(fromByteOffset: 8, as: UInt64.self), prime)
        return mix(h ^ file.loadUnaligned(fromByteOffset: 16, as: UInt64.self), prime)
    }

    /// A fast 64-bit checksum over 8-byte words (four interleaved multiply-xorshift lanes):
    /// it catches truncation and bit rot, it is not a cryptographic hash (the registry keeps
    /// each artifact's SHA-256 for that).
    /// - Complexity: O(bytes), about a byte per cycle.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let prime: UInt64 = 0x9E37_79B9_7F4A_7C15
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4)
        let words = bytes.count / 8
        var i = 0
        while i + 4 <= words {
            lanes.0 = mix(lanes.0 ^ bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self), prime)
            lanes.1 = mix(lanes.1 ^ bytes.loadUnaligned(fromByteOffset: i * 8 + 8, as: UInt64.self), prime)
            lanes.2 = mix(lanes.2 ^ bytes.loadUnaligned(fromByteOffset: i * 8 + 16, as: UInt64.self), prime)
            lanes.3 = mix(lanes.3 ^ bytes.loadUnaligned(fromByteOffset: i * 8 + 24, as: UInt64.self), prime)
            i += 4
        }
        var h = lanes.0 ^ (lanes.1 &* 3) ^ (lanes.2 &* 5) ^ (lanes.3 &* 7) ^ UInt64(bytes.count)
        for j in (i * 8)..<bytes.count { h = mix(h ^ UInt64(bytes[j]), prime) }
        return mix(h, prime)
    }

    @inline(__always)
    private static func mix(_ value: UInt64, _ prime: UInt64) -> UInt64 {
        let x = value &* prime
        return x ^ (x >> 29)
    }
}
