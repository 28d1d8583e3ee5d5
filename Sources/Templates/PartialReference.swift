/// A partial a template includes (`{{>name}}`) or inherits from (`{{<name}}`), with where the
/// tag starts. swift-mustache renders a partial it does not know as nothing; the theme looks
/// them up first so that a misspelt name fails the build instead.
///
/// Tags are found with the default `{{ }}` delimiters; dynamic names (`{{>*name}}`) are left out
/// (they are known only when rendering).
struct PartialReference: Equatable {
    var name: String
    /// 1-based, in characters.
    var line: Int
    var column: Int

    static func all(in text: String) -> [PartialReference] {
        var found: [PartialReference] = []
        let characters = Array(text)
        var line = 1
        var column = 1
        var index = 0
        while index < characters.count {
            if characters[index] == "{", index + 2 < characters.count, characters[index + 1] == "{" {
                var cursor = index + 2
                while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
                if cursor < characters.count, characters[cursor] == ">" || characters[cursor] == "<" {
                    cursor += 1
                    while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
                    var name = ""
                    while cursor < characters.count, characters[cursor] != "}", characters[cursor] != " " {
                        name.append(characters[cursor])
                        cursor += 1
                    }
                    if !name.isEmpty, !name.hasPrefix("*") {
                        found.append(PartialReference(name: name, line: line, column: column))
                    }
                }
            }
            if characters[index] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
        return found
    }
}
