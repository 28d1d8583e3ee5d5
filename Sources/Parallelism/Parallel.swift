import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs independent jobs on several threads and keeps results in job order, so the output
/// never depends on the thread count or on scheduling.
public enum Parallel {
    /// `body(0) … body(count - 1)` on up to `threads` threads, results in job order. Workers
    /// take the next job as they finish one (so a core busy with another process slows only its
    /// own jobs); each result lands in its job's slot. Every job runs even when one throws; the
    /// error of the first failed job in job order is then rethrown.
    /// - Throws: `E`, the first error in job order.
    public static func map<T, E: Error>(
        count: Int, threads: Int = defaultThreads, _ body: (Int) throws(E) -> T
    ) throws(E) -> [T] {
        let workers = max(1, min(threads, count))
        if workers == 1 { return try (0..<count).map { index throws(E) in try body(index) } }
        let results = UnsafeMutableBufferPointer<Result<T, E>?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        withoutActuallyEscaping(body) { body in
            let box = UnsafeBox(body: body, results: results, next: JobCounter())
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let job = box.next.take(below: count) {
                    box.results[job] = Result { () throws(E) in try box.body(job) }
                }
            }
        }
        var values: [T] = []
        values.reserveCapacity(count)
        for result in results { values.append(try result!.get()) }
        return values
    }

    /// The machine's online core count (what training and the site build use by default).
    public static let defaultThreads: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}

/// Hands the job closure and result slots to the workers; each slot is written by one worker only.
private struct UnsafeBox<T, E: Error>: @unchecked Sendable {
    let body: (Int) throws(E) -> T
    let results: UnsafeMutableBufferPointer<Result<T, E>?>
    let next: JobCounter
}

/// Hands out job indices 0, 1, 2, … to whichever worker asks first.
private final class JobCounter: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var value = 0

    init() {
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func take(below count: Int) -> Int? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard value < count else { return nil }
        value += 1
        return value - 1
    }
}

extension Parallel {
    /// `body()` on the calling thread while `besides()` runs on a thread of its own; both results
    /// once both are done. `besides` gets a thread outside the dispatch pool: a `map` inside
    /// `body` still spreads over every core, where inside another `map` job it would run on one
    /// (libdispatch narrows a nested apply to the width left to it).
    /// - Throws: `E`, what `body` throws (after `besides` has finished).
    public static func together<A, B, E: Error>(
        _ body: () throws(E) -> A, besides: () -> B
    ) throws(E) -> (A, B) {
        try withoutActuallyEscaping(besides) { besides throws(E) in
            let beside = Beside(besides)
            let result = Result { () throws(E) in try body() }
            let besideResult = beside.wait()
            return (try result.get(), besideResult)
        }
    }

    /// A job started on a thread of its own (outside the dispatch pool, as `together`'s
    /// `besides`) whose result is waited for later, so that the caller's work runs beside it.
    /// Not `Sendable`: the thread that started it waits for it.
    public final class Beside<B> {
        private let job: BesideJob<B>
        private var thread = pthread_t()
        private var joined = false

        /// Starts `body`; runs it on the calling thread, before returning, when no thread can be made.
        public init(_ body: @escaping () -> B) {
            job = BesideJob(body)
            joined =
                pthread_create(
                    &thread, nil,
                    { context in
                        let job = Unmanaged<AnyBesideJob>.fromOpaque(context!).takeUnretainedValue()
                        job.run()
                        return nil
                    }, Unmanaged.passUnretained(job as AnyBesideJob).toOpaque()) != 0
            if joined { job.run() }
        }

        /// The job's result, once it has finished (the first call waits for it).
        public func wait() -> B {
            if !joined {
                pthread_join(thread, nil)
                joined = true
            }
            return job.result!
        }

        deinit {
            if !joined { pthread_join(thread, nil) }
        }
    }
}

/// A job `Parallel.Beside` runs on its own thread; the result is read after the thread is joined.
private class AnyBesideJob: @unchecked Sendable {
    func run() {}
}

private final class BesideJob<B>: AnyBesideJob, @unchecked Sendable {
    let body: () -> B
    var result: B?

    init(_ body: @escaping () -> B) {
        self.body = body
    }

    override func run() {
        result = body()
    }
}
