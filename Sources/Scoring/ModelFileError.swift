/// A model file that cannot be used, with the file and the reason.
public struct ModelFileError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// The file does not exist or cannot be opened or mapped.
        case unreadable(String)
        /// The file does not start with the model magic: it is some other kind of file.
        case notAModel
        /// A model file of a format version this build cannot read.
        case unsupportedVersion(UInt32)
        /// The file is shorter (or longer) than its header says.
        case wrongLength(expected: UInt64, actual: Int)
        /// The checksum over the body does not match: the file was altered or damaged.
        case checksumMismatch
        /// The header and sections contradict each other.
        case inconsistent(String)
        /// A model too big for the format (more than 254 fields, a numeric field of more than
        /// 65,535 edges, or a tree of over 8 million nodes).
        case unrepresentable(String)
    }

    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .unreadable(let why):
            return "\(path): cannot read the model file (\(why))"
        case .notAModel:
            return "\(path): not a modelpress model file (wrong magic bytes)"
        case .unsupportedVersion(let version):
            return
                "\(path): model file format version \(version) is not supported: this build reads versions "
                + "\(LegacyModelFile.formatVersion) to \(ModelFileLayout.formatVersion); use the modelpress that wrote it, "
                + "or train the model again with this one"
        case .wrongLength(let expected, let actual):
            return "\(path): model file is truncated or padded: header says \(expected) bytes, file has \(actual)"
        case .checksumMismatch:
            return "\(path): model file is corrupt: its checksum does not match its contents"
        case .inconsistent(let what):
            return "\(path): model file is corrupt: \(what)"
        case .unrepresentable(let what):
            return "\(path): the model cannot be written in this format: \(what)"
        }
    }
}
