/// Writing a model file (in the host's byte order, which is little-endian on every platform
/// Swift on Linux and macOS runs on).
extension TreeEnsemble {
    /// The model file's bytes (see `ModelFileLayout`); the same ensemble always gives the same bytes.
    /// - Throws: `ModelFileError.Reason.unrepresentable` for more than 254 fields, a numeric
    ///   field of more than 65,537 bins (65,535 edges) or a categorical one of more than 255, or
    ///   a tree whose children lie over 8 million nodes after their parent.
    /// - Complexity: O(nodes + edges + strings).
    public func serialized() throws -> [UInt8] {
        let parts = try fileParts()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.sections.fileLength)
        try emitFile(parts, checksum: 0) { bytes.append(contentsOf: $0) }
        bytes.withUnsafeMutableBytes { raw in
            let sum = ModelFileLayout.fileChecksum(UnsafeRawBufferPointer(raw))
            raw.storeBytes(of: sum.littleEndian, toByteOffset: 24, as: UInt64.self)
        }
        return bytes
    }

    /// The model file a piece at a time, in file order, to `write` (each piece valid only during
    /// its call): `serialized()`'s bytes without holding them whole. The checksum at offset 24
    /// covers the other bytes, so the file is given twice: once to checksum, once to `write`.
    /// - Throws: as `serialized()`, and what `write` throws.
    package func emitFile(to write: (UnsafeRawBufferPointer) throws -> Void) throws {
        let parts = try fileParts()
        var checksum = ModelFileLayout.FileChecksum()
        try emitFile(parts, checksum: 0) { checksum.add($0) }
        try emitFile(parts, checksum: checksum.value, to: write)
    }

    /// What a model file holds beside the ensemble's own arrays, and where each section goes.
    private struct FileParts {
        var table: [UInt32]
        var edgeList: [Double]
        var stringEnds: [UInt32]
        var stringBytes: [UInt8]
        var labelString: Int
        var reference: [UInt64]
        var cover: [Double]
        var counts: ModelFileLayout.Counts
        var sections: ModelFileLayout.Sections
    }

    private static func refuse(_ what: String) -> ModelFileError {
        ModelFileError(path: "<model>", reason: .unrepresentable(what))
    }

    /// - Throws: `ModelFileError.Reason.unrepresentable`, as `serialized()` says.
    private func fileParts() throws -> FileParts {
        let refuse = Self.refuse
        guard schema.fields.count <= ModelFileLayout.maximumFields else {
            throw refuse("\(schema.fields.count) fields (at most \(ModelFileLayout.maximumFields))")
        }
        for (f, bins) in binning.binCounts.enumerated() {
            let limit = binning.kinds[f] == .categorical ? FeatureBinning.maximumBins : FeatureBinning.maximumWideBins
            guard bins <= limit else { throw refuse("field \(f) has \(bins) bins (at most \(limit))") }
        }
        var strings: [String] = []
        var table: [UInt32] = []
        var edgeList: [Double] = []
        for (f, field) in schema.fields.enumerated() {
            let categories = field.kind == .categorical ? field.categories : []
            table += [
                binning.kinds[f].rawValue, UInt32(binning.binCounts[f]), UInt32(edgeList.count),
                UInt32(binning.edges[f].count), UInt32(strings.count), UInt32(strings.count + 1),
                UInt32(categories.count), binning.rules[f].rawValue,
            ]
            edgeList += binning.edges[f]
            strings.append(field.name)
            strings += categories
        }
        let labelString = strings.count
        strings.append(schema.label)
        strings += schema.labelValues
        var stringBytes: [UInt8] = []
        var stringEnds: [UInt32] = []
        for string in strings {
            stringBytes += Array(string.utf8)
            stringEnds.append(UInt32(stringBytes.count))
        }
        let reference = referenceCounts.flatMap { $0 }
        let cover = nodes.cover.count == nodes.count ? nodes.cover : []
        let counts = ModelFileLayout.Counts(
            features: schema.fields.count, trees: roots.count, nodes: nodes.count,
            bitsetWords: nodes.bitsets.count, edges: edgeList.count, strings: strings.count,
            stringBytes: stringBytes.count, leafValues: nodes.leafValues.count, baseScores: baseScores.count,
            cover: cover.count, referenceCounts: reference.count)
        return FileParts(
            table: table, edgeList: edgeList, stringEnds: stringEnds, stringBytes: stringBytes,
            labelString: labelString, reference: reference, cover: cover, counts: counts,
            sections: ModelFileLayout.Sections(counts))
    }

    /// Gives the file's bytes in order to `write`, with `checksum` at offset 24; the gaps
    /// between sections are zeros.
    private func emitFile(
        _ parts: FileParts, checksum: UInt64, to write: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let (counts, sections) = (parts.counts, parts.sections)
        let zeros = [UInt8](repeating: 0, count: 8)
        var position = 0
        func put(_ piece: UnsafeRawBufferPointer, at offset: Int) throws {
            while position < offset {
                let gap = min(offset - position, zeros.count)
                try zeros.withUnsafeBytes { try write(UnsafeRawBufferPointer(rebasing: $0[0..<gap])) }
                position += gap
            }
            try write(piece)
            position += piece.count
        }
        func put<T>(_ values: [T], at offset: Int) throws {
            try values.withUnsafeBytes { try put($0, at: offset) }
        }
        let task = UInt32(ModelFileLayout.tasks.firstIndex(of: schema.task) ?? 0)
        var head = [UInt8](repeating: 0, count: ModelFileLayout.headerSize)
        head.withUnsafeMutableBytes { raw in
            raw.copyBytes(from: ModelFileLayout.magic)
            raw.storeBytes(
                of: ModelFileLayout.version(for: binning.rules, binCounts: binning.binCounts).littleEndian,
                toByteOffset: 8, as: UInt32.self)
            raw.storeBytes(of: output.rawValue.littleEndian, toByteOffset: 12, as: UInt32.self)
            raw.storeBytes(of: UInt64(sections.fileLength).littleEndian, toByteOffset: 16, as: UInt64.self)
            raw.storeBytes(of: checksum.littleEndian, toByteOffset: 24, as: UInt64.self)
            let header = [
                Int(task), leafWidth, counts.features, counts.trees, counts.nodes, counts.bitsetWords, counts.edges,
                counts.strings, counts.stringBytes, parts.labelString, counts.leafValues, counts.baseScores,
                counts.cover, counts.referenceCounts,
            ]
            for (i, value) in header.enumerated() {
                raw.storeBytes(of: UInt32(value).littleEndian, toByteOffset: 32 + 4 * i, as: UInt32.self)
            }
        }
        try put(head, at: 0)
        try put(parts.table, at: sections.featureTable)
        try put(roots, at: sections.roots)
        try put(parts.edgeList, at: sections.edges)
        try put(nodes.bitsets, at: sections.bitsets)
        try put(importances, at: sections.importances)
        try put(baseScores, at: sections.baseScores)
        try put(nodes.leafValues, at: sections.leafValues)
        // The node records, a block of nodes at a time: a million-row forest's 62 MB of them
        // were an array of their own beside the trees.
        let block = 65_536
        var records = [UInt32](repeating: 0, count: min(nodes.count, block) * ModelFileLayout.nodeStride)
        for first in stride(from: 0, to: nodes.count, by: block) {
            let count = min(block, nodes.count - first)
            try records.withUnsafeMutableBufferPointer { buffer in
                try putNodes(first..<(first + count), into: buffer)
                try put(
                    UnsafeRawBufferPointer(
                        rebasing: UnsafeRawBufferPointer(buffer)[0..<(count * ModelFileLayout.nodeStride * 4)]),
                    at: first == 0 ? sections.nodes : position)
            }
        }
        try put(parts.cover, at: sections.cover)
        try put(parts.reference, at: sections.referenceCounts)
        try put(parts.stringEnds, at: sections.stringEnds)
        try put(parts.stringBytes, at: sections.stringBytes)
        try put(UnsafeRawBufferPointer(start: nil, count: 0), at: sections.fileLength)
    }

    /// The records of `range`'s nodes (`ModelFileLayout.nodeStride` words a node: the split,
    /// then the link) into `records` from its start.
    /// - Throws: `unrepresentable` for a node whose children lie too far after it.
    private func putNodes(_ range: Range<Int>, into records: UnsafeMutableBufferPointer<UInt32>) throws {
        for i in range {
            let at = (i - range.lowerBound) * ModelFileLayout.nodeStride
            records[at] = nodes.split[i]
            guard nodes.feature[i] >= 0 else {
                records[at + 1] = ModelFileLayout.leafField
                continue
            }
            let childOffset = Int(nodes.left[i]) - i
            guard childOffset >= 1, childOffset <= ModelFileLayout.maximumChildOffset else {
                throw Self.refuse("node \(i)'s children are \(childOffset) nodes away")
            }
            let f = Int(nodes.feature[i])
            let missingRight =
                binning.kinds[f] == .categorical ? nodes.bitsets[Int(nodes.split[i])] & 1 == 0 : nodes.missingRight[i]
            records[at + 1] =
                UInt32(f) | (missingRight ? ModelFileLayout.missingRightBit : 0)
                | UInt32(childOffset) << ModelFileLayout.childShift
        }
    }
}
