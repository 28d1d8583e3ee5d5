/// Giving a model file that records no per-node cover one (see `ModelFileLayout`'s cover
/// section), so that `TreeExplainer` can read it from the file as from a freshly trained one.
extension TreeModel {
    /// The bytes of this model's file (the format-3 upgrade of a format-2 file) with `cover` as
    /// its cover section: every other section, the format version and the trees as they are,
    /// the header's cover count, length and checksum made anew. Committed artifacts are never
    /// rewritten: this is for a deployment's prepared copy (`PreparedModel`).
    /// - Parameter cover: one value per node, in node order (`recountedCover(_:)` in Models).
    /// - Returns: nil when `cover` does not have one value per node.
    /// - Complexity: O(file size).
    package func fileBytes(withCover cover: [Double]) -> [UInt8]? {
        guard cover.count == counts.nodes else { return nil }
        var newCounts = counts
        newCounts.cover = cover.count
        let old = ModelFileLayout.Sections(counts)
        let new = ModelFileLayout.Sections(newCounts)
        let source = UnsafeRawBufferPointer(start: storage.base, count: storage.count)
        var bytes = [UInt8](repeating: 0, count: new.fileLength)
        bytes.withUnsafeMutableBytes { raw in
            func copy(_ from: Int, _ to: Int, _ count: Int) {
                guard count > 0, let base = raw.baseAddress, let origin = source.baseAddress else { return }
                (base + to).copyMemory(from: origin + from, byteCount: count)
            }
            copy(0, 0, ModelFileLayout.headerSize)
            // Every section before the cover keeps its offset; the ones after it move.
            copy(ModelFileLayout.headerSize, ModelFileLayout.headerSize, old.cover - ModelFileLayout.headerSize)
            cover.withUnsafeBytes { values in
                guard let base = raw.baseAddress, let origin = values.baseAddress else { return }
                (base + new.cover).copyMemory(from: origin, byteCount: values.count)
            }
            copy(old.referenceCounts, new.referenceCounts, counts.referenceCounts * 8)
            copy(old.stringEnds, new.stringEnds, counts.strings * 4)
            copy(old.stringBytes, new.stringBytes, counts.stringBytes)
            raw.storeBytes(of: UInt32(cover.count).littleEndian, toByteOffset: 80, as: UInt32.self)
            raw.storeBytes(of: UInt64(new.fileLength).littleEndian, toByteOffset: 16, as: UInt64.self)
            let sum = ModelFileLayout.fileChecksum(UnsafeRawBufferPointer(raw))
            raw.storeBytes(of: sum.littleEndian, toByteOffset: 24, as: UInt64.self)
        }
        return bytes
    }
}
