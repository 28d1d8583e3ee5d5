import Foundation

extension TreeModel {
    /// Maps the model file at `url`.
    /// - Throws: `ModelFileError` when the file is unreadable, not a model file, of another
    ///   format version, truncated, corrupt or inconsistent.
    /// - Complexity: O(file size) for the checksum and structure checks (no allocation per node).
    public convenience init(contentsOf url: URL) throws {
        try self.init(path: url.path)
    }
}
