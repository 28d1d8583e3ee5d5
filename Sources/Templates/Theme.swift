import Basics
import Foundation
import Mustache

/// The site's theme: the Mustache templates (one per page kind, and partials for the pieces that
/// repeat), the CSS and the icon compiled into this module, with any file of the same name in an
/// override folder (usually `site/templates/`) taking precedence.
///
/// A template's name is its path under the folder without `.mustache`: `layout`,
/// `partials/badge`; `{{>partials/badge}}` includes one. Assets are the other files at the top
/// of the folder (`style.css`, `favicon.svg`).
public struct Theme: Sendable {
    /// The templates, by name.
    public let library: MustacheLibrary
    /// Asset file name → contents (the default CSS and icon, or their overrides).
    public let assets: [String: Data]
    /// The templates' tags by name, and whether each is an override, for the check of what
    /// an override's tags render on each page (`checkTextValues`); empty without overrides.
    let tags: [String: (file: String, tags: [TemplateTag], isOverride: Bool)]

    static let templateExtension = ".mustache"
    /// How a default template's file is named in messages (`default theme: card.mustache`).
    static let defaultFilePrefix = "default theme: "

    /// Loads the default theme, then the files in `overrides`, and checks every template.
    /// - Throws: `ThemeError` naming the file, line and column of a template that does not parse
    ///   or includes a partial no template defines, or the template `layout` when it is missing.
    public init(overrides: URL? = nil) throws(ThemeError) {
        var templates: [String: (file: String, text: String)] = [:]
        var assets: [String: Data] = [:]
        for (name, text) in DefaultTheme.templates {
            templates[name] = ("\(Self.defaultFilePrefix)\(name)\(Self.templateExtension)", text)
        }
        for (path, text) in DefaultTheme.assets { assets[path] = Data(text.utf8) }
        if let overrides {
            for (relative, url) in try Self.files(under: overrides) {
                let data: Data
                do {
                    data = try Data(contentsOf: url)
                } catch {
                    throw ThemeError(file: url.path, reason: .file("cannot be read: \(error.localizedDescription)"))
                }
                if relative.hasSuffix(Self.templateExtension) {
                    let name = String(relative.dropLast(Self.templateExtension.count))
                    // Read like every other text file: an editor's byte order mark and CRLF
                    // line ends would otherwise reach the pages.
                    guard let text = TextFile.decode(data) else {
                        throw ThemeError(file: url.path, reason: .file("is not UTF-8 text; save it as UTF-8"))
                    }
                    templates[name] = (url.path, text)
                } else if !relative.contains("/") {
                    assets[relative] = data
                }
            }
        }
        var library = MustacheLibrary()
        for (name, source) in templates.sorted(by: { $0.key < $1.key }) {
            do {
                let template = try MustacheTemplate(string: Self.aliasingParents(in: source.text))
                library.register(template, named: name)
                if name.contains("/"), templates[Self.parentAlias(name)] == nil {
                    library.register(template, named: Self.parentAlias(name))
                }
            } catch let error as MustacheTemplate.ParserError {
                // The parser stops at the end of the file for a section left open; say which.
                let sectionError = error.error as? MustacheTemplate.Error
                if sectionError == .expectedSectionEnd || sectionError == .sectionCloseNameIncorrect,
                    let section = TemplateTag.unbalancedSection(in: source.text)
                {
                    throw ThemeError(
                        file: source.file, line: section.line, column: section.column, reason: .parse(section.message))
                }
                throw ThemeError(
                    file: source.file, line: error.context.lineNumber, column: error.context.columnNumber,
                    reason: .parse(Self.explain(error.error)))
            } catch {
                throw ThemeError(file: source.file, reason: .parse(String(describing: error)))
            }
        }
        for source in templates.values.sorted(by: { $0.file < $1.file }) {
            for use in PartialReference.all(in: source.text) where templates[use.name] == nil {
                throw ThemeError(
                    file: source.file, line: use.line, column: use.column,
                    reason: .unknownPartial(
                        use.name, nearest: Self.nearestTemplate(to: use.name, in: Array(templates.keys)))
                )
            }
        }
        try Self.checkNoCycle(in: templates)
        if let overrides {
            try Self.checkEveryFileIsUsed(under: overrides, templates: templates)
            try Self.checkBlocksAreTheParents(in: templates)
            try Self.checkNamesAreGiven(in: templates)
        }
        guard templates["layout"] != nil else {
            throw ThemeError(file: "layout\(Self.templateExtension)", reason: .missing)
        }
        self.library = library
        self.assets = assets
        let overridden = templates.contains { !$0.value.file.hasPrefix(Self.defaultFilePrefix) }
        self.tags =
            overridden
            ? templates.mapValues {
                ($0.file, TemplateTag.all(in: $0.text), !$0.file.hasPrefix(Self.defaultFilePrefix))
            }
            : [:]
    }

    /// The name a parent under a folder (`{{<partials/frame}}`) is parsed and registered under:
    /// swift-mustache reads the closing tag's name without `/`, so `{{/partials/frame}}` never
    /// closed it (trial25 #4). The same length, so the parser's columns stay the file's.
    static func parentAlias(_ name: String) -> String {
        name.replacingOccurrences(of: "/", with: ".")
    }

    /// `text` with the name of every parent under a folder, in its `{{<…}}` and its `{{/…}}`,
    /// as `parentAlias` gives it.
    static func aliasingParents(in text: String) -> String {
        let parents = Set(PartialReference.all(in: text).filter { $0.inherits && $0.name.contains("/") }.map(\.name))
        guard !parents.isEmpty else { return text }
        var result = text
        for parent in parents {
            for sigil in ["<", "/"] {
                let pattern = "\\{\\{(\\s*\\\(sigil)\\s*)\\Q\(parent)\\E(\\s*\\}\\})"
                result = result.replacingOccurrences(
                    of: pattern, with: "{{$1\(parentAlias(parent))$2", options: .regularExpression)
            }
        }
        return result
    }

    /// Renders `context` with the template `name`.
    /// - Throws: `ThemeError.Reason.missing` when there is no such template, `.notText` when an
    ///   override's variable tag would print a group of names or a list (`checkTextValues`).
    public func render(_ context: Any, template name: String) throws(ThemeError) -> String {
        try checkTextValues(context, template: name)
        guard let output = library.render(context, withTemplate: name) else {
            throw ThemeError(file: name + Self.templateExtension, reason: .missing)
        }
        return output
    }

    /// Stops at templates that include each other in a circle (swift-mustache would recurse
    /// until the process crashes), naming the first inclusion of the circle and the circle.
    /// - Throws: `ThemeError.Reason.partialCycle`.
    private static func checkNoCycle(in templates: [String: (file: String, text: String)]) throws(ThemeError) {
        let uses = templates.mapValues { PartialReference.all(in: $0.text) }
        var finished: Set<String> = []
        // Depth-first, in name order; `path` is the chain of templates being walked.
        func walk(_ name: String, path: [String]) throws(ThemeError) {
            guard !finished.contains(name) else { return }
            for use in uses[name] ?? [] {
                if let start = path.firstIndex(of: use.name) ?? (use.name == name ? path.count : nil) {
                    // Told from the template whose inclusion closes it: `name → … → name`.
                    let nodes = Array((path + [name])[start...])
                    let circle = [name] + nodes.dropLast() + [name]
                    let file = templates[name]?.file ?? name
                    throw ThemeError(file: file, line: use.line, column: use.column, reason: .partialCycle(circle))
                }
                try walk(use.name, path: path + [name])
            }
            finished.insert(name)
        }
        for name in templates.keys.sorted() { try walk(name, path: []) }
    }

    /// Stops at a file of the override folder that nothing would read, most likely a misspelt
    /// name (`crad.mustache`, `partials/badge.mustach`): a template that is no default's name
    /// and that no template includes, a file that is a letter or two from a default's name, or
    /// another file in a subfolder (only templates are read there). Other files at the top are
    /// published as assets, as `style.css` and `favicon.svg` are.
    /// - Throws: `ThemeError.Reason.unused` naming the file and the default it is nearest to.
    private static func checkEveryFileIsUsed(
        under folder: URL, templates: [String: (file: String, text: String)]
    ) throws(ThemeError) {
        let defaults = DefaultTheme.files.map(\.path)
        let included = Set(templates.values.flatMap { PartialReference.all(in: $0.text).map(\.name) })
        // A partial named only when rendering (`{{>*name}}`) may be any of them.
        let includesByVariable = templates.values.contains { $0.text.contains("{{>*") || $0.text.contains("{{<*") }
        for (relative, url) in try files(under: folder) where !defaults.contains(relative) {
            let unused: Bool
            if relative.hasSuffix(templateExtension) {
                let name = String(relative.dropLast(templateExtension.count))
                unused = !included.contains(name) && !includesByVariable
            } else {
                unused = relative.contains("/") || nearestDefault(to: relative) != nil
            }
            if unused { throw ThemeError(file: url.path, reason: .unused(nearest: nearestDefault(to: relative))) }
        }
    }

    /// The template of `names` that `name` most likely misspells: one in the same folder whose
    /// last part is a letter or two away (the shared `partials/` would make any two partials
    /// look alike).
    static func nearestTemplate(to name: String, in names: [String]) -> String? {
        func split(_ path: String) -> (folder: Substring, base: String) {
            guard let slash = path.lastIndex(of: "/") else { return ("", path) }
            return (path[...slash], String(path[path.index(after: slash)...]))
        }
        let (folder, base) = split(name)
        let siblings = names.map(split).filter { $0.folder == folder }.map(\.base).sorted()
        return NearestName.closest(to: base, in: siblings).map { folder + $0 }
    }

    /// The names every page template is given beside its own (`root`, `cgiURL`, `historyURL`,
    /// `feedURL`: the Publisher's `BuildContext.body` adds them; docs/templates.md's "Every page
    /// template also gets").
    static let commonNames: Set<String> = ["root", "cgiURL", "historyURL", "feedURL"]

    /// The templates `name` and the templates it includes or inherits from, through `texts`,
    /// each once.
    static func family(of name: String, in texts: [String: String]) -> [String] {
        var seen: [String] = [name]
        var index = 0
        while index < seen.count {
            for use in PartialReference.all(in: texts[seen[index]] ?? "") where !seen.contains(use.name) {
                seen.append(use.name)
            }
            index += 1
        }
        return seen
    }

    /// Per template the site renders (every default that is not under `partials/`), every part
    /// of every name that template and the partials it includes use in the default theme, with
    /// the common names for a page: the names that template is given, since docs/templates.md
    /// lists each one under it and `TemplateContextTests` holds that its default and partials
    /// use every one.
    static let givenNames: [String: Set<String>] = {
        let texts = Dictionary(uniqueKeysWithValues: DefaultTheme.templates.map { ($0.name, $0.text) })
        var given: [String: Set<String>] = [:]
        for name in texts.keys where !name.hasPrefix("partials/") {
            var names = name == "layout" ? Set<String>() : commonNames
            for member in family(of: name, in: texts) {
                for tag in TemplateTag.lookups(in: texts[member] ?? "") { names.formUnion(tag.nameParts) }
            }
            given[name] = names
        }
        return given
    }()

    /// Per template of `templates`, the names it is given and the templates the site renders
    /// it in: a page's own (`givenNames`), and for a partial or a parent those of every
    /// template that includes it (a Mustache partial is rendered with its includer's names).
    static func given(
        in templates: [String: (file: String, text: String)]
    ) -> [String: (names: Set<String>, pages: Set<String>)] {
        var includers: [String: Set<String>] = [:]
        for (name, source) in templates {
            for use in PartialReference.all(in: source.text) { includers[use.name, default: []].insert(name) }
        }
        var result: [String: (names: Set<String>, pages: Set<String>)] = [:]
        // Depth-first from each template to the pages that include it; `checkNoCycle` ran first.
        func resolve(_ name: String) -> (names: Set<String>, pages: Set<String>) {
            if let done = result[name] { return done }
            var found: (names: Set<String>, pages: Set<String>) = ([], [])
            if let own = givenNames[name] { found = (own, [name]) }
            for includer in includers[name] ?? [] {
                let outer = resolve(includer)
                found.names.formUnion(outer.names)
                found.pages.formUnion(outer.pages)
            }
            result[name] = found
            return found
        }
        for name in templates.keys { _ = resolve(name) }
        return result
    }

    /// Stops at a tag of an override that names something its template is not given (a
    /// misspelt `{{stauts}}` would blank every status badge without a word; `{{abTests}}` in
    /// `404`, a name only `endpoint` has, blanks a link): each part of a variable's or a
    /// section's name must be one the template, or the pages it is rendered in, are given
    /// (`given(in:)`). Names that call a transform (`uppercased(name)`) are not checked.
    /// - Throws: `ThemeError.Reason.unknownName` with the place, the template and the nearest
    ///   given name.
    private static func checkNamesAreGiven(in templates: [String: (file: String, text: String)]) throws(ThemeError) {
        let given = given(in: templates)
        for (name, source) in templates.sorted(by: { $0.value.file < $1.value.file })
        where !source.file.hasPrefix(defaultFilePrefix) {
            let names = given[name]?.names ?? []
            let pages = (given[name]?.pages ?? []).sorted()
            for tag in TemplateTag.lookups(in: source.text) {
                for part in tag.nameParts where !names.contains(part) {
                    throw ThemeError(
                        file: source.file, line: tag.line, column: tag.column,
                        reason: .unknownName(
                            part, template: name, pages: pages,
                            nearest: NearestName.closest(to: part, in: names.sorted())
                        ))
                }
            }
        }
    }

    /// Stops at a block of an override's `{{<parent}}` that the parent does not have
    /// (`{{$tite}}` in `{{<layout}}`): Mustache would render the parent's default in its place
    /// and drop the block without a word.
    /// - Throws: `ThemeError.Reason.unknownBlock` with the place, the parent and its blocks.
    private static func checkBlocksAreTheParents(
        in templates: [String: (file: String, text: String)]
    ) throws(ThemeError) {
        for source in templates.values.sorted(by: { $0.file < $1.file }) where !source.file.hasPrefix(defaultFilePrefix)
        {
            var open: [TemplateTag] = []
            for tag in TemplateTag.all(in: source.text) {
                switch tag.sigil {
                case "#", "^", "<":
                    open.append(tag)
                case "$":
                    if let parent = open.last, parent.sigil == "<", !parent.name.hasPrefix("*"),
                        let text = templates[parent.name]?.text
                    {
                        let blocks = Array(Set(TemplateTag.all(in: text).filter { $0.sigil == "$" }.map(\.name)))
                            .sorted()
                        guard blocks.contains(tag.name) else {
                            throw ThemeError(
                                file: source.file, line: tag.line, column: tag.column,
                                reason: .unknownBlock(
                                    tag.name, parent: parent.name, blocks: blocks,
                                    nearest: NearestName.closest(to: tag.name, in: blocks)))
                        }
                    }
                    open.append(tag)
                case "/":
                    _ = open.popLast()
                default:
                    continue
                }
            }
        }
    }

    /// The default file whose path `relative` most likely misspells; a template's name is
    /// compared with the default templates' names (`crad` with `card`, not the whole file names,
    /// whose shared `.mustache` would make any two templates look alike).
    static func nearestDefault(to relative: String) -> String? {
        if relative.hasSuffix(templateExtension) {
            return NearestName.closest(
                to: String(relative.dropLast(templateExtension.count)), in: DefaultTheme.templates.map(\.name)
            ).map { $0 + templateExtension }
        }
        return NearestName.closest(to: relative, in: DefaultTheme.files.map(\.path))
    }

    /// Every file under `folder` (hidden ones left out), by path relative to it, sorted; none
    /// when the folder does not exist.
    static func files(under folder: URL) throws(ThemeError) -> [(String, URL)] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var found: [(String, URL)] = []
        for case let relative as String in walker {
            guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            let url = folder.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append((relative, url))
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }

    /// swift-mustache's parse error in words.
    static func explain(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return String(describing: error) }
        return switch error {
        case .sectionCloseNameIncorrect: "a section is closed with another name than it was opened with"
        case .unfinishedName: "a tag is not finished: '{{' without its '}}', or a space inside a name"
        case .expectedSectionEnd: "a section is opened and never closed"
        case .invalidSetDelimiter: "a set-delimiter tag is malformed (it reads like {{=<% %>=}})"
        case .transformAppliedToInheritanceSection: "a transform cannot apply to an inherited section"
        case .illegalTokenInsideInheritSection, .textInsideInheritSection:
            "inside {{<partial}} … {{/partial}} only {{$block}} … {{/block}} sections may stand"
        case .invalidConfigVariableSyntax: "a configuration tag is malformed (it reads like {{% CONTENT_TYPE: HTML}})"
        case .unrecognisedConfigVariable: "a configuration tag names an unknown setting"
        }
    }
}
