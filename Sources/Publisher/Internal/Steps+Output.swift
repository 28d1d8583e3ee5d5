import Foundation

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

    /// Writes every file into a fresh folder beside the output, then swaps it in with renames,
    /// so readers see either the old site or the new one, and a failed build changes nothing.
    static let writeOutput = PublishingStep(name: "write site") { context in
        let fileManager = FileManager.default
        let output = context.outputFolder
        let parent = output.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(output.lastPathComponent).new")
        let previous = parent.appendingPathComponent(".\(output.lastPathComponent).old")
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
            try? fileManager.removeItem(at: staging)
            try? fileManager.removeItem(at: previous)
            var made: Set<String> = []
            for (path, data) in context.files.sorted(by: { $0.key < $1.key }) {
                let url = staging.appendingPathComponent(path)
                let folder = url.deletingLastPathComponent()
                if made.insert(folder.path).inserted {
                    try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
                }
                try data.write(to: url)
            }
            if fileManager.fileExists(atPath: output.path) {
                try fileManager.moveItem(at: output, to: previous)
            }
            try fileManager.moveItem(at: staging, to: output)
            try? fileManager.removeItem(at: previous)
        } catch {
            try? fileManager.removeItem(at: staging)
            throw PublishingError(path: output.path, reason: .write(String(describing: error)))
        }
    }
}
