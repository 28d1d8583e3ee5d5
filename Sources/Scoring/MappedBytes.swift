#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's bytes read in place, through a read-only private mapping, or bytes in memory copied
/// once into aligned storage: what a model file (`TreeModel`) and a large data file (`CSVTable`)
/// are read from.
///
/// A mapped file's pages are the kernel's page cache: they count in the process's resident
/// memory once touched, until `release(_:)` gives them back. The file must not shrink while it
/// is mapped (a read past its new end stops the process with SIGBUS, as with any mapping).
package final class MappedBytes: @unchecked Sendable {
    package let base: UnsafeRawPointer
    package let count: Int
    private let mapped: Bool
    /// The mapped file, open while it is mapped, and its size and modification time then.
    private let descriptor: Int32
    private let modified: timespec

    /// Why a file could not be mapped.
    package enum Failure: Error, Equatable {
        /// The file could not be opened or mapped: the system's reason (`strerror`).
        case unreadable(String)
        /// The file is empty (no mapping has zero bytes).
        case empty
    }

    /// Maps the file at `path` read-only. `readingEveryPage` says the caller will read the whole
    /// file at once (a checksum): then every page is faulted in with the mapping, in one call;
    /// else a page is mapped when first touched, so a one-row prediction maps the pages its
    /// trees' paths visit, not the whole file. Measured on income_classifier's prepared 2.9 MB
    /// model file, map, 2,100 reads along 100 trees, unmap: 83–93 µs with every page faulted in,
    /// 37–40 µs without.
    /// - Throws: `Failure.unreadable` when the file cannot be opened or mapped, or is not a
    ///   regular file; `Failure.empty` when it has no bytes.
    package init(mapping path: String, readingEveryPage: Bool) throws(Failure) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
        var info = stat()
        func fail(_ failure: Failure) -> Failure {
            close(descriptor)
            return failure
        }
        guard fstat(descriptor, &info) == 0 else { throw fail(.unreadable(String(cString: strerror(errno)))) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw fail(.unreadable("not a regular file")) }
        count = Int(info.st_size)
        guard count > 0 else { throw fail(.empty) }
        #if os(Linux)
            let flags = MAP_PRIVATE | (readingEveryPage ? MAP_POPULATE : 0)
        #else
            let flags = MAP_PRIVATE
        #endif
        guard let address = mmap(nil, count, PROT_READ, flags, descriptor, 0), address != MAP_FAILED else {
            throw fail(.unreadable(String(cString: strerror(errno))))
        }
        base = UnsafeRawPointer(address)
        mapped = true
        self.descriptor = descriptor
        modified = info.st_mtim
        MappedFiles.add(base, count: count, path: path)
    }

    package init(copying bytes: [UInt8]) {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { source in
            if let from = source.baseAddress { memory.copyMemory(from: from, byteCount: source.count) }
        }
        base = UnsafeRawPointer(memory)
        count = bytes.count
        mapped = false
        descriptor = -1
        modified = timespec()
    }

    /// Whether a mapped file still has the size and modification time it had when mapped: a
    /// mapping shows what the file holds now, so a file written while it is read can show one
    /// pass other bytes than another. Always true for copied bytes.
    package var isUnchanged: Bool {
        guard mapped else { return true }
        var info = stat()
        return fstat(descriptor, &info) == 0 && Int(info.st_size) == count && info.st_mtim.tv_sec == modified.tv_sec
            && info.st_mtim.tv_nsec == modified.tv_nsec
    }

    /// Gives back the mapped pages that lie wholly inside `range` (byte offsets): they leave the
    /// resident memory, and a later read of them maps them again from the page cache
    /// (`madvise(MADV_DONTNEED)`, which for a private mapping never written drops nothing but
    /// the mapping). Copied bytes stay.
    package func release(_ range: Range<Int>) {
        guard mapped else { return }
        let page = Self.pageSize
        let start = (range.lowerBound + page - 1) / page * page
        let end = min(range.upperBound, count) / page * page
        guard start < end else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base) + start, end - start, MADV_DONTNEED)
    }

    private static let pageSize = max(4_096, Int(sysconf(Int32(_SC_PAGESIZE))))

    deinit {
        if mapped {
            MappedFiles.remove(base)
            munmap(UnsafeMutableRawPointer(mutating: base), count)
            close(descriptor)
        } else {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }
}
