#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A trained model, read in place from a memory-mapped model file: loading checks the header,
/// the checksum and the tree structure, and never copies or parses the arrays.
///
/// Safe to share between threads (it is immutable).
public final class TreeModel: @unchecked Sendable {
    package let storage: MappedBytes
    package let output: TreeEnsemble.Output
    /// What the model predicts: the task recorded in the file.
    public let task: PredictionTask
    /// Values per leaf (the class count for a multiclass forest, else 1).
    package let leafWidth: Int
    /// Scores per row: the class count for multiclass, else 1.
    package let outputWidth: Int
    package let counts: ModelFileLayout.Counts
    package let featureTable: UnsafeBufferPointer<UInt32>
    package let roots: UnsafeBufferPointer<UInt32>
    package let edges: UnsafeBufferPointer<Double>
    package let bitsets: UnsafeBufferPointer<UInt64>
    package let importanceValues: UnsafeBufferPointer<Double>
    /// The raw scores added before the output function (boosting).
    package let baseScores: UnsafeBufferPointer<Double>
    package let leafValues: UnsafeBufferPointer<Double>
    /// Node records, two words each: the split (bin threshold, first bitset word, or the index
    /// of a leaf's first value), then the link (field in bits 0–7, 255 for a leaf; bit 8 sends
    /// a missing value right; in bits 9–31 how far after this node its left child is); see
    /// `ModelFileLayout`.
    package let nodes: UnsafeBufferPointer<UInt32>
    /// Per node: training rows or hessian sum; empty when the file has none.
    package let cover: UnsafeBufferPointer<Double>
    /// Per field in order: training rows per bin; empty when the file has none.
    package let referenceCounts: UnsafeBufferPointer<UInt64>
    package let stringEnds: UnsafeBufferPointer<UInt32>
    package let stringBytes: UnsafeBufferPointer<UInt8>
    package let labelString: Int
    /// The field names in model order, for rows given by name.
    package private(set) var fieldNames: [String]

    /// Maps the model file at `path` (predict.cgi's way: no Foundation `URL` per request).
    /// - Throws: `ModelFileError` when the file is unreadable, not a model file, of another
    ///   format version, truncated, corrupt or inconsistent.
    /// - Complexity: O(file size) for the checksum and structure checks (no allocation per node).
    public convenience init(path: String) throws {
        try self.init(storage: MappedBytes(model: path), path: path)
    }

    /// Maps a file of format 3 to 5 that was already checked in full and has not changed since
    /// (predict.cgi's stamped model files): the checks that read the whole file, the checksum and
    /// the per-node structure checks, a pass over every node of every tree,
    /// are left out; the header, the section sizes and the per-field tables are still checked.
    /// - Throws: `ModelFileError` as `init(path:)`, and `.unsupportedVersion` for another version.
    package convenience init(checkedPath path: String) throws {
        let storage = try MappedBytes(model: path, readingEveryPage: false)
        try self.init(current: storage, path: path, verifyingChecksum: false)
    }

    /// A model from bytes in memory (they are copied once into aligned storage).
    public convenience init(bytes: [UInt8], name: String = "<memory>") throws {
        try self.init(storage: MappedBytes(copying: bytes), path: name)
    }

    /// Reads the format version, and upgrades a version-2 file in memory.
    package convenience init(storage: MappedBytes, path: String) throws {
        func fail(_ reason: ModelFileError.Reason) -> ModelFileError { ModelFileError(path: path, reason: reason) }
        let raw = UnsafeRawBufferPointer(start: storage.base, count: storage.count)
        guard raw.count >= ModelFileLayout.magic.count,
            raw.prefix(ModelFileLayout.magic.count).elementsEqual(ModelFileLayout.magic)
        else { throw fail(.notAModel) }
        guard raw.count >= 12 else {
            throw fail(.wrongLength(expected: UInt64(ModelFileLayout.headerSize), actual: raw.count))
        }
        let version = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        switch version {
        case ModelFileLayout.baseFormatVersion...ModelFileLayout.formatVersion:
            try self.init(current: storage, path: path, verifyingChecksum: true)
        case LegacyModelFile.formatVersion:
            try self.init(
                current: MappedBytes(copying: LegacyModelFile.upgrade(raw, path: path)), path: path,
                verifyingChecksum: true)
        default:
            throw fail(.unsupportedVersion(version))
        }
    }

    /// Maps a file of format version 3 to 5 (the version its header names).
    private init(current storage: MappedBytes, path: String, verifyingChecksum: Bool) throws {
        func fail(_ reason: ModelFileError.Reason) -> ModelFileError { ModelFileError(path: path, reason: reason) }
        let raw = UnsafeRawBufferPointer(start: storage.base, count: storage.count)
        func u32(_ offset: Int) -> UInt32 { UInt32(littleEndian: raw.load(fromByteOffset: offset, as: UInt32.self)) }
        func u64(_ offset: Int) -> UInt64 { UInt64(littleEndian: raw.load(fromByteOffset: offset, as: UInt64.self)) }
        guard raw.count >= ModelFileLayout.headerSize else {
            throw fail(.wrongLength(expected: UInt64(ModelFileLayout.headerSize), actual: raw.count))
        }
        guard raw.prefix(ModelFileLayout.magic.count).elementsEqual(ModelFileLayout.magic) else {
            throw fail(.notAModel)
        }
        let version = u32(8)
        guard (ModelFileLayout.baseFormatVersion...ModelFileLayout.formatVersion).contains(version) else {
            throw fail(.unsupportedVersion(version))
        }
        self.storage = storage
        let length = u64(16)
        guard length == UInt64(raw.count) else { throw fail(.wrongLength(expected: length, actual: raw.count)) }
        guard !verifyingChecksum || ModelFileLayout.fileChecksum(raw) == u64(24) else { throw fail(.checksumMismatch) }
        guard let output = TreeEnsemble.Output(rawValue: u32(12)) else {
            throw fail(.inconsistent("unknown output kind \(u32(12))"))
        }
        guard Int(u32(32)) < ModelFileLayout.tasks.count else { throw fail(.inconsistent("unknown task \(u32(32))")) }
        self.output = output
        task = ModelFileLayout.tasks[Int(u32(32))]
        leafWidth = Int(u32(36))
        counts = ModelFileLayout.Counts(
            features: Int(u32(40)), trees: Int(u32(44)), nodes: Int(u32(48)), bitsetWords: Int(u32(52)),
            edges: Int(u32(56)), strings: Int(u32(60)), stringBytes: Int(u32(64)), leafValues: Int(u32(72)),
            baseScores: Int(u32(76)), cover: Int(u32(80)), referenceCounts: Int(u32(84)))
        labelString = Int(u32(68))
        outputWidth = task == .multiclass ? max(counts.strings - labelString - 1, 0) : 1
        let sections = ModelFileLayout.Sections(counts)
        guard sections.fileLength == raw.count else {
            throw fail(.inconsistent("section sizes add up to \(sections.fileLength) bytes, not \(raw.count)"))
        }
        func array<T>(_ offset: Int, _ count: Int, _: T.Type) -> UnsafeBufferPointer<T> {
            UnsafeBufferPointer(start: (storage.base + offset).assumingMemoryBound(to: T.self), count: count)
        }
        featureTable = array(sections.featureTable, counts.features * ModelFileLayout.featureTableStride, UInt32.self)
        roots = array(sections.roots, counts.trees, UInt32.self)
        edges = array(sections.edges, counts.edges, Double.self)
        bitsets = array(sections.bitsets, counts.bitsetWords, UInt64.self)
        importanceValues = array(sections.importances, counts.features, Double.self)
        baseScores = array(sections.baseScores, counts.baseScores, Double.self)
        leafValues = array(sections.leafValues, counts.leafValues, Double.self)
        nodes = array(sections.nodes, counts.nodes * ModelFileLayout.nodeStride, UInt32.self)
        cover = array(sections.cover, counts.cover, Double.self)
        referenceCounts = array(sections.referenceCounts, counts.referenceCounts, UInt64.self)
        stringEnds = array(sections.stringEnds, counts.strings, UInt32.self)
        stringBytes = array(sections.stringBytes, counts.stringBytes, UInt8.self)
        fieldNames = []
        if let problem = validate(version: version, nodes: verifyingChecksum) { throw fail(.inconsistent(problem)) }
        fieldNames = (0..<counts.features).map { string(nameString($0)) }
    }

    // MARK: Feature table

    @inline(__always) package func isCategorical(_ f: Int) -> Bool { featureTable[f &* 8] == 1 }
    @inline(__always) package func binCount(_ f: Int) -> Int { Int(featureTable[f &* 8 &+ 1]) }
    @inline(__always) package func edgeRange(_ f: Int) -> Range<Int> {
        let start = Int(featureTable[f &* 8 &+ 2])
        return start..<(start + Int(featureTable[f &* 8 &+ 3]))
    }
    @inline(__always) package func nameString(_ f: Int) -> Int { Int(featureTable[f &* 8 &+ 4]) }
    @inline(__always) package func categoryStrings(_ f: Int) -> Range<Int> {
        let start = Int(featureTable[f &* 8 &+ 5])
        return start..<(start + Int(featureTable[f &* 8 &+ 6]))
    }
    @inline(__always) package func edgeRule(_ f: Int) -> FeatureBinning.EdgeRule {
        FeatureBinning.EdgeRule(rawValue: featureTable[f &* 8 &+ 7])
    }

    /// The UTF-8 bytes of string `i` of the string table.
    @inline(__always) package func stringBuffer(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let start = i == 0 ? 0 : Int(stringEnds[i - 1])
        return UnsafeBufferPointer(rebasing: stringBytes[start..<Int(stringEnds[i])])
    }

    package func string(_ i: Int) -> String { String(decoding: stringBuffer(i), as: UTF8.self) }
}

extension MappedBytes {
    /// Maps the model file at `path` (`init(mapping:readingEveryPage:)`).
    /// - Throws: `ModelFileError`: `.unreadable` with the system's reason, `.notAModel` for an
    ///   empty file.
    fileprivate convenience init(model path: String, readingEveryPage: Bool = true) throws {
        do {
            try self.init(mapping: path, readingEveryPage: readingEveryPage)
        } catch .empty {
            throw ModelFileError(path: path, reason: .notAModel)
        } catch .unreadable(let why) {
            throw ModelFileError(path: path, reason: .unreadable(why))
        }
    }
}
