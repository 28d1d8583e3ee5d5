import Foundation
import TextEscaping

/// The layout rendered once per build with markers where the page's title and body go, split
/// around them: a page is then the pieces with its own title and body put back, instead of a
/// template render per page (the layout wraps all of a site's ~1,000 pages).
///
/// Used only when that is exactly what rendering the layout for the page gives. The layout is
/// rendered with two different pairs of markers (different lengths, first and last characters,
/// cases), and the pieces found in the first must rebuild the second: a layout that transforms
/// the title (`uppercased(title)`, `count(title)`), escapes the body or uses them in any other
/// way than as text rebuilds something else, and every page is rendered through the template.
struct LayoutShell: Sendable {
    enum Piece: Equatable, Sendable {
        case text([UInt8])
        /// The title as the template writes `{{{title}}}` (or `{{title}}` under a TEXT pragma).
        case title
        /// The title escaped, as `{{title}}`.
        case escapedTitle
        case body
    }

    let pieces: [Piece]

    /// - Parameter render: the layout for a title and a body.
    /// - Returns: nil when the layout does not use them as plain text.
    init?(render: (_ title: String, _ body: String) throws -> String) rethrows {
        let first = try render(Self.titles.0, Self.bodies.0)
        guard let pieces = Self.split(Array(first.utf8)) else { return nil }
        let second = try render(Self.titles.1, Self.bodies.1)
        guard Self.fill(pieces, title: Self.titles.1, body: Self.bodies.1) == Array(second.utf8) else { return nil }
        self.pieces = pieces
    }

    /// The page with `title` and `body`, or nil when only the template can say: an empty title
    /// or body (a section treats it as false, where a marker is true), or a title whose
    /// escaping could differ (the template escapes whole characters: a quote carrying a
    /// combining accent is one character, left as it is).
    func page(title: String, body: String) -> Data? {
        guard !title.isEmpty, !body.isEmpty else { return nil }
        if pieces.contains(.escapedTitle), Escaping.html(title) != title, !title.utf8.allSatisfy({ $0 < 0x80 }) {
            return nil
        }
        return Data(Self.fill(pieces, title: title, body: body))
    }

    /// Two titles and two bodies that differ in length, first and last character and case, each
    /// with a character the template escapes (so `{{title}}` and `{{{title}}}` tell apart).
    private static let titles = ("t<modelpress-title-3b9d>", "Q&MODELPRESS_TITLE_7E1F_LONGER;")
    private static let bodies = ("<modelpress-page-body-8f3c1e>", "B&MODELPRESS-PAGE-BODY-2A4D-LONGER\"")

    /// The first render cut at the first title and body markers; nil when the body is escaped
    /// (`{{body}}`: only the template can escape a whole page as it does).
    private static func split(_ shell: [UInt8]) -> [Piece]? {
        let title = Array(titles.0.utf8)
        let escapedTitle = Array(Escaping.html(titles.0).utf8)
        let body = Array(bodies.0.utf8)
        let escapedBody = Array(Escaping.html(bodies.0).utf8)
        var pieces: [Piece] = []
        var text: [UInt8] = []
        var index = 0
        while index < shell.count {
            if starts(shell, at: index, with: escapedBody) { return nil }
            let found: (Piece, Int)? =
                starts(shell, at: index, with: title)
                ? (.title, title.count)
                : starts(shell, at: index, with: escapedTitle)
                    ? (.escapedTitle, escapedTitle.count)
                    : starts(shell, at: index, with: body) ? (.body, body.count) : nil
            if let (piece, length) = found {
                if !text.isEmpty { pieces.append(.text(text)) }
                text = []
                pieces.append(piece)
                index += length
            } else {
                text.append(shell[index])
                index += 1
            }
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        return pieces
    }

    private static func starts(_ bytes: [UInt8], at index: Int, with marker: [UInt8]) -> Bool {
        guard bytes[index] == marker[0], index + marker.count <= bytes.count else { return false }
        return bytes[index..<index + marker.count].elementsEqual(marker)
    }

    private static func fill(_ pieces: [Piece], title: String, body: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.utf8.count + 4_096)
        for piece in pieces {
            switch piece {
            case .text(let text): out += text
            case .title: out += title.utf8
            case .escapedTitle: out += Escaping.html(title).utf8
            case .body: out += body.utf8
            }
        }
        return out
    }
}

/// The build's layout shells, made on first use (by whichever thread renders a page first)
/// and shared by the copies of the build context.
final class LayoutShells: @unchecked Sendable {
    private let lock = NSLock()
    /// By the page context's constant part (the theme is the build's, fixed when the context
    /// is made); nil when the layout has no usable shell.
    private var shells: [String: LayoutShell?] = [:]

    func shell(for key: String, make: () throws -> LayoutShell?) rethrows -> LayoutShell? {
        lock.lock()
        defer { lock.unlock() }
        if let known = shells[key] { return known }
        let shell = try make()
        shells[key] = shell
        return shell
    }
}
