/// Why a version's reference distribution cannot be had: its file is missing, damaged or newer
/// than this modelpress, or it cannot be made again from the version's declared data.
public struct DriftError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// The file is not there or cannot be read.
        case missing
        /// The file is not a reference distribution; the detail says where it fails.
        case malformed(String)
        /// The file was written by a newer modelpress.
        case unsupportedSchema(found: Int, supported: Int)
        /// Neither the file nor the data to make it again are there; the detail says why.
        case unavailable(String)
    }

    public var reason: Reason
    /// The file concerned.
    public var file: String

    public init(_ reason: Reason, file: String) {
        self.reason = reason
        self.file = file
    }

    public var description: String {
        switch reason {
        case .missing:
            return "\(file): no reference distribution (versions trained or imported by this modelpress write one)"
        case .malformed(let detail):
            return "\(file): not a valid reference distribution (\(detail)); train or import the version again"
        case .unsupportedSchema(let found, let supported):
            return "\(file): schema_version \(found) is newer than the supported \(supported); upgrade modelpress"
        case .unavailable(let detail):
            return "\(file) is missing and cannot be made again: \(detail)"
        }
    }
}
