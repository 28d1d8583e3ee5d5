import Foundation
import Testing

@testable import Serving

/// How a request-log connection waits for another process's write lock (issue 18: SQLite's own
/// busy timeout slept up to 100 ms at a time while the lock was free for most of it).
@Suite struct LockWaitTests {
    @Test func thePausesGrowFromATenthOfAMillisecondAndEndAtTheTimeout() {
        #expect((0..<6).map { LockWait.delay(afterTries: $0) } == [100, 200, 400, 800, 1_000, 1_000])
        #expect(LockWait.delay(afterTries: 23) == 1_000 && LockWait.delay(afterTries: 24) == 5_000)
        for tries in 0..<60 {
            let sum = (0..<tries).reduce(0) { $0 + LockWait.delay(afterTries: $1) }
            #expect(LockWait.slept(tries: tries) == sum, "after \(tries) pauses")
        }
        // 100 + 200 + 400 = 700 µs slept after three pauses: a 1 ms timeout leaves 300 µs.
        #expect(LockWait.pause(tries: 3, timeoutMicroseconds: 1_000) == 300)
        #expect(LockWait.pause(tries: 4, timeoutMicroseconds: 1_000) == nil)
        #expect(LockWait.pause(tries: 0, timeoutMicroseconds: 0) == nil)
        // A 10 s timeout is reached after 4 + 20 + 1,996 pauses (21.5 ms, then 5 ms each).
        #expect(LockWait.slept(tries: 2_020) >= 10_000_000 && LockWait.slept(tries: 2_019) < 10_000_000)
    }

    func withDatabase(_ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lockwait-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("log.sqlite").path
        let setup = try DirectConnection(path: path)
        try setup.execute("PRAGMA journal_mode = WAL")
        try setup.execute("CREATE TABLE t (x INTEGER)")
        try body(path)
    }

    /// A connection that finds the write lock held waits for it, and takes it once it is free.
    @Test func aWriteWaitsForTheLockAndTakesItWhenFreed() throws {
        try withDatabase { path in
            nonisolated(unsafe) let holder = try DirectConnection(path: path)
            try holder.execute("BEGIN IMMEDIATE")
            let waiter = try DirectConnection(path: path)
            waiter.setBusyTimeout(milliseconds: 10_000)
            let released = Thread {
                usleep(100_000)
                try? holder.execute("COMMIT")
            }
            released.start()
            let started = Date()
            try waiter.execute("BEGIN IMMEDIATE; INSERT INTO t VALUES (1); COMMIT")
            #expect(Date().timeIntervalSince(started) >= 0.09, "it took the lock only after the holder let it go")
            #expect(try waiter.value("SELECT count(*) FROM t") == .integer(1))
        }
    }

    /// Once the timeout has been slept the write fails with SQLITE_BUSY; without one at once.
    @Test func aWriteGivesUpAfterTheTimeout() throws {
        try withDatabase { path in
            let holder = try DirectConnection(path: path)
            try holder.execute("BEGIN IMMEDIATE")
            let waiter = try DirectConnection(path: path)
            waiter.setBusyTimeout(milliseconds: 300)
            let started = Date()
            let error = try #require(throws: SQLiteError.self) { try waiter.execute("BEGIN IMMEDIATE") }
            #expect(error.code == 5, "SQLITE_BUSY: \(error.message)")
            #expect(Date().timeIntervalSince(started) >= 0.3)
            waiter.setBusyTimeout(milliseconds: 0)
            let again = try #require(throws: SQLiteError.self) { try waiter.execute("BEGIN IMMEDIATE") }
            #expect(again.code == 5)
        }
    }
}
