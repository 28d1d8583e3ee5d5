import Models

/// How scored rows are written, by a batch job's result files and by `modelpress predict`:
/// CSV records (RFC 4180 quoting, LF line ends) and a JSON array with one object per line.
public enum ResultEncoding {
    /// One CSV record, ending in a line feed.
    public static func csvLine(_ cells: [String]) -> String {
        cells.map(CSVTable.escape).joined(separator: ",") + "\n"
    }

    /// What opens the JSON array.
    public static let jsonStart = "["

    /// What goes before the JSON object of row `index` (0-based): each object on its own line.
    public static func jsonSeparator(before index: Int) -> String {
        index == 0 ? "\n" : ",\n"
    }

    /// What closes the JSON array.
    public static let jsonEnd = "\n]\n"
}
