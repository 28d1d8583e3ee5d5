import Foundation
import JSONWriting
import Snapshot

/// The snapshot as the registry writes and checks it (Snapshot itself links no Foundation:
/// predict.cgi reads it).
extension ServingSnapshot {
    /// The file's bytes: compact JSON with sorted keys and a final newline (deterministic).
    public func encoded() -> Data {
        var data = Data((try? JSONWriter.encode(self, .line)) ?? [])
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Reads a snapshot file.
    /// - Throws: `ReadError` naming the file: it is missing or unreadable, or not the JSON it should be.
    public static func read(from url: URL) throws(ServingSnapshot.ReadError) -> ServingSnapshot {
        try read(path: url.path)
    }
}
