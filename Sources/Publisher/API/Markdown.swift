import CCmark

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// CommonMark to HTML through libcmark: the one place in modelpress that touches C.
///
/// Every C string is copied into Swift before the C tree is freed, in the same scope,
/// and no cmark pointer leaves this file.
public enum Markdown {
    /// How a document is rendered.
    public struct Options: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// The source is trusted: raw HTML and dangerous URLs (`javascript:`, …) are kept.
        /// Without it they are omitted, which is the default and what any user-supplied text gets.
        public static let trusted = Options(rawValue: CMARK_OPT_UNSAFE)
        /// Straight quotes become curly, `--` becomes an en dash, `...` an ellipsis.
        public static let smart = Options(rawValue: CMARK_OPT_SMART)
        /// Soft line breaks become `<br>`.
        public static let hardBreaks = Options(rawValue: CMARK_OPT_HARDBREAKS)
    }

    /// A heading of a rendered document, with the id its HTML element got.
    public struct Heading: Equatable, Sendable {
        public var level: Int
        public var text: String
        public var id: String
    }

    /// A rendered document.
    public struct Document: Sendable {
        public var html: String
        public var headings: [Heading]
    }

    /// Renders `source` to HTML. Headings get stable, unique ids derived from their text
    /// (`## Intended use` → `id="intended-use"`, a repeat → `intended-use-1`).
    /// - Complexity: O(n) in the length of `source`.
    public static func render(_ source: String, options: Options = []) -> Document {
        let flags = options.rawValue | CMARK_OPT_VALIDATE_UTF8
        let utf8 = Array(source.utf8)
        guard
            let root = utf8.withUnsafeBufferPointer({ buffer in
                buffer.baseAddress.map { base in
                    base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                        cmark_parse_document($0, buffer.count, flags)
                    }
                } ?? cmark_parse_document("", 0, flags)
            })
        else {
            return Document(html: "", headings: [])
        }
        defer { cmark_node_free(root) }

        var headings: [Heading] = []
        var slugs = SlugRegistry()
        for heading in nodes(of: CMARK_NODE_HEADING, under: root) {
            let level = Int(cmark_node_get_heading_level(heading))
            let text = plainText(of: heading)
            let id = slugs.unique(for: text)
            headings.append(Heading(level: level, text: text, id: id))
            let inner = renderInline(childrenOf: heading, flags: flags)
            let replacement = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)
            cmark_node_set_on_enter(replacement, "<h\(level) id=\"\(id)\">\(inner)</h\(level)>")
            cmark_node_replace(heading, replacement)
            cmark_node_free(heading)
        }
        return Document(html: copyHTML(of: root, flags: flags), headings: headings)
    }

    /// Renders `source` and returns only the HTML.
    public static func html(_ source: String, options: Options = []) -> String {
        render(source, options: options).html
    }

    // MARK: - Tree helpers (all pointers stay in this file)

    private static func nodes(of type: cmark_node_type, under root: OpaquePointer) -> [OpaquePointer] {
        var found: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(root) else { return found }
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            if cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER,
                let node = cmark_iter_get_node(iterator), cmark_node_get_type(node) == type
            {
                found.append(node)
            }
        }
        return found
    }

    private static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(node) else { return text }
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER,
                let current = cmark_iter_get_node(iterator)
            else { continue }
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let literal = cmark_node_get_literal(current) { text += String(cString: literal) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            default:
                break
            }
        }
        return text
    }

    /// Moves the inline children of `node` into a scratch paragraph and renders it,
    /// so the heading's content is escaped and filtered exactly as the rest of the document.
    private static func renderInline(childrenOf node: OpaquePointer, flags: Int32) -> String {
        guard let document = cmark_node_new(CMARK_NODE_DOCUMENT),
            let paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH)
        else { return "" }
        defer { cmark_node_free(document) }
        cmark_node_append_child(document, paragraph)
        while let child = cmark_node_first_child(node) {
            cmark_node_unlink(child)
            cmark_node_append_child(paragraph, child)
        }
        var html = copyHTML(of: document, flags: flags)
        if html.hasPrefix("<p>") { html.removeFirst(3) }
        while html.hasSuffix("\n") { html.removeLast() }
        if html.hasSuffix("</p>") { html.removeLast(4) }
        return html
    }

    private static func copyHTML(of node: OpaquePointer, flags: Int32) -> String {
        guard let rendered = cmark_render_html(node, flags) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }
}

/// Turns heading text into ids that are stable (the same text gives the same id) and unique.
struct SlugRegistry {
    private var used: Set<String> = []

    mutating func unique(for text: String) -> String {
        let base = Self.slug(text)
        var candidate = base
        var counter = 1
        while used.contains(candidate) {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        used.insert(candidate)
        return candidate
    }

    /// Lower-case letters and digits; runs of spaces and hyphens become one hyphen.
    static func slug(_ text: String) -> String {
        var slug = ""
        var pendingHyphen = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" {
                if pendingHyphen && !slug.isEmpty { slug += "-" }
                pendingHyphen = false
                slug.unicodeScalars.append(scalar)
            } else if scalar == " " || scalar == "-" || scalar == "\t" {
                pendingHyphen = true
            }
        }
        return slug.isEmpty ? "section" : slug
    }
}
