import Serving
import Testing

@testable import Publisher

@Suite struct CalendarDaysTests {
    @Test func daysWithoutRequestsAreFilledAcrossMonthAndYearEnds() {
        let logged = [
            ServingStatistics.Day(day: "2026-12-30", requests: 3, feedback: 1),
            ServingStatistics.Day(day: "2027-01-02", requests: 5, feedback: 0),
        ]
        let days = ModelCardPage.calendarDays(logged)
        #expect(days.map(\.day) == ["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"])
        #expect(days.map(\.requests) == [3, 0, 0, 5])
    }

    @Test func oneDayAndNoDays() {
        let one = [ServingStatistics.Day(day: "2028-02-29", requests: 1, feedback: 1)]
        #expect(ModelCardPage.calendarDays(one) == one)
        #expect(ModelCardPage.calendarDays([]).isEmpty)
    }
}
