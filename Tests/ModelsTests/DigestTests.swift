import Foundation
import Models
import Testing

@Suite struct DigestTests {
    /// FIPS 180-4's "abc" example.
    @Test func knownVector() {
        #expect(Digest.sha256(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Digest.sha256([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func fileAndBytesAgree() throws {
        let bytes = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString).bin")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try Digest.sha256(ofFile: file) == Digest.sha256(bytes))
    }

    @Test func missingFileIsNamed() {
        #expect(throws: DataFileError.self) {
            try Digest.sha256(ofFile: URL(fileURLWithPath: "/nonexistent/file.bin"))
        }
    }
}
