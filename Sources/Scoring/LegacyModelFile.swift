/// Reading model files of format version 2 (modelpress-trees/2, binary models only): the file
/// is checked as that version was, then rewritten in memory as format 3 with the same trees,
/// so one prediction path serves both and a version-2 model predicts exactly as it did (its
/// Float32 leaves become the Float64 values they were summed as).
///
/// Version 2's layout: an 80-byte header (magic, version, output at 12, length at 16,
/// checksum at 24, base score Float64 at 32, then features, trees, nodes, bitset words, edges,
/// strings, string bytes and the label's string index as UInt32 from 40), then the feature
/// table (8 UInt32 per field, as in version 3 with the last word 0), roots, edges, bitsets,
/// importances, nodes (split word, or a leaf's Float32 bits; link with the field in bits 0–7
/// and the child offset in bits 8–31), string ends and string bytes, each 8-byte aligned.
package enum LegacyModelFile {
    package static let formatVersion: UInt32 = 2
    package static let headerSize = 80

    /// The format-3 bytes of the version-2 file `raw`.
    /// - Throws: `ModelFileError` when the file is truncated, corrupt or inconsistent.
    /// - Complexity: O(file size).
    package static func upgrade(_ raw: UnsafeRawBufferPointer, path: String) throws -> [UInt8] {
        func fail(_ reason: ModelFileError.Reason) -> ModelFileError { ModelFileError(path: path, reason: reason) }
        guard raw.count >= headerSize else { throw fail(.wrongLength(expected: UInt64(headerSize), actual: raw.count)) }
        func u32(_ offset: Int) -> Int {
            Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        }
        func u64(_ offset: Int) -> UInt64 {
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        let length = u64(16)
        guard length == UInt64(raw.count) else { throw fail(.wrongLength(expected: length, actual: raw.count)) }
        guard ModelFileLayout.fileChecksum(raw) == u64(24) else { throw fail(.checksumMismatch) }
        let output: TreeEnsemble.Output
        switch u32(12) {
        case 0: output = .mean
        case 1: output = .logit
        default: throw fail(.inconsistent("unknown output kind \(u32(12))"))
        }
        let features = u32(40), trees = u32(44), nodeCount = u32(48), words = u32(52), edgeCount = u32(56)
        let stringCount = u32(60), byteCount = u32(64), labelString = u32(68)
        var offset = headerSize
        func take(_ bytes: Int) -> Int {
            let start = offset
            offset = (offset + bytes + 7) & ~7
            return start
        }
        let tableAt = take(features * 32), rootsAt = take(trees * 4), edgesAt = take(edgeCount * 8)
        let bitsetsAt = take(words * 8), importancesAt = take(features * 8), nodesAt = take(nodeCount * 8)
        let endsAt = take(stringCount * 4), bytesAt = take(byteCount)
        guard offset == raw.count else {
            throw fail(.inconsistent("section sizes add up to \(offset) bytes, not \(raw.count)"))
        }
        func values<T>(_ at: Int, _ count: Int, _: T.Type) -> [T] {
            (0..<count).map { raw.loadUnaligned(fromByteOffset: at + $0 * MemoryLayout<T>.size, as: T.self) }
        }
        let table = values(tableAt, features * 8, UInt32.self)
        let ends = values(endsAt, stringCount, UInt32.self).map(Int.init)
        var strings: [String] = []
        var previous = 0
        for end in ends {
            guard end >= previous, end <= byteCount else {
                throw fail(.inconsistent("the string table is out of bounds"))
            }
            strings.append(
                String(
                    decoding: UnsafeRawBufferPointer(rebasing: raw[(bytesAt + previous)..<(bytesAt + end)]),
                    as: UTF8.self))
            previous = end
        }
        guard features > 0, features <= ModelFileLayout.maximumFields, labelString >= 0,
            stringCount == labelString + 3
        else { throw fail(.inconsistent("the header's counts are out of range")) }
        let allEdges = values(edgesAt, edgeCount, Double.self)
        var fields: [Field] = []
        var kinds: [FeatureBinning.Kind] = []
        var edges: [[Double]] = []
        var binCounts: [Int] = []
        for f in 0..<features {
            let row = table[(f * 8)..<(f * 8 + 8)].map(Int.init)
            let (kind, bins, firstEdge, edgesHere) = (row[0], row[1], row[2], row[3])
            let (name, firstCategory, categories) = (row[4], row[5], row[6])
            guard let fieldKind = FeatureBinning.Kind(rawValue: UInt32(kind)), firstEdge + edgesHere <= edgeCount,
                name < labelString, firstCategory + categories <= labelString
            else { throw fail(.inconsistent("field \(f) points outside the tables")) }
            kinds.append(fieldKind)
            binCounts.append(bins)
            edges.append(Array(allEdges[firstEdge..<(firstEdge + edgesHere)]))
            fields.append(
                fieldKind == .categorical
                    ? .categorical(strings[name], Array(strings[firstCategory..<(firstCategory + categories)]))
                    : .numeric(strings[name]))
        }
        let schema = Schema(
            fields: fields, label: strings[labelString], labelValues: Array(strings[(labelString + 1)...]))
        var nodes = TreeNodes()
        nodes.bitsets = values(bitsetsAt, words, UInt64.self)
        let records = values(nodesAt, nodeCount * 2, UInt32.self)
        for i in 0..<nodeCount {
            let split = records[2 * i]
            let link = records[2 * i + 1]
            let f = Int(link & 0xFF)
            if f == 0xFF {
                _ = nodes.appendNode(cover: 0)
                nodes.makeLeaf(i, value: Double(Float(bitPattern: split)))
                continue
            }
            guard f < features, kinds[f] == .numeric || Int(split) < words else {
                throw fail(.inconsistent("node \(i) has a field or split out of bounds"))
            }
            _ = nodes.appendNode(cover: 0)
            nodes.feature[i] = Int16(f)
            nodes.left[i] = UInt32(i + Int(link >> 8))
            nodes.split[i] = split
        }
        nodes.cover = []
        let ensemble = TreeEnsemble(
            schema: schema, binning: FeatureBinning(kinds: kinds, edges: edges, binCounts: binCounts), output: output,
            baseScores: output == .logit ? [Double(bitPattern: u64(32))] : [],
            roots: values(rootsAt, trees, UInt32.self), nodes: nodes, leafWidth: 1,
            importances: values(importancesAt, features, Double.self), referenceCounts: [])
        do {
            return try ensemble.serialized()
        } catch let error as ModelFileError {
            throw fail(error.reason)
        }
    }
}
