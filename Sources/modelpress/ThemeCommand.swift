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
                    Without names every default file is copied. docs/templates.md lists each \
                    template's context.

                    Examples:
                      modelpress theme eject                   # every template, style.css, favicon.svg
                      modelpress theme eject card partials/badge
                      modelpress theme eject --list
                    """
            )

            @Argument(help: "Templates (card, partials/badge) or files (style.css) to copy; none for all.")
            var names: [String] = []

            @Option(name: .long, help: "The site folder (holds site.toml, pages/, templates/, assets/).")
            var site: String = "site"

            @Flag(help: "Replace files that already exist in the templates folder.")
            var force = false

            @Flag(help: "Only list the default theme's files.")
            var list = false

            func run() throws {
                if list {
                    for path in Theme.defaultFiles { print(path) }
                    return
                }
                let folder = URL(fileURLWithPath: site).appendingPathComponent("templates")
                do {
                    for path in try Theme.eject(names, into: folder, replacing: force) {
                        print(folder.appendingPathComponent(path).path)
                    }
                } catch {
                    throw ValidationError(error.description)
                }
            }
        }
    }
}
