/// How `JSONWriter` lays out and spells a value.
///
/// Two dialects exist because files and answers written before this writer existed must keep
/// their bytes: `encoder` is what Foundation's `JSONEncoder` wrote on Linux (swift-foundation's
/// `JSONWriter`), `answer` is what predict.cgi and the card exports wrote by hand.
public struct JSONFormat: Sendable, Equatable {
    /// Spellings that differ between the dialects; everything else is the same.
    public enum Dialect: Sendable, Equatable {
        /// Foundation's `JSONEncoder`: integral doubles without `.0` (`1`, `-0`, `1e+16`), `\b`
        /// and `\f` escapes, U+2028 and U+2029 as they are, empty containers over two lines
        /// when indented. The registry, evaluation reports, training records and reports.
        case encoder
        /// Doubles as Swift prints them (`1.0`), `\u0008`-style escapes for every other control
        /// character, U+2028 and U+2029 escaped (so the text is also JavaScript), empty
        /// containers as `{}` and `[]`. predict.cgi's answers and the site's exports.
        case answer
    }

    /// Indented output: a line per member, two spaces per level and ` : ` after a key;
    /// otherwise one line with nothing between tokens.
    public var indented: Bool
    public var dialect: Dialect
    /// Writes `/` as `\/` (Foundation's default; the registry turned it off).
    public var escapesSlashes: Bool

    public init(indented: Bool, dialect: Dialect, escapesSlashes: Bool = false) {
        self.indented = indented
        self.dialect = dialect
        self.escapesSlashes = escapesSlashes
    }

    /// predict.cgi's answers and job results: one line, members in the order written.
    public static let answer = JSONFormat(indented: false, dialect: .answer)
    /// The site's exports (card.json, openapi.json): indented.
    public static let export = JSONFormat(indented: true, dialect: .answer)
    /// Files people review in git (registry definitions, reports, training records): indented.
    public static let document = JSONFormat(indented: true, dialect: .encoder)
    /// One value per line (registry events, the serving snapshot).
    public static let line = JSONFormat(indented: false, dialect: .encoder)
}
