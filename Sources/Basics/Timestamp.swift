#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A moment in UTC, to the second, written `2026-11-22T03:00:00Z` (RFC 3339) in the registry
/// and in training.json; the request log writes it with milliseconds (`formatted(milliseconds:)`).
/// No Foundation: predict.cgi stamps every request with it.
///
/// Parsing is hand-written (no formatter objects, no locale): registry files and `--at`
/// options accept `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `YYYY-MM-DDTHH:MM:SS` with optional
/// fractional seconds, ending in `Z`, `+00:00` or nothing (all read as UTC); a date alone
/// means the end of that day, so "at 2026-11-01" includes everything on that day.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int64

    public init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    /// Parses the forms listed on the type; `nil` when `text` is none of them.
    public init?(parsing text: String) {
        let chars = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count else { return nil }
            var value = 0
            for c in chars[from..<(from + count)] {
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        func char(_ at: Int) -> UInt8? { at < chars.count ? chars[at] : nil }
        guard let year = number(0, 4), char(4) == 45, let month = number(5, 2), char(7) == 45,
            let day = number(8, 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 23, minute = 59, second = 59
        var index = 10
        if char(10) == 84 || char(10) == 116 || char(10) == 32 {  // 'T', 't' or ' '
            guard let h = number(11, 2), char(13) == 58, let m = number(14, 2) else { return nil }
            hour = h
            minute = m
            second = 0
            index = 16
            if char(16) == 58 {
                guard let s = number(17, 2) else { return nil }
                second = s
                index = 19
                if char(19) == 46 {  // fractional seconds are dropped
                    index = 20
                    while let c = char(index), c >= 48, c <= 57 { index += 1 }
                }
            }
        }
        let rest = String(decoding: chars[index...], as: UTF8.self)
        guard ["", "Z", "z", "+00:00", "+0000", "-00:00"].contains(rest), hour < 24, minute < 60, second < 61
        else { return nil }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        secondsSince1970 = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The current moment (the wall clock, truncated to the second).
    public static var now: Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(secondsSince1970: Int64(spec.tv_sec))
    }

    /// `2026-11-22T03:00:00Z`.
    public var description: String { formatted(milliseconds: nil) }

    /// `2026-11-22T03:00:00.123Z` with `milliseconds` (0–999) after the seconds; without them
    /// when nil.
    public func formatted(milliseconds: Int?) -> String {
        let days = Int(secondsSince1970 >= 0 ? secondsSince1970 / 86_400 : (secondsSince1970 - 86_399) / 86_400)
        let seconds = Int(secondsSince1970 - Int64(days) * 86_400)
        let (y, m, d) = Self.civilFromDays(days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let year = String(y)
        let paddedYear = String(repeating: "0", count: max(0, 4 - year.count)) + year
        var text =
            "\(paddedYear)-\(two(m))-\(two(d))T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
        if let milliseconds {
            text +=
                milliseconds < 10 ? ".00\(milliseconds)" : milliseconds < 100 ? ".0\(milliseconds)" : ".\(milliseconds)"
        }
        return text + "Z"
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.secondsSince1970 < rhs.secondsSince1970
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = Timestamp(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "'\(text)' is not a UTC time like 2026-11-22T03:00:00Z"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
