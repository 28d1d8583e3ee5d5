import Foundation
import Mustache

/// The site's theme: the Mustache layout that wraps every page (`layout.mustache`), the CSS and
/// the icon shipped in this module, with any file of the same name in an override folder
/// taking precedence.
public struct Theme: Sendable {
    /// The templates, by name without the `.mustache` extension.
    public let library: MustacheLibrary
    /// Asset file name → contents (the default CSS and icon, or their overrides).
    public let assets: [String: Data]

    /// Names of the templates a theme must provide.
    public static let requiredTemplates = ["layout"]

    /// Loads the default theme, then the files in `overrides` (usually `site/templates/`).
    /// - Throws: `ThemeError` naming the template that does not parse or is missing.
    public init(overrides: URL? = nil) throws {
        var templates: [String: String] = [:]
        var assets: [String: Data] = [:]
        for folder in [Theme.defaultFolder, overrides].compactMap({ $0 }) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() {
                let url = folder.appendingPathComponent(name)
                guard let data = FileManager.default.contents(atPath: url.path) else { continue }
                if name.hasSuffix(".mustache") {
                    templates[String(name.dropLast(".mustache".count))] = String(decoding: data, as: UTF8.self)
                } else if name.hasSuffix(".css") || name.hasSuffix(".svg") {
                    assets[name] = data
                }
            }
        }
        var library = MustacheLibrary()
        for (name, text) in templates.sorted(by: { $0.key < $1.key }) {
            do {
                try library.register(text, named: name)
            } catch {
                throw ThemeError(template: name, reason: .parse(String(describing: error)))
            }
        }
        for name in Theme.requiredTemplates where library.getTemplate(named: name) == nil {
            throw ThemeError(template: name, reason: .missing)
        }
        self.library = library
        self.assets = assets
    }

    /// Renders `context` with the template `name`.
    /// - Throws: `ThemeError.Reason.missing` when there is no such template.
    public func render(_ context: Any, template name: String) throws -> String {
        guard let output = library.render(context, withTemplate: name) else {
            throw ThemeError(template: name, reason: .missing)
        }
        return output
    }

    /// The folder of default templates inside this module's resources.
    static var defaultFolder: URL? {
        Bundle.module.url(forResource: "Theme", withExtension: nil)
    }
}

/// A theme that cannot be used.
public struct ThemeError: Error, CustomStringConvertible, Sendable {
    public enum Reason: Sendable {
        case missing
        case parse(String)
    }

    public var template: String
    public var reason: Reason

    public var description: String {
        switch reason {
        case .missing:
            return "template '\(template).mustache' is missing from the theme"
        case .parse(let message):
            return "template '\(template).mustache' does not parse: \(message)"
        }
    }
}
