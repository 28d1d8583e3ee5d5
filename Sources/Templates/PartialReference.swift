/// A partial a template includes (`{{>name}}`) or inherits from (`{{<name}}`), with where the
/// tag starts. swift-mustache renders a partial it does not know as nothing; the theme looks
/// them up first so that a misspelt name fails the build instead.
///
/// Tags are found as `TemplateTag` finds them; dynamic names (`{{>*name}}`) are left out
/// (they are known only when rendering).
struct PartialReference: Equatable {
    var name: String
    /// Whether the template inherits from it (`{{<name}}`), rather than including it.
    var inherits: Bool
    /// 1-based, in characters.
    var line: Int
    var column: Int

    static func all(in text: String) -> [PartialReference] {
        TemplateTag.all(in: text).compactMap { tag in
            guard tag.sigil == ">" || tag.sigil == "<", !tag.name.isEmpty, !tag.name.hasPrefix("*") else { return nil }
            return PartialReference(name: tag.name, inherits: tag.sigil == "<", line: tag.line, column: tag.column)
        }
    }
}
