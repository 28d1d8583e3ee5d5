#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files mapped now (`MappedBytes(mapping:readingEveryPage:)`) and where, so that a handler
/// of SIGBUS, the signal a read past the end of a mapped file that shrank raises, can name the
/// file the faulting address lies in (`path(containing:)`; trial36 #4: "a data or model file
/// shrank" did not say which, with a training file, a test file and a model mapped at once).
///
/// A fixed table of slots in memory allocated once, written under a pthread mutex (Scoring links
/// no Foundation) and read by the handler without it: a handler may not take a lock, and aligned
/// word reads cannot tear. A mapping the table has no room for goes unnamed. Only a process that
/// installs such a handler keeps the table (`prepare()`): predict.cgi maps its model on every
/// request and has no use for it.
package enum MappedFiles {
    private struct Slot {
        var start: UInt
        var end: UInt
        var path: UnsafeMutablePointer<CChar>?
    }

    private static let capacity = 64

    /// Whether mappings are noted: set once by `prepare()`, before any file is mapped.
    nonisolated(unsafe) private static var isKept = false

    nonisolated(unsafe) private static let slots: UnsafeMutablePointer<Slot> = {
        let slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        slots.initialize(repeating: Slot(start: 0, end: 0, path: nil), count: capacity)
        return slots
    }()

    nonisolated(unsafe) private static let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        return lock
    }()

    /// Makes the table before any signal handler may read it: the handler must not be the first
    /// to touch a lazily made global (its initialisation takes a lock).
    package static func prepare() {
        _ = slots
        _ = lock
        isKept = true
    }

    /// Notes that `count` bytes from `base` map the file at `path`.
    static func add(_ base: UnsafeRawPointer, count: Int, path: String) {
        guard isKept else { return }
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        for index in 0..<capacity where slots[index].path == nil {
            slots[index].end = 0
            slots[index].path = strdup(path)
            slots[index].start = UInt(bitPattern: base)
            slots[index].end = UInt(bitPattern: base) + UInt(count)
            return
        }
    }

    /// Forgets the mapping at `base`, before it is unmapped.
    static func remove(_ base: UnsafeRawPointer) {
        guard isKept else { return }
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        for index in 0..<capacity where slots[index].path != nil && slots[index].start == UInt(bitPattern: base) {
            // The range first, so that a handler reading meanwhile finds no path to print.
            slots[index].end = 0
            let path = slots[index].path
            slots[index].path = nil
            free(path)
            return
        }
    }

    /// The path of the mapped file whose pages hold `address`, or nil. Safe in a signal handler:
    /// it reads the table and calls nothing.
    package static func path(containing address: UInt) -> UnsafePointer<CChar>? {
        guard isKept else { return nil }
        for index in 0..<capacity {
            let slot = slots[index]
            if slot.start <= address && address < slot.end, let path = slot.path { return UnsafePointer(path) }
        }
        return nil
    }
}
