/// The byte layout of a model file, format versions 3 to 5. All integers little-endian.
///
/// ```
/// offset  size  field
///  0      8     magic "MPTREES\0"
///  8      4     format version (3; 4 when a field's edge rule has bit 2; 5 when a numeric
///               field has more than 255 bins)
/// 12      4     output (0 mean of the leaves, 1 logit, 2 softmax, 3 sum; `TreeEnsemble.Output`)
/// 16      8     file length in bytes
/// 24      8     checksum of every other byte of the file (`ModelFileLayout.fileChecksum`)
/// 32      4     task (0 binary, 1 multiclass, 2 regression)
/// 36      4     leaf width: values per leaf (the class count for a multiclass forest, else 1)
/// 40      4     features      44  4  trees        48  4  nodes      52  4  bitset words
/// 56      4     edges         60  4  strings      64  4  string bytes
/// 68      4     index of the label's name in the strings
/// 72      4     leaf values   76  4  base scores
/// 80      4     cover values (the node count, or 0 when the source recorded none)
/// 84      4     reference counts (the sum of every field's bins, or 0 when unknown)
/// 88     40     reserved (0)
/// 128           sections, each starting on an 8-byte boundary:
///               feature table  features × 8 UInt32: kind (0 numeric, 1 categorical), bins (at
///                              most 255; a numeric field of format 5 at most 65,537),
///                              first edge, edges, name string, first category string,
///                              categories, edge rule (bit 0: a value goes left of an edge
///                              when `value < edge` rather than `value <= edge`; bit 1: the
///                              value is rounded to float32 first; bit 2, format 4 on: a
///                              value within ±1e-35 is missing, bin 0; other bits 0)
///               roots          trees × UInt32 (softmax: tree t adds to class t mod classes)
///               edges          edges × Float64 (each numeric field's thresholds, ascending;
///                              a value's bin is 1 + the edges it passes, bin 0 is missing)
///               bitsets        bitset words × UInt64
///               importances    features × Float64
///               base scores    Float64 each: none (mean), 1 (logit, sum), classes (softmax)
///               leaf values    Float64 each, leaf width per leaf
///               nodes          nodes × 2 UInt32, one 8-byte record per node so a walk touches
///                              one cache line per level: split (bin threshold, below 65,536,
///                              or below 256 before format 5; first bitset word, or the
///                              index of the leaf's first value), then link:
///                              field in bits 0–7 (255 for a leaf), in bit 8 whether a missing
///                              value (bin 0) goes right, and in bits 9–31 how far after this
///                              node its left child is (the right child follows the left one).
///                              A row goes left at a numeric split when its bin is <= the
///                              threshold (bin 0 excepted when bit 8 is set), at a categorical
///                              one when its bin's bit is set; bit 8 of a categorical split is
///                              set exactly when bit 0 of its set is clear
///               cover          cover values × Float64: per node, the training rows that
///                              reached it (forests: in-bag rows with bootstrap weight) or
///                              their hessian sum (boosting)
///               reference      reference counts × UInt64: per field in order, its training
///                              rows per bin (bin 0 is missing)
///               string ends    strings × UInt32 (end offset of each string in the bytes)
///               string bytes   UTF-8: per field its name then its categories (a category's
///                              bin is 1 + its place; a field with more categories than
///                              bins − 1 keeps the first bins − 1, the others listed after
///                              them are binned as missing); the label's name, then the
///                              classes (label values) in the order models number them
/// ```
///
/// Version 4 is version 3 with bit 2 of the edge rule (LightGBM's `Zero` missing type): a file
/// is written as version 3 unless a field needs that bit, so every other file keeps its bytes
/// and a reader of version 3 refuses what it would misread. Version 5 is version 4 with
/// numeric fields of up to 65,535 edges (65,537 bins; an imported field split at more than 253
/// thresholds): the same sections, with wider bin counts and thresholds; a file is written as
/// version 5 only when a field has more than 255 bins, and a reader of version 4 refuses it.
/// Prediction bins a row into 16 bits per field whatever the version.
///
/// Version 2 (read, upgraded in memory by `LegacyModelFile`) had an 80-byte header with a
/// single base score at 32, no task, leaf width, cover or reference sections, Float32 leaf
/// values in the split word and child offsets in bits 8–31; version 1 is refused.
package enum ModelFileLayout {
    package static let magic: [UInt8] = Array("MPTREES\0".utf8)
    /// The newest version read and written.
    package static let formatVersion: UInt32 = 5
    /// The version a file without zero-is-missing or wide fields is written as.
    package static let baseFormatVersion: UInt32 = 3
    /// The version that added the zero-is-missing edge rule.
    package static let zeroIsMissingVersion: UInt32 = 4
    /// The version that added numeric fields of more than 255 bins.
    package static let wideBinsVersion: UInt32 = 5

    /// The version of a file whose fields have `rules` and `binCounts`: the oldest that holds
    /// them, so files that need neither newer feature keep version 3 and their bytes.
    package static func version(for rules: [FeatureBinning.EdgeRule], binCounts: [Int]) -> UInt32 {
        if binCounts.contains(where: { $0 > FeatureBinning.maximumBins }) { return wideBinsVersion }
        return rules.contains { $0.contains(.zeroIsMissing) } ? zeroIsMissingVersion : baseFormatVersion
    }

    /// The most bins a field of a file of `version` may have.
    package static func maximumBins(version: UInt32) -> Int {
        version >= wideBinsVersion ? FeatureBinning.maximumWideBins : FeatureBinning.maximumBins
    }
    package static let headerSize = 128
    package static let featureTableStride = 8
    package static let nodeStride = 2
    /// The field number that marks a leaf; files hold at most 254 fields.
    package static let leafField: UInt32 = 0xFF
    package static let maximumFields = 254
    /// The link bit that sends a missing value right.
    package static let missingRightBit: UInt32 = 1 << 8
    /// How far the walk shifts `missingRightBit` so that a missing value sent right compares
    /// as 65,536, past every numeric split's bin threshold.
    package static let missingRightRankShift: UInt32 = 8
    /// Where the child offset starts in a link.
    package static let childShift: UInt32 = 9
    /// The largest distance from a node to its left child.
    package static let maximumChildOffset = (1 << 23) - 1

    /// Counts that fix every section's size.
    package struct Counts: Equatable {
        package var features: Int
        package var trees: Int
        package var nodes: Int
        package var bitsetWords: Int
        package var edges: Int
        package var strings: Int
        package var stringBytes: Int
        package var leafValues: Int
        package var baseScores: Int
        package var cover: Int
        package var referenceCounts: Int
    }

    /// Byte offsets of every section for `counts`, and the total file length.
    package struct Sections: Equatable {
        package var featureTable = 0, roots = 0, edges = 0, bitsets = 0, importances = 0, baseScores = 0
        package var leafValues = 0, nodes = 0, cover = 0, referenceCounts = 0, stringEnds = 0, stringBytes = 0
        package var fileLength = 0

        package init(_ counts: Counts) {
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
            baseScores = take(counts.baseScores * 8)
            leafValues = take(counts.leafValues * 8)
            nodes = take(counts.nodes * nodeStride * 4)
            cover = take(counts.cover * 8)
            referenceCounts = take(counts.referenceCounts * 8)
            stringEnds = take(counts.strings * 4)
            stringBytes = take(counts.stringBytes)
            fileLength = offset
        }
    }

    /// The checksum a file stores at offset 24: over bytes 8..<24 and 32..<end, that is every
    /// byte but the magic (checked as such) and the checksum itself.
    /// - Complexity: O(file size).
    package static func fileChecksum(_ file: UnsafeRawBufferPointer) -> UInt64 {
        var h = checksum(UnsafeRawBufferPointer(rebasing: file[32...]))
        h = mix(h ^ file.loadUnaligned(fromByteOffset: 8, as: UInt64.self), prime)
        return mix(h ^ file.loadUnaligned(fromByteOffset: 16, as: UInt64.self), prime)
    }

    /// A fast 64-bit checksum over 8-byte words (four interleaved multiply-xorshift lanes):
    /// it catches truncation and bit rot, it is not a cryptographic hash (the registry keeps
    /// each artifact's SHA-256 for that).
    /// - Complexity: O(bytes), about a byte per cycle.
    package static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var lanes: Lanes = (1, 2, 3, 4)
        let blocks = bytes.count / 32
        absorb(&lanes, bytes, blocks: blocks)
        return finish(lanes, count: bytes.count, tail: UnsafeRawBufferPointer(rebasing: bytes[(blocks * 32)...]))
    }

    package typealias Lanes = (UInt64, UInt64, UInt64, UInt64)
    private static let prime: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Mixes `blocks` blocks of 32 bytes from the start of `bytes` into the four lanes.
    @inline(__always)
    private static func absorb(_ lanes: inout Lanes, _ bytes: UnsafeRawBufferPointer, blocks: Int) {
        for b in 0..<blocks {
            let i = b * 32
            lanes.0 = mix(lanes.0 ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self), prime)
            lanes.1 = mix(lanes.1 ^ bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self), prime)
            lanes.2 = mix(lanes.2 ^ bytes.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self), prime)
            lanes.3 = mix(lanes.3 ^ bytes.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self), prime)
        }
    }

    /// The checksum of `count` bytes whose whole 32-byte blocks went into `lanes`, and the
    /// rest (fewer than 32) is `tail`.
    @inline(__always)
    private static func finish(_ lanes: Lanes, count: Int, tail: UnsafeRawBufferPointer) -> UInt64 {
        var h = lanes.0 ^ (lanes.1 &* 3) ^ (lanes.2 &* 5) ^ (lanes.3 &* 7) ^ UInt64(count)
        for byte in tail { h = mix(h ^ UInt64(byte), prime) }
        return mix(h, prime)
    }

    /// `fileChecksum` of a file given a piece at a time, in order, so that a file can be
    /// checksummed without being held whole (`TreeEnsemble.write(to:)`).
    package struct FileChecksum {
        private var lanes: Lanes = (1, 2, 3, 4)
        /// The bytes from offset 32 on past the last whole block of 32 (fewer than 32).
        private var pending: [UInt8] = []
        /// Bytes 0..<32: the words at 8 and 16 are mixed in last, the rest is not checked.
        private var head: [UInt8] = []
        /// The bytes from offset 32 on.
        private var count = 0

        package init() {}

        package mutating func add(_ bytes: UnsafeRawBufferPointer) {
            var piece = bytes[...]
            if head.count < 32 {
                let taken = min(32 - head.count, piece.count)
                head += piece.prefix(taken)
                piece = piece.dropFirst(taken)
            }
            count += piece.count
            if !pending.isEmpty {
                let taken = min(32 - pending.count, piece.count)
                pending += piece.prefix(taken)
                piece = piece.dropFirst(taken)
                guard pending.count == 32 else { return }
                pending.withUnsafeBytes { ModelFileLayout.absorb(&lanes, $0, blocks: 1) }
                pending.removeAll(keepingCapacity: true)
            }
            let rest = UnsafeRawBufferPointer(rebasing: piece)
            let blocks = rest.count / 32
            ModelFileLayout.absorb(&lanes, rest, blocks: blocks)
            pending += rest[(blocks * 32)...]
        }

        /// The checksum of everything added (at least the 32 bytes of the header).
        package var value: UInt64 {
            var h = pending.withUnsafeBytes { ModelFileLayout.finish(lanes, count: count, tail: $0) }
            head.withUnsafeBytes { head in
                h = mix(h ^ head.loadUnaligned(fromByteOffset: 8, as: UInt64.self), prime)
                h = mix(h ^ head.loadUnaligned(fromByteOffset: 16, as: UInt64.self), prime)
            }
            return h
        }
    }

    @inline(__always)
    private static func mix(_ value: UInt64, _ prime: UInt64) -> UInt64 {
        let x = value &* prime
        return x ^ (x >> 29)
    }
}

extension ModelFileLayout {
    /// The tasks in the order of their header codes.
    package static let tasks: [PredictionTask] = [.binary, .multiclass, .regression]
}
