import Basics
import Foundation

/// How far one long step is, for people: `mean |SHAP|: 37 of 200 test rows done (4 s)` (trial20
/// #11, trial19 #13: `evaluate` printed `mean |SHAP| over 200 test rows` and then nothing for 17
/// minutes; `data inspect` profiled a 52 MB file's 41 columns for 84 s in a debug build). The
/// one throttle of `evaluate`'s permutation importance and mean |SHAP| and of profiling a file.
/// Quiet for a step that ends within `quiet` (most do: a line a second would only be noise),
/// then a line at most every `interval`, and the last one when the step ends, so that a user
/// who saw it move sees it end. Safe to advance from several threads at once.
public final class StepProgress: @unchecked Sendable {
    private let step: String
    private let total: Int
    private let unit: String
    private let report: @Sendable (String) -> Void
    private let now: @Sendable () -> UInt64
    private let start: UInt64
    private let quiet: UInt64
    private let interval: UInt64
    private let reportsEnd: Bool
    private let lock = NSLock()
    private var done = 0
    private var reported: UInt64?

    /// - Parameters:
    ///   - step: what is running, as the lines name it (`mean |SHAP|`).
    ///   - total: how many units the step has.
    ///   - unit: a unit's noun, singular (`test row`).
    ///   - quiet: seconds before the first line.
    ///   - interval: the fewest seconds between two lines (the last one excepted).
    ///   - reportsEnd: whether the step's end gets a line (when an earlier one was given); false
    ///     for a caller that says it ends in words of its own.
    ///   - now: the clock, in nanoseconds (a test's own).
    ///   - report: takes each line.
    public init(
        _ step: String, total: Int, unit: String, quiet: Double = 1, interval: Double = 2, reportsEnd: Bool = true,
        now: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds },
        report: @escaping @Sendable (String) -> Void
    ) {
        self.step = step
        self.total = total
        self.unit = unit
        self.report = report
        self.now = now
        self.start = now()
        self.quiet = UInt64(quiet * 1e9)
        self.interval = UInt64(interval * 1e9)
        self.reportsEnd = reportsEnd
    }

    /// Counts one more unit done, and gives a line when it is time.
    public func advance() {
        let line: String? = lock.withLock {
            done += 1
            let time = now()
            let elapsed = time &- start
            let last = done == total && reported != nil
            if done == total && !reportsEnd { return nil }
            guard last || (elapsed >= quiet && reported.map { time &- $0 >= interval } ?? true) else { return nil }
            reported = time
            let seconds = Double(elapsed) / 1e9
            return "\(step): \(groupedDigits(done)) of \(counted(total, unit)) done"
                + (last ? String(format: " in %.1f s", seconds) : " (\(Int(seconds)) s)")
        }
        if let line { report(line) }
    }
}
