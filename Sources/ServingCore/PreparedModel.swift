import JSONReading
import JSONWriting
import Scoring
import Snapshot

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a deployment's preparation (`bundle`, `scripts/serve`, `predict.cgi-jobs --prepare`)
/// leaves for one model file the snapshot serves, so that predict.cgi does not check the whole
/// file (and upgrade a format-2 file) on every request. Under the deployment's `prepared/`
/// folder, at the artifact's own path:
///
/// - `<artifact>.stamp`: which file passed the full check, as `stat` names it (inode, size,
///   modification and change times in nanoseconds), one line of JSON:
///   `{"model":{…},"upgraded":{…}}` (`upgraded` only for a format-2 file);
/// - `<artifact>` itself, for a format-2 file only: its format-3 upgrade (`LegacyModelFile`),
///   written once with the model file writer, since committed artifacts are never rewritten;
///   and for a file that records no per-node cover (format 2, an ONNX import) when the
///   preparation is given one (`CoverSource`: `bundle` and `make run`, in the repository,
///   count it again from the version's declared training rows), its copy with that cover, so
///   that explanations work (`TreeExplainer`). Where the data is not (a serving host's
///   `predict.cgi-jobs --prepare`), a copy with cover already there is kept when it holds
///   exactly the artifact's trees; else the model stays without cover and explanations are
///   refused.
///
/// Anything that writes, replaces or touches a file changes its change time at least, so the
/// stamp stops matching and predict.cgi checks the file in full again, as without a stamp. The
/// CGI only reads these files; it never needs write access for them.
package struct PreparedModel {
    /// The folder under the deployment's root that holds stamps and upgraded copies.
    package static let folder = "prepared"

    /// The model file as the snapshot names it.
    package let artifact: String
    /// The model file as the snapshot names it, resolved against the deployment's root.
    package let artifactPath: String
    package let stampPath: String
    /// Where a format-2 file's format-3 copy, or a copy with cover, goes.
    package let upgradedPath: String

    /// The per-node cover of a model file that records none, given the artifact's path as the
    /// snapshot names it and the model; throws to say why there is none.
    package typealias CoverSource = (_ artifact: String, _ model: TreeModel) throws -> [Double]

    /// - Parameters:
    ///   - artifact: the path the serving snapshot records (relative to `root`, or absolute).
    ///   - root: the deployment's folder.
    package init(artifact: String, root: String) {
        self.artifact = artifact
        artifactPath = Deployment.resolve(artifact, in: root)
        let relative = artifact.hasPrefix("/") ? String(artifact.dropFirst()) : artifact
        upgradedPath = Deployment.resolve(Self.folder + "/" + relative, in: root)
        stampPath = upgradedPath + ".stamp"
    }

    /// The file predict.cgi may map without its checksum: the artifact, or for a format-2 file
    /// its upgraded copy; nil when the stamp is missing, unreadable or names other files.
    package func checkedFile() -> String? {
        guard let bytes = FileBytes.read(stampPath),
            let stamp = try? bytes.withUnsafeBytes({ raw throws(JSONReadError) in
                try JSONReader.read(raw, ModelStamp.init(reading:))
            }),
            FileIdentity(path: artifactPath) == stamp.model
        else { return nil }
        guard let upgraded = stamp.upgraded else { return artifactPath }
        return FileIdentity(path: upgradedPath) == upgraded ? upgradedPath : nil
    }

    /// What preparing one model file wrote.
    package struct Outcome: Equatable {
        /// Whether a copy went to `upgradedPath` (a format-3 upgrade, or a copy with cover).
        package var copied: Bool
        /// For a file without cover: whether the copy has one (counted now, or kept).
        package var cover: CoverOutcome?

        package init(copied: Bool, cover: CoverOutcome?) {
            self.copied = copied
            self.cover = cover
        }
    }

    /// For a model file that records no per-node cover, what became of it.
    package enum CoverOutcome: Equatable {
        /// Counted by the `CoverSource` and written into the copy.
        case counted
        /// The copy already prepared had one for exactly these trees, and was kept.
        case kept
        /// None: explanations are refused, for this reason.
        case unavailable(String)
    }

    /// Checks the model file in full, writes the format-3 copy of a format-2 file (with
    /// cover when the file has none and `coverSource` gives one), then the stamp (each
    /// written to a temporary file and renamed into place).
    /// - Parameter coverSource: asked only for a file without cover; nil keeps a copy with
    ///   cover prepared before if it holds the same trees, as a source that throws does.
    /// - Returns: whether a copy was written, and the cover's fate for a file without one.
    /// - Throws: `ServingError` 503 naming the file that fails its check, changes meanwhile or
    ///   cannot be written.
    @discardableResult
    package func prepare(coverSource: CoverSource? = nil) throws(ServingError) -> Outcome {
        func failure(_ file: String, _ what: String) -> ServingError {
            ServingError(.unavailable, "the model file \(file) cannot be prepared: \(what)")
        }
        guard let before = FileIdentity(path: artifactPath), let bytes = FileBytes.read(artifactPath) else {
            throw failure(artifactPath, String(cString: strerror(errno)))
        }
        var upgraded: [UInt8]?
        var coverOutcome: CoverOutcome?
        do {
            let model = try TreeModel(bytes: bytes, name: artifactPath)
            let version = bytes[8..<12].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            if version == LegacyModelFile.formatVersion {
                upgraded = try bytes.withUnsafeBytes { raw in try LegacyModelFile.upgrade(raw, path: artifactPath) }
            }
            if model.cover.isEmpty, model.counts.nodes > 0 {
                (upgraded, coverOutcome) = withCover(model, upgraded: upgraded, source: coverSource)
            }
            // The copy is checked in full here, once: requests that find the stamp skip its
            // checksum and its per-node checks (`TreeModel(checkedPath:)`).
            if let upgraded { _ = try TreeModel(bytes: upgraded, name: upgradedPath) }
        } catch {
            throw failure(artifactPath, "\(error)")
        }
        guard FileIdentity(path: artifactPath) == before else {
            throw failure(artifactPath, "it changed while it was checked; prepare again")
        }
        var stamp = ModelStamp(model: before, upgraded: nil)
        if let upgraded {
            try Self.write(upgraded, to: upgradedPath)
            stamp.upgraded = FileIdentity(path: upgradedPath)
        } else {
            unlink(upgradedPath)
        }
        try Self.write(stamp.encoded(), to: stampPath)
        return Outcome(copied: upgraded != nil, cover: coverOutcome)
    }

    /// The copy of a model without cover: with the cover `source` counts, else with the cover
    /// of the copy prepared before when that copy is exactly these trees with it, else
    /// `upgraded` as it is.
    private func withCover(
        _ model: TreeModel, upgraded: [UInt8]?, source: CoverSource?
    ) -> ([UInt8]?, CoverOutcome) {
        var reason = "no training data was given to count it from"
        if let source {
            do {
                if let copy = model.fileBytes(withCover: try source(artifact, model)) { return (copy, .counted) }
                reason = "the cover counted has not one value per node"
            } catch {
                reason = "\(error)"
            }
        }
        if let earlier = FileBytes.read(upgradedPath), let kept = try? TreeModel(bytes: earlier, name: upgradedPath),
            kept.cover.count == model.counts.nodes, model.fileBytes(withCover: Array(kept.cover)) == earlier
        {
            return (earlier, .kept)
        }
        return (upgraded, .unavailable(reason))
    }

    /// Prepares every model file `deployment`'s snapshot serves, each once, in path order.
    /// - Parameter coverSource: counts the cover of a file that records none (see `prepare`).
    /// - Returns: one line per file saying what was written.
    /// - Throws: `ServingError` 503 for an unreadable snapshot or the first file that fails.
    package static func prepareAll(
        in deployment: Deployment, coverSource: CoverSource? = nil
    ) throws(ServingError) -> [String] {
        let snapshot: ServingSnapshot
        do {
            snapshot = try ServingSnapshot.read(path: deployment.snapshotPath)
        } catch {
            throw ServingError(.unavailable, "the serving snapshot cannot be read: \(error.description)")
        }
        let artifacts = Set(snapshot.endpoints.values.flatMap { $0.versions.map(\.artifact) }).sorted()
        var lines: [String] = []
        for artifact in artifacts {
            let prepared = PreparedModel(artifact: artifact, root: deployment.root)
            let outcome = try prepared.prepare(coverSource: coverSource)
            var line = "checked \(artifact)"
            switch outcome.cover {
            case nil: line += outcome.copied ? ", its format-3 copy in \(folder)/\(artifact)" : ""
            case .counted: line += ", its copy with cover counted from its training rows in \(folder)/\(artifact)"
            case .kept: line += ", its copy with cover in \(folder)/\(artifact) kept"
            case .unavailable(let why):
                line +=
                    (outcome.copied ? ", its format-3 copy in \(folder)/\(artifact)" : "")
                    + "; no per-node cover, so predict.cgi refuses to explain it: \(why)"
            }
            lines.append(line)
        }
        return lines
    }

    /// Writes `bytes` beside `path`, then renames them over it, creating the folders on the way.
    private static func write(_ bytes: [UInt8], to path: String) throws(ServingError) {
        func failure(_ what: String) -> ServingError {
            ServingError(.unavailable, "\(path) cannot be written: \(what): \(String(cString: strerror(errno)))")
        }
        var folder = ""
        for part in path.split(separator: "/", omittingEmptySubsequences: false).dropLast() {
            folder += (folder.isEmpty && !path.hasPrefix("/") ? "" : "/") + part
            if !part.isEmpty, mkdir(folder, 0o755) != 0, errno != EEXIST { throw failure("cannot create \(folder)") }
        }
        let temporary = "\(path).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create \(temporary)") }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                raw.baseAddress.map { Glibc.write(descriptor, $0 + written, raw.count - written) } ?? 0
            }
            if count < 0 {
                if errno == EINTR { continue }
                close(descriptor)
                unlink(temporary)
                throw failure("cannot write")
            }
            written += count
        }
        guard fsync(descriptor) == 0, close(descriptor) == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw failure("cannot replace it")
        }
    }
}

/// A file as `stat` names it: what a stamp keys on.
package struct FileIdentity: Equatable {
    package var inode: UInt64
    package var size: Int
    package var modifiedNanoseconds: Int
    package var changedNanoseconds: Int

    /// What `stat` says of `path` now (following symbolic links); nil when it cannot.
    package init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        inode = UInt64(info.st_ino)
        size = Int(info.st_size)
        modifiedNanoseconds = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
        changedNanoseconds = Int(info.st_ctim.tv_sec) * 1_000_000_000 + Int(info.st_ctim.tv_nsec)
    }

    package init(inode: UInt64, size: Int, modifiedNanoseconds: Int, changedNanoseconds: Int) {
        self.inode = inode
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
        self.changedNanoseconds = changedNanoseconds
    }

    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var inode: UInt64?
        var size: Int?
        var modified: Int?
        var changed: Int?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "inode": inode = try reader.uint64()
            case "size": size = try reader.int()
            case "mtime_ns": modified = try reader.int()
            case "ctime_ns": changed = try reader.int()
            default: try reader.skipValue()
            }
        }
        self.init(
            inode: try reader.required(inode, "inode"), size: try reader.required(size, "size"),
            modifiedNanoseconds: try reader.required(modified, "mtime_ns"),
            changedNanoseconds: try reader.required(changed, "ctime_ns"))
    }

    func write(into writer: inout JSONWriter) {
        writer.key("inode")
        writer.unsigned(inode)
        writer.field("size", size)
        writer.field("mtime_ns", modifiedNanoseconds)
        writer.field("ctime_ns", changedNanoseconds)
    }
}

/// The stamp file's content: the model file as checked and, for a format-2 file, its copy.
package struct ModelStamp: Equatable {
    package var model: FileIdentity
    package var upgraded: FileIdentity?

    package init(model: FileIdentity, upgraded: FileIdentity?) {
        self.model = model
        self.upgraded = upgraded
    }

    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var model: FileIdentity?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "model": model = try FileIdentity(reading: &reader)
            case "upgraded": upgraded = try reader.optional { r throws(JSONReadError) in try FileIdentity(reading: &r) }
            default: try reader.skipValue()
            }
        }
        self.model = try reader.required(model, "model")
    }

    /// One line of JSON and a newline.
    package func encoded() -> [UInt8] {
        var writer = JSONWriter()
        writer.object {
            $0.object("model") { model.write(into: &$0) }
            if let upgraded { $0.object("upgraded") { upgraded.write(into: &$0) } }
        }
        return writer.bytes + [UInt8(ascii: "\n")]
    }
}
