import Dispatch
import Foundation

/// Runs independent jobs on several threads and keeps results in job order, so the output
/// never depends on the thread count or on scheduling.
public enum Parallel {
    /// `body(0) … body(count - 1)` on up to `threads` threads. Workers take the next job as
    /// they finish one (so a core busy with another process slows only its own jobs); each
    /// result lands in its job's slot, so the order of results never depends on scheduling.
    public static func map<T>(count: Int, threads: Int = defaultThreads, _ body: (Int) -> T) -> [T] {
        let workers = max(1, min(threads, count))
        if workers == 1 { return (0..<count).map(body) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        withoutActuallyEscaping(body) { body in
            let box = UnsafeBox(body: body, results: results, next: JobCounter())
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let job = box.next.take(below: count) {
                    box.results[job] = box.body(job)
                }
            }
        }
        return results.map { $0! }
    }

    /// The machine's core count (what training uses by default).
    public static var defaultThreads: Int { System.coreCount }
}

/// Hands the job closure and result slots to the workers; each slot is written by one worker only.
private struct UnsafeBox<T>: @unchecked Sendable {
    let body: (Int) -> T
    let results: UnsafeMutableBufferPointer<T?>
    let next: JobCounter
}

/// Hands out job indices 0, 1, 2, … to whichever worker asks first.
private final class JobCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < count else { return nil }
        value += 1
        return value - 1
    }
}

private enum System {
    static let coreCount: Int = {
        #if canImport(Glibc) || canImport(Darwin)
            return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
            return 1
        #endif
    }()
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
