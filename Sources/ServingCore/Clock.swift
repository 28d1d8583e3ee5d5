import Basics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the request path's times come from: the wall clock, written by `Timestamp`, and a
/// monotonic clock for latencies.
public enum Clock {
    /// Now, in UTC, as ISO 8601 with milliseconds (`2026-11-22T03:00:00.123Z`).
    public static func utcTimestamp() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(secondsSince1970: Int64(spec.tv_sec)).formatted(milliseconds: Int(spec.tv_nsec / 1_000_000))
    }

    /// Microseconds on a clock that never goes back, for latencies.
    public static func monotonicMicroseconds() -> Int {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return spec.tv_sec * 1_000_000 + spec.tv_nsec / 1000
    }
}
