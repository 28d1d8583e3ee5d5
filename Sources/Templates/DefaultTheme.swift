/// The default theme: the files of Sources/Templates/Theme/, compiled in by the EmbedTheme build
/// plugin (`files`, generated), so an executable copied alone carries its theme.
enum DefaultTheme {
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
