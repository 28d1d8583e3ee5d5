import Foundation

extension Theme {
    /// The files of the default theme by path (`layout.mustache`, `partials/badge.mustache`,
    /// `style.css`), sorted: what `eject` can copy.
    public static var defaultFiles: [String] { DefaultTheme.files.map(\.path) }

    /// Copies default files into `folder` (usually `site/templates/`) to start an override from:
    /// each name a path of `defaultFiles`, or a template's name without `.mustache`; no names
    /// copies them all.
    /// - Parameter replacing: overwrite files that exist (else they stop the copy before anything
    ///   is written).
    /// - Returns: the paths written, relative to `folder`.
    /// - Throws: `ThemeError` naming an unknown name, a file that exists, or one that cannot be written.
    public static func eject(
        _ names: [String], into folder: URL, replacing: Bool = false
    ) throws(ThemeError)
        -> [String]
    {
        var chosen: [(path: String, text: String)] = []
        for name in names {
            guard
                let file = DefaultTheme.files.first(where: { $0.path == name || $0.path == name + templateExtension })
            else {
                throw ThemeError(file: name, reason: .noDefault(available: defaultFiles))
            }
            if !chosen.contains(where: { $0.path == file.path }) { chosen.append(file) }
        }
        if names.isEmpty { chosen = DefaultTheme.files }
        if !replacing {
            for file in chosen
            where FileManager.default.fileExists(atPath: folder.appendingPathComponent(file.path).path) {
                throw ThemeError(file: folder.appendingPathComponent(file.path).path, reason: .exists)
            }
        }
        for file in chosen {
            let url = folder.appendingPathComponent(file.path)
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url, options: .atomic)
            } catch {
                throw ThemeError(file: url.path, reason: .file("cannot be written: \(error.localizedDescription)"))
            }
        }
        return chosen.map(\.path)
    }
}
