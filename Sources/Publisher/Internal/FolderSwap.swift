import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Puts a finished folder in the place of another in one step, so that a reader (a web
/// server, a person, a process killed half-way through a publish) finds the old folder or the
/// new one there, never none: Linux's `renameat2(RENAME_EXCHANGE)` (since Linux 3.15; ext4,
/// xfs, btrfs, tmpfs) and macOS's `renamex_np(RENAME_SWAP)` exchange the two names atomically.
///
/// Where the file system refuses an exchange (some network and FUSE file systems, kernels
/// before 3.15, a C library without `renameat2`) it falls back to two renames: the old folder
/// aside, the new one in. Between those two renames the place is empty for a moment, and a
/// process killed exactly there leaves the new site in `.<name>.new` and the old one in
/// `.<name>.old`; the next publish starts from scratch either way.
enum FolderSwap {
    /// How the new folder got its place.
    enum Method: Equatable {
        /// Nothing was there: one rename.
        case renamed
        /// The two names were exchanged in one step.
        case exchanged
        /// The file system refused an exchange: two renames, with a moment without the folder.
        case twoRenames
    }

    /// Puts `new` at `place`, removing what was there.
    /// - Parameters:
    ///   - aside: where the old folder goes for the fallback's two renames.
    ///   - exchanging: false goes straight to the fallback (tests use it to see it).
    ///   - afterStep: called after every step that changes the folders, with the step's name
    ///     (tests look at the folders there, as a process killed at that moment leaves them).
    /// - Returns: how it was done.
    /// - Throws: `CocoaError` or `POSIXError` when a rename or the removal fails.
    @discardableResult
    static func replace(
        _ place: URL, with new: URL, aside: URL, exchanging: Bool = true, afterStep: (String) -> Void = { _ in }
    ) throws -> Method {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: place.path) else {
            try fileManager.moveItem(at: new, to: place)
            afterStep("renamed")
            return .renamed
        }
        if exchanging, exchange(new.path, place.path) {
            afterStep("exchanged")
            // `new` now names the old folder; a leftover is removed by the next publish.
            try? fileManager.removeItem(at: new)
            afterStep("removed the old folder")
            return .exchanged
        }
        try? fileManager.removeItem(at: aside)
        try fileManager.moveItem(at: place, to: aside)
        afterStep("moved the old folder aside")
        try fileManager.moveItem(at: new, to: place)
        afterStep("moved the new folder in")
        try? fileManager.removeItem(at: aside)
        afterStep("removed the old folder")
        return .twoRenames
    }

    /// Exchanges the two names atomically; false when the system cannot.
    private static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
            // glibc declares renameat2 only for _GNU_SOURCE, which Swift's Glibc module does not
            // set: look it up (also absent before glibc 2.28, and then refused like ENOSYS).
            typealias RenameAt2 =
                @convention(c) (
                    Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32
                ) -> Int32
            guard let symbol = dlsym(nil, "renameat2") else { return false }
            let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
            let renameExchange: UInt32 = 1 << 1  // RENAME_EXCHANGE, linux/fs.h
            return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
        #elseif canImport(Darwin)
            return renamex_np(a, b, UInt32(RENAME_SWAP)) == 0
        #else
            return false
        #endif
    }
}
