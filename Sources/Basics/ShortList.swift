/// A list of values for a message: all of them when they are few, else the first few and how
/// many there are, so that no message lists hundreds of categories on one line.
public enum ShortList {
    /// The most values a message lists.
    public static let shown = 10

    /// `items` joined with `, `; when there are more than `limit`, the first `limit` and
    /// `… (N in all)`: `a, b, c`, or the first ten and `… (657 in all)`.
    public static func text(_ items: [String], limit: Int = shown) -> String {
        guard items.count > limit else { return items.joined(separator: ", ") }
        return items.prefix(limit).joined(separator: ", ") + ", … (\(items.count) in all)"
    }
}
