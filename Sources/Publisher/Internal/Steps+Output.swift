import Basics
import Foundation
import Parallelism

#if canImport(Glibc)
    import Glibc
#endif

extension PublishingStep {
    /// Adds the theme's CSS, then every file under site/assets/ (which may override it).
    static let copyAssets = PublishingStep(name: "copy assets") { context in
        for (name, data) in context.theme.assets {
            context.files["assets/\(name)"] = data
        }
        let folder = context.siteFolder.appendingPathComponent("assets")
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return }
        for case let relative as String in walker {
            let url = folder.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw PublishingError(path: url.path, reason: .missingFile)
            }
            context.files["assets/\(relative)"] = data
        }
    }

    /// Writes every file into a fresh folder beside the output, then swaps it in in one step
    /// (`FolderSwap`), so readers see either the old site or the new one, never none, and a
    /// failed build changes nothing.
    static let writeOutput = PublishingStep(name: "write site", timing: .afterEveryPage) { context in
        let fileManager = FileManager.default
        let output = context.outputFolder
        let parent = output.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(output.lastPathComponent).new")
        let previous = parent.appendingPathComponent(".\(output.lastPathComponent).old")
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
            try? fileManager.removeItem(at: staging)
            try? fileManager.removeItem(at: previous)
            try makeFolders(for: context.files.keys, under: staging.path)
            // Files are written on all cores, one folder per task: creating inodes is most of
            // the work, and two writers in one folder would only wait on its lock.
            let folders = Dictionary(grouping: context.files) { file in
                file.key.lastIndex(of: "/").map { String(file.key[..<$0]) } ?? ""
            }
            let base = staging.path
            let ordered = folders.sorted { $0.key < $1.key }
            _ = try Parallel.map(count: ordered.count) { index in
                for file in ordered[index].value.sorted(by: { $0.key < $1.key }) {
                    try writeFile(file.value, to: base + "/" + file.key)
                }
            }
            try FolderSwap.replace(output, with: staging, aside: previous)
        } catch {
            try? fileManager.removeItem(at: staging)
            throw PublishingError(path: output.path, reason: .write(String(describing: error)))
        }
    }
}

/// Creates `root` and every folder the relative `paths` need under it, parents first, with
/// plain mkdir (FileManager checks each level of each path again).
private func makeFolders(for paths: some Sequence<String>, under root: String) throws {
    var folders: Set<Substring> = [""]
    for path in paths {
        var folder = path[...]
        while let slash = folder.lastIndex(of: "/") {
            folder = folder[..<slash]
            guard folders.insert(folder).inserted else { break }
        }
    }
    for folder in folders.sorted() {
        let path = folder.isEmpty ? root : root + "/" + folder
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw PublishingError(path: path, reason: .write(String(cString: strerror(errno))))
        }
    }
}

/// Writes `data` to a new file with plain POSIX calls: the staging folder is swapped in whole,
/// so the per-file flush Foundation's `Data.write` does is not needed (it was most of the
/// write step's time).
private func writeFile(_ data: Data, to path: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw PublishingError(path: path, reason: .write(String(cString: strerror(errno)))) }
    defer { close(descriptor) }
    try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
        var offset = 0
        while offset < buffer.count, let base = buffer.baseAddress {
            let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw PublishingError(path: path, reason: .write(String(cString: strerror(errno))))
            }
            offset += written
        }
    }
}
