/// An authored model card: research/cards/<endpoint>/<model>.md, a front matter of
/// `key: value` lines and `key:` lists of `- item` lines between `---` fences, then Markdown prose.
struct CardDocument: Equatable {
    var owners: [String] = []
    var license: String?
    var intendedUse: [String] = []
    var outOfScopeUses: [String] = []
    var limitations: [String] = []
    var ethicalConsiderations: [String] = []
    var citations: [String] = []
    var references: [String] = []
    /// The Markdown after the front matter.
    var prose: String = ""

    /// The front-matter keys, in the order the card shows them.
    static let keys = [
        "owners", "license", "intended_use", "out_of_scope_uses", "limitations", "ethical_considerations",
        "citations", "references",
    ]

    /// Parses `text` (as `TextFile.decode` gives it: lines end with LF); a file without a leading
    /// `---` is all prose.
    /// - Throws: `PublishingError` with `file:line` for an unknown key, a stray line or an unclosed fence.
    static func parse(_ text: String, file: String) throws -> CardDocument {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var card = CardDocument()
        guard lines.first == "---" else {
            card.prose = text
            return card
        }
        var values: [String: [String]] = [:]
        var current: String?
        var index = 1
        func fail(_ message: String) -> PublishingError {
            PublishingError(path: "\(file):\(index + 1)", reason: .invalidData(message))
        }
        while index < lines.count, lines[index] != "---" {
            let line = lines[index]
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                index += 1
                continue
            }
            if trimmed.hasPrefix("- ") || trimmed == "-" {
                guard let key = current else { throw fail("a list item must follow a 'key:' line") }
                values[key, default: []].append(String(trimmed.dropFirst(1)).trimmingSpaces.unquoted)
            } else if let colon = line.firstIndex(of: ":"), !line.hasPrefix(" ") {
                let key = String(line[..<colon]).trimmingSpaces
                guard keys.contains(key) else {
                    throw fail("unknown key '\(key)'; expected one of \(keys.joined(separator: ", "))")
                }
                guard values[key] == nil else { throw fail("'\(key)' is given twice") }
                let value = String(line[line.index(after: colon)...]).trimmingSpaces.unquoted
                values[key] = value.isEmpty ? [] : [value]
                current = value.isEmpty ? key : nil
            } else {
                throw fail("expected 'key: value' or '- item'")
            }
            index += 1
        }
        guard index < lines.count else {
            index = 0
            throw fail("the front matter opened here has no closing '---'")
        }
        card.owners = values["owners"] ?? []
        card.license = values["license"]?.first
        card.intendedUse = values["intended_use"] ?? []
        card.outOfScopeUses = values["out_of_scope_uses"] ?? []
        card.limitations = values["limitations"] ?? []
        card.ethicalConsiderations = values["ethical_considerations"] ?? []
        card.citations = values["citations"] ?? []
        card.references = values["references"] ?? []
        card.prose = lines[(index + 1)...].joined(separator: "\n")
        return card
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }

    /// Drops one pair of surrounding double or single quotes.
    fileprivate var unquoted: String {
        guard count >= 2, let first, first == "\"" || first == "'", last == first else { return self }
        return String(dropFirst().dropLast())
    }
}
