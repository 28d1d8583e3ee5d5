/// A tag in a template's text (`{{#name}}`, `{{/name}}`, `{{>name}}`, …): its sigil, its name
/// and where it starts, for the theme's own checks of what swift-mustache parses. Tags are
/// found with `{{ }}` and the delimiters a set-delimiter tag sets.
struct TemplateTag: Equatable {
    /// The character after `{{` and any spaces (`#`, `^`, `/`, `>`, `<`, `$`, `%` of a pragma, …); nil for a
    /// variable.
    var sigil: Character?
    var name: String
    /// 1-based, in characters.
    var line: Int
    var column: Int

    /// The sigils that start a tag's name.
    private static let sigils: Set<Character> = ["#", "^", "/", ">", "<", "$", "!", "&", "{", "=", "%"]

    /// Every tag in `text`, in order, following set-delimiter tags (`{{=<% %>=}}`) as
    /// swift-mustache does, so that a template that changes its delimiters is checked too.
    static func all(in text: String) -> [TemplateTag] {
        var found: [TemplateTag] = []
        let characters = Array(text)
        var open: [Character] = ["{", "{"]
        var close: [Character] = ["}", "}"]
        func starts(_ delimiter: [Character], at index: Int) -> Bool {
            index + delimiter.count <= characters.count
                && Array(characters[index..<index + delimiter.count]) == delimiter
        }
        var line = 1
        var column = 1
        var index = 0
        // The end of a set-delimiter tag, whose inside holds the new delimiters, not tags.
        var skipTo = 0
        while index < characters.count {
            if index >= skipTo, starts(open, at: index), index + open.count < characters.count {
                var cursor = index + open.count
                while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
                var contentStart = cursor
                var sigil: Character?
                if cursor < characters.count, sigils.contains(characters[cursor]) {
                    sigil = characters[cursor]
                    cursor += 1
                    contentStart = cursor
                    while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
                }
                var name = ""
                while cursor < characters.count, characters[cursor] != close[0], characters[cursor] != " " {
                    name.append(characters[cursor])
                    cursor += 1
                }
                found.append(TemplateTag(sigil: sigil, name: name, line: line, column: column))
                if sigil == "=", let end = (cursor..<characters.count).first(where: { starts(["="] + close, at: $0) }) {
                    // `{{=<% %>=}}`: the new opening and closing delimiters, apart by spaces,
                    // from after this tag on.
                    let parts = String(characters[contentStart..<end]).split(separator: " ")
                    skipTo = end + 1 + close.count
                    if parts.count == 2 {
                        open = Array(parts[0])
                        close = Array(parts[1])
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

    /// The tags of `text` that look a name up in the context (see `nameParts`), without the
    /// closing tags of inheritance blocks and parents (`{{/content}}` of `{{$content}}`,
    /// `{{/frame}}` of `{{<frame}}`), whose names are no variables.
    static func lookups(in text: String) -> [TemplateTag] {
        var open: [TemplateTag] = []
        var found: [TemplateTag] = []
        for tag in all(in: text) {
            switch tag.sigil {
            case "#", "^", "$", "<":
                open.append(tag)
            case "/":
                let opened = open.popLast()
                if opened?.sigil == "$" || opened?.sigil == "<" { continue }
            default:
                break
            }
            if !tag.nameParts.isEmpty { found.append(tag) }
        }
        return found
    }

    /// The parts of the name a variable or section tag looks up in the context (`timeline`,
    /// `events` for `{{#timeline.events}}`); none for partials, blocks, comments, delimiter
    /// changes, the current item `.` and a transform's call (`uppercased(name)`).
    var nameParts: [String] {
        guard sigil == nil || ["#", "^", "/", "&", "{"].contains(sigil), name != ".", !name.contains("(")
        else { return [] }
        return name.split(separator: ".").map(String.init)
    }

    /// `{{#name}}` as written, for messages.
    var written: String { "{{\(sigil.map(String.init) ?? "")\(name)}}" }

    /// The first section that is closed by another name or never closed, as a place and a
    /// sentence: what swift-mustache reports only as `sectionCloseNameIncorrect` or
    /// `expectedSectionEnd` at the end of the file.
    static func unbalancedSection(in text: String) -> (line: Int, column: Int, message: String)? {
        var open: [TemplateTag] = []
        for tag in all(in: text) {
            switch tag.sigil {
            case "#", "^", "$", "<":
                open.append(tag)
            case "/":
                guard let last = open.last else {
                    return (tag.line, tag.column, "\(tag.written) closes a section that was never opened")
                }
                guard last.name == tag.name else {
                    return (
                        tag.line, tag.column,
                        "\(tag.written) closes \(last.written), opened at line \(last.line); "
                            + "close that one first with {{/\(last.name)}}"
                    )
                }
                open.removeLast()
            default:
                continue
            }
        }
        guard let last = open.last else { return nil }
        return (
            last.line, last.column, "\(last.written) opened here is never closed; add {{/\(last.name)}} where it ends"
        )
    }
}
