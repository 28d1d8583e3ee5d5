import Crypto
import Foundation
import Scoring

/// SHA-256 digests (FIPS 180-4, by swift-crypto) in lower-case hex: what the registry, the
/// data checks, the site manifest and the request log's feedback tokens record.
public enum Digest {
    /// The SHA-256 of a file's bytes, read 1 MiB at a time.
    /// - Returns: 64 lower-case hex digits.
    /// - Throws: `DataFileError.unreadable(_:)` when the file cannot be opened; a read
    ///   error after that as `FileHandle` throws it.
    public static func sha256(ofFile file: URL) throws -> String {
        guard let handle = try? FileHandle(forReadingFrom: file) else {
            throw DataFileError.unreadable(file.path)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return hex(hasher.finalize())
    }

    /// The SHA-256 of `bytes`.
    /// - Returns: 64 lower-case hex digits.
    public static func sha256(_ bytes: some DataProtocol) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// The SHA-256 of a mapped file's bytes, read `releaseBytes` at a time, each part's pages
    /// given back once hashed (`MappedBytes.release(_:)`), so that hashing a large file does
    /// not make it resident whole.
    /// - Returns: 64 lower-case hex digits.
    static func sha256(releasing bytes: MappedBytes) -> String {
        var hasher = SHA256()
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + CSVTable.releaseBytes)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: bytes.base + offset, count: end - offset))
            bytes.release(offset..<end)
            offset = end
        }
        return hex(hasher.finalize())
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(2 * SHA256.byteCount)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
