/// Writing a model file (in the host's byte order, which is little-endian on every platform
/// Swift on Linux and macOS runs on).
extension TreeEnsemble {
    /// The model file's bytes (see `ModelFileLayout`); the same ensemble always gives the same bytes.
    /// - Throws: `ModelFileError.Reason.unrepresentable` for more than 254 fields, a numeric
    ///   field of more than 65,537 bins (65,535 edges) or a categorical one of more than 255, or
    ///   a tree whose children lie over 8 million nodes after their parent.
    /// - Complexity: O(nodes + edges + strings).
    public func serialized() throws -> [UInt8] {
        func refuse(_ what: String) -> ModelFileError {
            ModelFileError(path: "<model>", reason: .unrepresentable(what))
        }
        guard schema.fields.count <= ModelFileLayout.maximumFields else {
            throw refuse("\(schema.fields.count) fields (at most \(ModelFileLayout.maximumFields))")
        }
        for (f, bins) in binning.binCounts.enumerated() {
            let limit = binning.kinds[f] == .categorical ? FeatureBinning.maximumBins : FeatureBinning.maximumWideBins
            guard bins <= limit else { throw refuse("field \(f) has \(bins) bins (at most \(limit))") }
        }
        var records = [UInt32](repeating: 0, count: nodes.count * ModelFileLayout.nodeStride)
        for i in 0..<nodes.count {
            records[2 * i] = nodes.split[i]
            guard nodes.feature[i] >= 0 else {
                records[2 * i + 1] = ModelFileLayout.leafField
                continue
            }
            let offset = Int(nodes.left[i]) - i
            guard offset >= 1, offset <= ModelFileLayout.maximumChildOffset else {
                throw refuse("node \(i)'s children are \(offset) nodes away")
            }
            let f = Int(nodes.feature[i])
            let missingRight =
                binning.kinds[f] == .categorical ? nodes.bitsets[Int(nodes.split[i])] & 1 == 0 : nodes.missingRight[i]
            records[2 * i + 1] =
                UInt32(f) | (missingRight ? ModelFileLayout.missingRightBit : 0)
                | UInt32(offset) << ModelFileLayout.childShift
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
        let sections = ModelFileLayout.Sections(counts)
        let task = UInt32(ModelFileLayout.tasks.firstIndex(of: schema.task) ?? 0)
        var bytes = [UInt8](repeating: 0, count: sections.fileLength)
        bytes.withUnsafeMutableBytes { raw in
            func put<T>(_ values: [T], at offset: Int) {
                values.withUnsafeBytes { source in
                    guard let from = source.baseAddress, let to = raw.baseAddress else { return }
                    (to + offset).copyMemory(from: from, byteCount: source.count)
                }
            }
            put(ModelFileLayout.magic, at: 0)
            raw.storeBytes(
                of: ModelFileLayout.version(for: binning.rules, binCounts: binning.binCounts).littleEndian,
                toByteOffset: 8, as: UInt32.self)
            raw.storeBytes(of: output.rawValue.littleEndian, toByteOffset: 12, as: UInt32.self)
            raw.storeBytes(of: UInt64(sections.fileLength).littleEndian, toByteOffset: 16, as: UInt64.self)
            let header: [UInt32] = [
                Int(task), leafWidth, counts.features, counts.trees, counts.nodes, counts.bitsetWords, counts.edges,
                counts.strings, counts.stringBytes, labelString, counts.leafValues, counts.baseScores, counts.cover,
                counts.referenceCounts,
            ].map { UInt32($0) }
            put(header, at: 32)
            put(table, at: sections.featureTable)
            put(roots, at: sections.roots)
            put(edgeList, at: sections.edges)
            put(nodes.bitsets, at: sections.bitsets)
            put(importances, at: sections.importances)
            put(baseScores, at: sections.baseScores)
            put(nodes.leafValues, at: sections.leafValues)
            put(records, at: sections.nodes)
            put(cover, at: sections.cover)
            put(reference, at: sections.referenceCounts)
            put(stringEnds, at: sections.stringEnds)
            put(stringBytes, at: sections.stringBytes)
            let sum = ModelFileLayout.fileChecksum(UnsafeRawBufferPointer(raw))
            raw.storeBytes(of: sum.littleEndian, toByteOffset: 24, as: UInt64.self)
        }
        return bytes
    }
}
