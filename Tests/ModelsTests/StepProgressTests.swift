import Foundation
import Testing

@testable import Models

/// How far a long step of `evaluate` or `data inspect` is (trial20 #11): nothing for a step of under a second,
/// then a line at most every two seconds, and the last when the step ends.
@Suite struct StepProgressTests {
    /// A clock a test moves, and the lines a step gave.
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var time: UInt64 = 0
        private var said: [String] = []
        var now: UInt64 { lock.withLock { time } }
        var lines: [String] { lock.withLock { said } }
        func move(seconds: Double) { lock.withLock { time += UInt64(seconds * 1e9) } }
        func say(_ line: String) { lock.withLock { said.append(line) } }
    }

    /// The lines of a step of `total` units that take `seconds` each.
    func lines(_ step: String, total: Int, unit: String, seconds: Double, reportsEnd: Bool = true) -> [String] {
        let recorder = Recorder()
        let progress = StepProgress(
            step, total: total, unit: unit, reportsEnd: reportsEnd, now: { recorder.now },
            report: { recorder.say($0) })
        for _ in 0..<total {
            recorder.move(seconds: seconds)
            progress.advance()
        }
        return recorder.lines
    }

    @Test func aShortStepSaysNothing() {
        #expect(lines("mean |SHAP|", total: 200, unit: "test row", seconds: 0.004).isEmpty)
    }

    @Test func aLongStepSaysHowFarItIsAtMostEveryTwoSecondsAndWhenItEnds() {
        #expect(
            lines("mean |SHAP|", total: 10, unit: "test row", seconds: 0.7) == [
                "mean |SHAP|: 2 of 10 test rows done (1 s)", "mean |SHAP|: 5 of 10 test rows done (3 s)",
                "mean |SHAP|: 8 of 10 test rows done (5 s)", "mean |SHAP|: 10 of 10 test rows done in 7.0 s",
            ])
    }

    /// A caller that says the end in its own words (`profiled 41 columns in …`) gets no end line.
    @Test func theEndLineMayBeLeftToTheCaller() {
        #expect(
            lines("profiling", total: 4, unit: "column", seconds: 1.5, reportsEnd: false) == [
                "profiling: 1 of 4 columns done (1 s)", "profiling: 3 of 4 columns done (4 s)",
            ])
    }

    /// Rows explained on several threads are counted once each, and the count ends at the total.
    @Test func threadsAdvanceTogether() {
        let recorder = Recorder()
        let progress = StepProgress(
            "permutation importance", total: 1000, unit: "feature", quiet: 0, interval: 1e9, now: { recorder.now },
            report: { recorder.say($0) })
        DispatchQueue.concurrentPerform(iterations: 1000) { _ in progress.advance() }
        let lines = recorder.lines
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.contains("permutation importance: 1 of 1,000 features done (0 s)"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("permutation importance: 1,000 of 1,000 features done in ") }, "\(lines)")
    }
}
