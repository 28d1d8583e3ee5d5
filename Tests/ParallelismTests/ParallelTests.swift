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
}
