import Basics
import Foundation
import Snapshot

extension Registry {
    /// Moves the single-file log (`events.jsonl`) to one file per event (`events/`): each event
    /// keeps its number as its id (`"7"`) and as its tick, so the derived order, the site's
    /// anchors and Atom ids and `history --at` stay what they were. Then removes events.jsonl
    /// and rewrites serving.json. Commit the result as its own commit.
    /// - Returns: the number of events moved; 0 when there is no single-file log.
    /// - Throws: `RegistryError` when the log has problems (fix them first) or a file cannot be
    ///   written.
    @discardableResult
    public func migrate() throws(RegistryError) -> Int {
        let lock = try FileLock(file: lockFile)
        defer { lock.unlock() }
        let files = try readFiles()
        guard files.singleFileLog else { return 0 }
        let (state, problems) = files.fold()
        guard problems.isEmpty else { throw RegistryError(reason: .inconsistent(problems)) }
        let moved = files.entries.filter { $0.line != nil }
        for entry in moved { try writeEventFile(entry.event) }
        // Read back before the old file goes: the new layout must fold to the same state.
        var check = try readFiles()
        check.entries.removeAll { $0.line != nil }
        check.singleFileLog = false
        let (migrated, after) = check.fold()
        guard after.isEmpty, migrated == state else {
            throw RegistryError(
                file: display(.events),
                reason: .writeFailed("the migrated events do not fold to the same registry; events.jsonl was kept"))
        }
        do {
            try FileManager.default.removeItem(at: singleFileLog)
        } catch {
            throw RegistryError(file: display(.singleFileLog), reason: .writeFailed("cannot remove it: \(error)"))
        }
        AtomicFile.syncFolder(folder)
        try AtomicFile.write(servingSnapshot(of: state).encoded(), to: servingFile)
        return moved.count
    }
}
