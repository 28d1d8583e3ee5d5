import Foundation

/// The default theme: the files of Sources/Templates/Theme/, compiled in by the EmbedTheme build
/// plugin (`encodedFiles`, generated), so an executable copied alone carries its theme.
enum DefaultTheme {
    /// Path under Theme/ → text, sorted by path.
    static let files: [(path: String, text: String)] = encodedFiles.map { path, base64 in
        (path, String(decoding: Data(base64Encoded: base64) ?? Data(), as: UTF8.self))
    }

    /// The templates, by name (the path under Theme/ without `.mustache`), sorted.
    static var templates: [(name: String, text: String)] {
        files.compactMap { path, text in
            path.hasSuffix(Theme.templateExtension) ? (String(path.dropLast(Theme.templateExtension.count)), text) : nil
        }
    }

    /// The assets (CSS, icon): every other file, by path.
    static var assets: [(path: String, text: String)] {
        files.filter { !$0.path.hasSuffix(Theme.templateExtension) }
    }
}
