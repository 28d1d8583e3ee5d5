import Scoring

/// `application/x-www-form-urlencoded` bodies and query strings (the WHATWG URL standard's
/// parsing: `&`-separated `name=value`, `+` for space, `%XX` bytes, decoded as UTF-8).
public enum FormDecoding {
    /// The pairs of `text` in order; a repeated name keeps every value, a name without `=` has
    /// the value "".
    public static func pairs(_ text: String) -> [(name: String, value: String)] {
        parameters(text).map { ($0.name, $0.value ?? "") }
    }

    /// The pairs of `text` in order, a name written without `=` (`?explain`) with a nil value.
    package static func parameters(_ text: String) -> [(name: String, value: String?)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(pieces[0]), pieces.count > 1 ? decode(pieces[1]) : nil)
        }
    }

    /// How predict.cgi reads a yes-or-no parameter (`explain`, `skip_invalid`; in the query, the
    /// prediction form and the upload form): one of `flagWords`, in any case; empty means not
    /// given (false); a query's name alone (`?explain`) means true. openapi.json lists the words.
    public static let flagWords = (yes: ["true", "1", "yes", "on"], no: ["false", "0", "no", "off"])

    /// The query parameters that are flags (`RouteQuery`'s others take a value).
    public static let flagNames = ["explain", "skip_invalid"]

    /// `value`, given for `name`, as a yes-or-no flag (`flagWords`); nil (the name alone) is true.
    /// - Throws: `ServingError` 400 naming `name` and the accepted words for any other value.
    package static func flag(_ name: String, _ value: String?) throws(ServingError) -> Bool {
        guard let value else { return true }
        let word = value.lowercased()
        if word.isEmpty || flagWords.no.contains(word) { return false }
        if flagWords.yes.contains(word) { return true }
        let accepted =
            "true or false (also \(flagWords.yes.dropFirst().joined(separator: ", ")) or "
            + "\(flagWords.no.dropFirst().joined(separator: ", ")), in any case)"
        throw ServingError(
            .badRequest, "\(name) must be \(accepted), got \(CategoryName.cited(value))",
            errors: [.init(field: name, message: "must be \(accepted)")])
    }

    /// The one value of `name` among `parameters` (nil when it is not given; `.some(nil)` for
    /// the name alone).
    /// - Throws: `ServingError` 400 naming `name` when it is given more than once, as a JSON
    ///   body with a repeated key is refused: which one was meant cannot be told.
    package static func single(
        _ name: String, in parameters: [(name: String, value: String?)], what: String = "query parameter"
    ) throws(ServingError) -> String?? {
        let values = parameters.filter { $0.name == name }.map(\.value)
        guard values.count <= 1 else {
            let shown = values.map { $0.map { "\(CategoryName.cited($0))" } ?? "(no value)" }.joined(separator: ", ")
            throw ServingError(
                .badRequest, "the \(what) \(name) is given \(values.count) times (\(shown)); give it once",
                errors: [.init(field: name, message: "is given \(values.count) times; give it once")])
        }
        return values.first
    }

    /// Percent-decodes one component; malformed escapes are kept as written.
    /// - Parameter plusIsSpace: `+` means a space, as in forms and query strings; in a URL's path
    ///   it is itself.
    package static func decode(_ text: Substring, plusIsSpace: Bool = true) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            switch byte {
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                if iterator.count >= 2, let high = hexValue(iterator[iterator.startIndex]),
                    let low = hexValue(iterator[iterator.startIndex + 1])
                {
                    bytes.append(high << 4 | low)
                    iterator = iterator.dropFirst(2)
                } else {
                    bytes.append(byte)
                }
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
