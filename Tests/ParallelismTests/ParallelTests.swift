import Dispatch
import Testing

@testable import Parallelism

@Suite struct ParallelTests {
    struct Failure: Error, Equatable {
        var job: Int
    }

    @Test(arguments: [1, 2, 7])
    func resultsKeepJobOrder(threads: Int) {
        #expect(Parallel.map(count: 100, threads: threads) { $0 * $0 } == (0..<100).map { $0 * $0 })
        #expect(Parallel.map(count: 0, threads: threads) { $0 }.isEmpty)
    }

    @Test(arguments: [1, 4])
    func firstErrorInJobOrderIsRethrown(threads: Int) {
        #expect(throws: Failure(job: 3)) {
            try Parallel.map(count: 50, threads: threads) { (job: Int) throws(Failure) -> Int in
                if job == 3 || job == 40 { throw Failure(job: job) }
                return job
            }
        }
    }

    /// `besides` runs at the same time as `body`: each waits for the other to have started
    /// (a run one after the other would time out in one of them).
    @Test func togetherRunsBothAtOnce() {
        let bodyStarted = DispatchSemaphore(value: 0), besidesStarted = DispatchSemaphore(value: 0)
        let (sawBesides, sawBody) = Parallel.together {
            bodyStarted.signal()
            return besidesStarted.wait(timeout: .now() + 10) == .success
        } besides: {
            besidesStarted.signal()
            return bodyStarted.wait(timeout: .now() + 10) == .success
        }
        #expect(sawBesides && sawBody)
    }

    @Test func togetherRethrowsTheBodysErrorOnceBesidesHasFinished() {
        let finished = DispatchSemaphore(value: 0)
        #expect(throws: Failure(job: 1)) {
            _ = try Parallel.together { () throws(Failure) -> Int in
                throw Failure(job: 1)
            } besides: {
                finished.signal()
            }
        }
        #expect(finished.wait(timeout: .now()) == .success)
    }

    /// A `Beside` job runs while its starter goes on (each waits for the other to have
    /// started), gives its result to every `wait()`, and is waited for when let go unwaited.
    @Test func besideRunsWhileItsStarterGoesOn() {
        let starterWent = DispatchSemaphore(value: 0), jobStarted = DispatchSemaphore(value: 0)
        let beside = Parallel.Beside {
            jobStarted.signal()
            return starterWent.wait(timeout: .now() + 10) == .success
        }
        starterWent.signal()
        #expect(jobStarted.wait(timeout: .now() + 10) == .success)
        #expect(beside.wait() && beside.wait())
        let finished = DispatchSemaphore(value: 0)
        do {
            _ = Parallel.Beside {
                _ = DispatchSemaphore(value: 0).wait(timeout: .now() + 0.05)
                finished.signal()
            }
        }
        #expect(finished.wait(timeout: .now()) == .success)
    }

    /// The arrays are the buffers the body filled, in order, whichever thread wrote them.
    @Test(arguments: [0, 1, 5])
    func arraysAreTheBuffersTheBodyFilled(count: Int) {
        for length in [0, 1, 10_000] {
            let arrays: [[Int]] = Parallel.arrays(count: count, length: length) { buffers in
                #expect(buffers.count == count && buffers.allSatisfy { $0.count == length })
                _ = Parallel.map(count: count * 4, threads: 2) { job in
                    let (array, quarter) = (job / 4, job % 4)
                    for index in stride(from: quarter, to: length, by: 4) {
                        buffers[array][index] = array * length + index
                    }
                }
            }
            #expect(arrays == (0..<count).map { array in (0..<length).map { array * length + $0 } })
        }
    }
}
