import Foundation
import PackagePlugin

/// Compiles the files of a target's `Theme/` folder into the target as Swift source
/// (`ThemeEmbedder` writes them as string literals), so the executables carry the default theme
/// and need no resource bundle beside them at run time.
///
/// Written against PackageDescription 6.0 (the package's tools version): paths are `Path`, the
/// URL forms arrived in 6.1.
@main
struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let folder = target.directory.appending("Theme")
        // The folder is excluded from the target's sources (it holds no Swift): list it here, so
        // that changing, adding or removing a file embeds the theme again.
        var files: [Path] = []
        if let walker = FileManager.default.enumerator(atPath: folder.string) {
            for case let relative as String in walker {
                var isDirectory: ObjCBool = false
                let path = folder.appending(subpath: relative)
                if FileManager.default.fileExists(atPath: path.string, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                {
                    files.append(path)
                }
            }
        }
        let output = context.pluginWorkDirectory.appending("DefaultTheme+Files.swift")
        return [
            .buildCommand(
                displayName: "Embedding the default theme of \(target.name)",
                executable: try context.tool(named: "ThemeEmbedder").path,
                arguments: [folder.string, output.string],
                inputFiles: files + [folder],
                outputFiles: [output])
        ]
    }
}
