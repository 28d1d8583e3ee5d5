/// A count with its noun for a message, singular for one, its digits grouped as the rest of the
/// output writes counts (`groupedDigits`): `1 row`, `3 rows`, `16,281 rows`, `2 categories`.
///
/// - Parameters:
///   - count: how many.
///   - singular: the noun for one (`row`).
///   - plural: the noun for any other count; `singular` + `s` when not given.
/// - Returns: the count, a space and the noun.
public func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(groupedDigits(count)) \(count == 1 ? singular : plural ?? singular + "s")"
}
