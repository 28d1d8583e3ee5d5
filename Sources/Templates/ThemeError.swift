/// A theme that cannot be used: a template that does not parse, refers to a partial no template
/// defines or includes itself, uses a name its template is not given, or a group of names as
/// text, or is missing; an override nothing reads; an eject that would overwrite a file or names no default.
public struct ThemeError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// The file does not parse as Mustache; the parser's message.
        case parse(String)
        /// `{{>name}}` or `{{<name}}` names a partial that no template defines (Mustache would
        /// render it as nothing); `nearest` is the template it most likely misspells.
        case unknownPartial(String, nearest: String?)
        /// Templates that include each other in a circle (`a → b → a`, or one including
        /// itself): Mustache would render them until the stack runs out.
        case partialCycle([String])
        /// An override that nothing reads (no default has its name and no template includes
        /// it); `nearest` is the default file whose name it most likely misspells.
        case unused(nearest: String?)
        /// An override's tag names something no template of the site is ever given (Mustache
        /// would render it as nothing on every page); `nearest` is the name it most likely
        /// misspells.
        case unknownName(String, template: String, pages: [String], nearest: String?)
        /// A block of `{{<parent}}` … `{{/parent}}` (`{{$name}}`) that the parent does not
        /// have (Mustache would drop it); `blocks` are the parent's, `nearest` the one it most
        /// likely misspells.
        case unknownBlock(String, parent: String, blocks: [String], nearest: String?)
        /// A variable tag of an override whose value on a page is a group of names or a list,
        /// not text (Mustache would print Swift's description of it); `kind` says which.
        case notText(String, kind: String)
        /// A template the site needs is not in the theme.
        case missing
        /// `theme eject` was given a name the default theme does not have; `nearest` is the
        /// default it most likely misspells.
        case noDefault(available: [String], nearest: String?)
        /// `theme eject` would replace this file.
        case exists
        /// The file cannot be read or written; the system's message.
        case file(String)
    }

    /// The file: an override's path, or `default theme: name.mustache`.
    public var file: String
    /// 1-based line and column, when the problem has a place in the file.
    public var line: Int?
    public var column: Int?
    public var reason: Reason

    public init(file: String, line: Int? = nil, column: Int? = nil, reason: Reason) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `file:line:column`, as far as known.
    public var place: String {
        file + (line.map { ":\($0)" } ?? "") + (column.map { ":\($0)" } ?? "")
    }

    /// What is wrong and what to do, without the place.
    public var message: String {
        switch reason {
        case .parse(let message):
            return "the template does not parse (\(message)); fix it, or delete the file to use the default"
        case .unknownPartial(let name, let nearest):
            let guess = nearest.map { "did you mean '\($0)'? " } ?? ""
            return "refers to the partial '\(name)', which no template defines; " + guess
                + "add \(name)\(Theme.templateExtension) to the templates folder or fix the name"
        case .partialCycle(let names):
            return "includes itself through partials (\(names.joined(separator: " → "))), which would render "
                + "without end; remove one of these inclusions"
        case .unused(let nearest):
            let guess = nearest.map { "did you mean \($0)? " } ?? ""
            return "nothing reads this file: no default theme file has its name and no template includes it; "
                + guess + "rename or delete it (`modelpress theme eject --list` names the defaults)"
        case .unknownName(let name, let template, let pages, let nearest):
            let guess = nearest.map { "did you mean '\($0)'? " } ?? ""
            let inside =
                pages == [template] || pages.isEmpty ? "" : " (it is rendered in \(pages.joined(separator: ", ")))"
            return "'\(name)' is no name \(template) is given\(inside), so it would always render as nothing; "
                + guess + "docs/templates.md lists each template's names"
        case .unknownBlock(let name, let parent, let blocks, let nearest):
            let guess = nearest.map { "did you mean '\($0)'? " } ?? ""
            let has = blocks.isEmpty ? "has no blocks" : "has the blocks \(blocks.joined(separator: ", "))"
            return "the parent \(parent) has no block '\(name)' ({{$\(name)}}), so it would be dropped without a "
                + "word; \(guess)\(parent) \(has)"
        case .notText(let name, let kind):
            return "'\(name)' is \(kind) on this page, not text: Mustache would print Swift's description of it; "
                + "write one of its names ({{\(name).…}}) or open it as a section ({{#\(name)}}…{{/\(name)}}); "
                + "docs/templates.md lists each template's names"
        case .missing:
            return "the theme has no such template"
        case .noDefault(let available, let nearest):
            if let nearest { return "the default theme has no such file; did you mean \(nearest)?" }
            return "the default theme has no such file; it has \(available.joined(separator: ", "))"
        case .exists:
            return "already exists; move it away first or pass --force to replace it"
        case .file(let message):
            return message
        }
    }

    public var description: String { "\(place): \(message)" }
}
