import Basics
import Foundation

extension TrainingRecord {
    /// A sentence per data file of the record whose folder's SHA256SUMS lists another SHA-256
    /// than the record while the file itself has the record's: the version is checked against
    /// the record (`DataTable`), so the file is right and the sums line is what to fix (trial25
    /// #1: after `sha256sum small.csv > SHA256SUMS` and `git checkout -- small.csv`, the restored
    /// file was called "altered"). None when the sums agree, list no such file or cannot be read,
    /// or when the file differs from the record too (that is the file's fault, reported as such).
    /// - Parameter root: the folder the record's paths are relative to (the repository root).
    public func sumsNotes(root: URL) -> [String] {
        let files = [trainingData] + (testData.path == trainingData.path ? [] : [testData])
        return files.compactMap { file in
            let url =
                file.path.hasPrefix("/") ? URL(fileURLWithPath: file.path) : root.appendingPathComponent(file.path)
            let folder = url.deletingLastPathComponent()
            guard let sums = try? Checksums(folder: folder), let listed = sums.expected[url.lastPathComponent],
                listed != file.sha256, (try? Digest.sha256(ofFile: url)) == file.sha256
            else { return nil }
            let name = url.lastPathComponent
            return "\(sums.source.path) lists \(listed) for \(name), but the file and training.json have "
                + "\(file.sha256): the file is the one this version was trained on, and SHA256SUMS is what to fix; "
                + "restore it (`git checkout -- SHA256SUMS` in \(folder.path)), or, if a new data file was meant, "
                + "give it a new name (`modelpress train` refuses \(name) while its line disagrees)"
        }
    }
}
