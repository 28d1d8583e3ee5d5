import Testing

@testable import Basics

@Suite struct TimestampTests {
    @Test func formsWithAndWithoutMilliseconds() {
        #expect(Timestamp(secondsSince1970: 0).formatted(milliseconds: 7) == "1970-01-01T00:00:00.007Z")
        #expect(Timestamp(secondsSince1970: 1_795_000_000).formatted(milliseconds: 123) == "2026-11-18T11:06:40.123Z")
        #expect(Timestamp(secondsSince1970: 1_795_000_000).formatted(milliseconds: 45) == "2026-11-18T11:06:40.045Z")
        #expect(Timestamp(secondsSince1970: 1_795_000_000).description == "2026-11-18T11:06:40Z")
    }

    @Test func nowIsTheWallClock() throws {
        let now = Timestamp.now
        #expect(now.secondsSince1970 > 1_795_000_000)
        #expect(try #require(Timestamp(parsing: now.description)) == now)
    }
}
