import Basics
import Foundation
import Models
import Parallelism

extension PublishingStep {
    /// SHA256SUMS: the SHA-256 of every other file of the site, sorted by path, in the format
    /// `sha256sum -c` checks, so a copy of the site can be verified file by file.
    static let writeManifest = PublishingStep(name: "write manifest", timing: .afterEveryPage) { context in
        context.files["SHA256SUMS"] = nil
        let files = context.files.sorted(by: { $0.key < $1.key })
        let lines = Parallel.map(count: files.count) { "\(Digest.sha256(files[$0].value))  \(files[$0].key)\n" }
        context.files["SHA256SUMS"] = Data(lines.joined().utf8)
    }
}
