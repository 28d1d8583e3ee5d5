import Basics
import Scoring

/// Label spelling as clients and data files write it.
public enum Labels {
    /// `label` as one of `accepted`, ignoring surrounding spaces and a trailing period
    /// (Adult's test file writes `>50K.`); nil when it is none of them.
    public static func normalise(_ label: String, accepted: [String]) -> String? {
        var text = label.trimmingWhitespace
        if !accepted.contains(text), text.hasSuffix(".") { text.removeLast() }
        return accepted.contains(text) ? text : nil
    }

    /// Feedback as the log stores it: one of `accepted` (normalised as above) for
    /// classification; for regression a finite number, written as Swift writes a `Double`
    /// (`3` is stored as `3.0`, so the same value compares equal however it was sent).
    /// - Throws: `ServingError` 400 naming `feedback` and why it is refused.
    public static func feedback(_ text: String, accepted: [String], isRegression: Bool) throws(ServingError) -> String {
        guard isRegression else {
            guard let label = normalise(text, accepted: accepted) ?? numeric(text, accepted: accepted) else {
                let list = ShortList.text(CategoryName.listed(accepted))
                // Labels are matched in their letter case, as categories are (trial24 #9).
                let hint =
                    NearestName.meant(by: text.trimmingWhitespace, in: accepted).map {
                        "did you mean \(CategoryName.quoted($0))? "
                    } ?? ""
                throw ServingError(
                    .badRequest, "unknown label \(CategoryName.quoted(text)); \(hint)accepted: \(list)",
                    errors: [.init(field: "feedback", message: "must be one of \(list)")])
            }
            return label
        }
        guard let value = DecimalNumber.parse(text), value.isFinite else {
            throw ServingError(
                .badRequest,
                "the feedback \(CategoryName.cited(text)) is not a finite number; "
                    + (InputValidator.groupingAdvice(text) ?? "send the true value"),
                errors: [.init(field: "feedback", message: "must be a finite number (the true value)")])
        }
        return String(value)
    }

    /// The one of `accepted` that is the number `text` spells (`0` for `0.0`, `2.50` for `2.5`):
    /// a JSON number sent where the schema holds text, such as labels `0` and `1`; nil when
    /// `text` is no number or not exactly one of `accepted` has its value.
    static func numeric(_ text: String, accepted: [String]) -> String? {
        guard let value = DecimalNumber.parse(text) else { return nil }
        let matches = accepted.filter { DecimalNumber.parse($0) == value }
        return matches.count == 1 ? matches[0] : nil
    }
}
