import Dispatch

/// Runs independent jobs on several threads and keeps results in job order, so the output
/// never depends on the thread count or on scheduling.
enum Parallel {
    /// `body(0) … body(count - 1)` on up to `threads` threads; job `j` runs on worker `j % threads`.
    static func map<T>(count: Int, threads: Int, _ body: (Int) -> T) -> [T] {
        let workers = max(1, min(threads, count))
        if workers == 1 { return (0..<count).map(body) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        withoutActuallyEscaping(body) { body in
            let box = UnsafeBox(body: body, results: results)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var job = worker
                while job < count {
                    box.results[job] = box.body(job)
                    job += workers
                }
            }
        }
        return results.map { $0! }
    }

    /// The machine's core count (what training uses by default).
    static var defaultThreads: Int { System.coreCount }
}

/// Hands the job closure and result slots to the workers; each slot is written by one worker only.
private struct UnsafeBox<T>: @unchecked Sendable {
    let body: (Int) -> T
    let results: UnsafeMutableBufferPointer<T?>
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
