import Mustache

extension Theme {
    /// Stops at a variable tag of an override (`{{name}}`, `{{{name}}}`, `{{&name}}`, `{{.}}`)
    /// whose value on this page is a group of names or a list: Mustache renders it as Swift's
    /// description (trial25 #3: `{{production}}` in `partials/badge` printed
    /// `["since": ["when": …], …]` on the endpoint page). The tags of `template` and of the
    /// partials and parents it renders are walked with the contexts their sections open, as
    /// swift-mustache looks names up (innermost section first, a list's items as contexts,
    /// the first 8 of each); a default template's tags are not checked, only walked through.
    /// Does nothing for a theme without overrides.
    /// - Throws: `ThemeError.Reason.notText` with the override's file, line and column.
    func checkTextValues(_ context: Any, template: String) throws(ThemeError) {
        guard !tags.isEmpty else { return }
        try walk(template, frames: [[context]])
    }

    /// `name`'s tags with `frames`, the candidate contexts of each open section, outermost first.
    private func walk(_ name: String, frames outer: [[Any]]) throws(ThemeError) {
        guard let template = tags[name] else { return }
        var frames = outer
        for tag in template.tags {
            switch tag.sigil {
            case "#":
                frames.append(Self.lookUp(tag.name, in: frames).flatMap(Self.sectionContexts))
            case "^", "$":
                frames.append([])
            case "<":
                if !tag.name.hasPrefix("*") { try walk(tag.name, frames: frames) }
                frames.append([])
            case "/":
                if frames.count > outer.count { frames.removeLast() }
            case ">":
                if !tag.name.hasPrefix("*") { try walk(tag.name, frames: frames) }
            case nil, "&", "{":
                guard template.isOverride, !tag.name.contains("("), !tag.name.isEmpty else { continue }
                if let kind = Self.lookUp(tag.name, in: frames).lazy.compactMap(Self.notTextKind).first {
                    throw ThemeError(
                        file: template.file, line: tag.line, column: tag.column, reason: .notText(tag.name, kind: kind))
                }
            default:
                continue
            }
        }
    }

    /// The values `name` (`a.b`, or `.`) has in `frames`: its first part in the innermost frame
    /// that has it, the rest inside those values.
    private static func lookUp(_ name: String, in frames: [[Any]]) -> [Any] {
        guard name != "." else { return frames.last ?? [] }
        let parts = name.split(separator: ".").map(String.init)
        guard let first = parts.first else { return [] }
        var values: [Any] = []
        for frame in frames.reversed() {
            values = frame.compactMap { child(of: $0, named: first) }
            if !values.isEmpty { break }
        }
        for part in parts.dropFirst() { values = values.compactMap { child(of: $0, named: part) } }
        return values
    }

    private static func child(of value: Any, named name: String) -> Any? {
        if let group = value as? [String: Any] { return group[name] }
        if let parent = value as? any MustacheParent { return parent.child(named: name) }
        return nil
    }

    /// The contexts `{{#value}}` renders its inside with: a list's items (the first 8), else the value.
    private static func sectionContexts(_ value: Any) -> [Any] {
        if value is String { return [value] }
        if let list = value as? [Any] { return Array(list.prefix(8)) }
        return [value]
    }

    /// "a group of names" or "a list" for a value Mustache would print as Swift's description.
    private static func notTextKind(_ value: Any) -> String? {
        if value is String || value is any MustacheCustomRenderable { return nil }
        if value is [String: Any] || value is any MustacheParent { return "a group of names" }
        if value is [Any] { return "a list" }
        return nil
    }
}
