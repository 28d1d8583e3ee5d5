import Basics
import Evaluation
import Foundation
import Monitoring
import Serving

extension ModelCardPage {
    /// How the version has been served, from the request log the build was given, as HTML
    /// for `partials/card/serving`: requests per day, latency percentiles and how well the
    /// answers that got feedback did (accuracy for classification; mean absolute and root mean
    /// squared error for regression).
    func serving(_ statistics: ServingStatistics) -> String {
        let id = version.id
        let file = RequestStore(naming: statistics.path).shortName
        var out = ""
        guard let served = statistics.versions[id], let first = served.days.first, let last = served.days.last
        else {
            return out + "<p>The request log <code>\(HTML.escape(file))</code> has no requests for this version.</p>\n"
        }
        out += "<p>From the request log <code>\(HTML.escape(file))</code>, "
        out += "\(HTML.escape(first.day)) to \(HTML.escape(last.day)) (UTC).</p>\n"
        out += "<dl class=\"facts\">\n<dt>Requests</dt><dd>\(HTML.grouped(served.requests))"
        var parts: [String] = []
        if served.jobRows > 0 { parts.append("\(HTML.grouped(served.jobRows)) from batch jobs") }
        if served.abTestRequests > 0 { parts.append("\(HTML.grouped(served.abTestRequests)) as an A/B test arm") }
        if !parts.isEmpty { out += " (\(parts.joined(separator: ", ")))" }
        out += "</dd>\n"
        if let latency = served.latency {
            out += "<dt>Latency</dt><dd>p50 \(Self.milliseconds(latency.p50)), p90 \(Self.milliseconds(latency.p90)), "
            out += "p99 \(Self.milliseconds(latency.p99)), max \(Self.milliseconds(latency.maximum)) "
            out +=
                "<span class=\"meta\">(\(HTML.grouped(latency.count)) single predictions, from the CGI's start to the logged row)"
            out += "</span></dd>\n"
        }
        out +=
            "<dt>Feedback</dt><dd>\(HTML.grouped(served.feedback)) of \(HTML.grouped(served.requests)) requests</dd>\n"
        if context.registry?.endpoints[id.endpoint]?.definition.schema.task == .regression {
            out += Self.errorsOnFeedback(served)
        } else {
            let accuracy = MetricEstimate.wilson(
                successes: served.correct, trials: served.feedback, undefinedNote: "no feedback yet")
            out += "<dt>Accuracy on feedback</dt><dd>"
            out +=
                accuracy.value == nil
                ? "no feedback yet"
                : EndpointPage.estimate(accuracy) + " <span class=\"meta\">(Wilson 95% interval)</span>"
            out += "</dd>\n"
        }
        out += "</dl>\n"
        let days = Self.calendarDays(served.days)
        out += Charts.requestsPerDay(days.suffix(90).map { ($0.day, $0.requests) })
        let recent = days.suffix(14).reversed().map { day -> [String] in
            [HTML.escape(day.day), HTML.grouped(day.requests), HTML.grouped(day.feedback)]
        }
        out += HTML.table(["Day (UTC)", "Requests", "With feedback"], Array(recent), caption: "The last 14 days")
        return out
    }

    /// A regression version's errors on the predictions that got feedback: the mean absolute
    /// error with Student's t interval (the absolute errors' variance from the sums of their
    /// values and squares) and the root mean squared error.
    static func errorsOnFeedback(_ served: ServingStatistics.Version) -> String {
        let n = Double(served.feedback)
        guard served.feedback > 0 else { return "<dt>Mean absolute error on feedback</dt><dd>no feedback yet</dd>\n" }
        let mean = served.absoluteErrorTotal / n
        let variance = served.feedback > 1 ? max(0, served.squaredErrorTotal - n * mean * mean) / (n - 1) : 0
        let mae = MetricEstimate.mean(
            mean, variance: variance, count: served.feedback, undefinedNote: "no feedback yet")
        var out = "<dt>Mean absolute error on feedback</dt><dd>" + EndpointPage.estimate(mae)
        if mae.lower != nil { out += " <span class=\"meta\">(Student's t 95% interval)</span>" }
        out += "</dd>\n<dt>Root mean squared error on feedback</dt><dd>"
        out += HTML.figure((served.squaredErrorTotal / n).squareRoot()) + "</dd>\n"
        return out
    }

    /// Latency for people: `3.21 ms`.
    static func milliseconds(_ microseconds: Int) -> String {
        HTML.number(Double(microseconds) / 1000, digits: 2) + " ms"
    }

    /// Every day from the first to the last, with zero for days nothing was logged.
    static func calendarDays(_ logged: [ServingStatistics.Day]) -> [ServingStatistics.Day] {
        guard let first = logged.first.flatMap({ Timestamp(parsing: $0.day) }),
            let last = logged.last.flatMap({ Timestamp(parsing: $0.day) })
        else { return logged }
        let byDay = Dictionary(logged.map { ($0.day, $0) }, uniquingKeysWith: { a, _ in a })
        var days: [ServingStatistics.Day] = []
        for seconds in stride(from: first.secondsSince1970, through: last.secondsSince1970, by: 86_400) {
            let day = String(Timestamp(secondsSince1970: seconds).description.prefix(10))
            days.append(byDay[day] ?? ServingStatistics.Day(day: day, requests: 0, feedback: 0))
        }
        return days
    }
}
