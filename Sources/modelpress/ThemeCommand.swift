import ArgumentParser
import Foundation
import Templates

extension ModelPress {
    struct ThemeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "theme",
            abstract: "Work with the site's theme (the templates, CSS and icon `publish` uses).",
            subcommands: [Eject.self]
        )

        struct Eject: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Copy default templates into site/templates/ to change them there.",
                discussion: """
                    A file in site/templates/ replaces the default of the same name; names are \
                    paths under the folder (partials/badge.mustache overrides partials/badge). \
                    Without names every default file is copied that is not there yet (the \
                    files you have are kept; --force replaces them). docs/templates.md lists \
                    each template's context.

                    Examples:
                      modelpress theme eject                   # every template, style.css, favicon.svg
                      modelpress theme eject card partials/badge
                      modelpress theme eject --list
                    """
            )

            @Argument(help: "Templates (card, partials/badge) or files (style.css) to copy; none for all.")
            var names: [String] = []

            @Option(
                name: .long,
                help: "The site folder (holds site.toml, pages/, templates/, assets/; default: the repository's site/)."
            )
            var site: String?

            @Flag(help: "Replace files that already exist in the templates folder (else: all names keeps them).")
            var force = false

            @Flag(help: "Only list the default theme's files.")
            var list = false

            func run() throws {
                if list {
                    for path in Theme.defaultFiles { print(path) }
                    return
                }
                // The site `publish` reads: the repository's, from any folder under it.
                let site = try self.site ?? RepositoryRoot.path("site", under: RepositoryRoot.resolve(nil))
                let folder = URL(fileURLWithPath: site).appendingPathComponent("templates")
                let ejected = try Theme.eject(names, into: folder, replacing: force)
                for path in ejected.written { print(folder.appendingPathComponent(path).path) }
                if !ejected.kept.isEmpty {
                    print(
                        "kept \(ejected.kept.count) file(s) you already have in \(folder.path) "
                            + "(\(ejected.kept.joined(separator: ", "))); --force replaces them with the defaults")
                }
            }
        }
    }
}
