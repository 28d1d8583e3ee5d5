import Foundation

extension Theme {
    /// The files of the default theme by path (`layout.mustache`, `partials/badge.mustache`,
    /// `style.css`), sorted: what `eject` can copy.
    public static var defaultFiles: [String] { DefaultTheme.files.map(\.path) }

    /// What `eject` did, as paths relative to the folder.
    public struct Ejected: Equatable, Sendable {
        /// The files written.
        public var written: [String]
        /// The files that existed and were left as they are (ejecting everything without replacing).
        public var kept: [String]
    }

    /// Copies default files into `folder` (usually `site/templates/`) to start an override from:
    /// each name a path of `defaultFiles`, or a template's name without `.mustache`; no names
    /// copies them all.
    /// - Parameter replacing: overwrite files that exist. Else a named file that exists stops
    ///   the copy before anything is written, and with no names the files that exist are kept
    ///   (your changes stay) and the rest are added.
    /// - Returns: the paths written and kept, relative to `folder`.
    /// - Throws: `ThemeError` naming an unknown name, a file that exists, or one that cannot be written.
    public static func eject(
        _ names: [String], into folder: URL, replacing: Bool = false
    ) throws(ThemeError) -> Ejected {
        var chosen: [(path: String, text: String)] = []
        for name in names {
            guard
                let file = DefaultTheme.files.first(where: { $0.path == name || $0.path == name + templateExtension })
            else {
                let nearest =
                    nearestDefault(to: name + templateExtension)?.dropLast(templateExtension.count)
                    ?? nearestDefault(to: name)?[...]
                throw ThemeError(
                    file: name, reason: .noDefault(available: defaultFiles, nearest: nearest.map(String.init)))
            }
            if !chosen.contains(where: { $0.path == file.path }) { chosen.append(file) }
        }
        if names.isEmpty { chosen = DefaultTheme.files }
        var kept: [String] = []
        if !replacing {
            let existing = chosen.filter {
                FileManager.default.fileExists(atPath: folder.appendingPathComponent($0.path).path)
            }
            if let first = existing.first, !names.isEmpty {
                throw ThemeError(file: folder.appendingPathComponent(first.path).path, reason: .exists)
            }
            kept = existing.map(\.path)
            chosen.removeAll { kept.contains($0.path) }
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
        return Ejected(written: chosen.map(\.path), kept: kept)
    }
}
