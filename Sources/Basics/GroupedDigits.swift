/// An integer for people, its digits in groups of three with commas: `32,561`, `-1,000`,
/// `445,594,617` (the English convention the site and the CLI's messages use throughout).
///
/// - Parameter count: the number to write.
/// - Returns: its decimal digits grouped by three from the right, with a leading `-` when negative.
public func groupedDigits(_ count: Int64) -> String {
    let digits = String(count.magnitude).reversed().enumerated().map { index, digit in
        index > 0 && index % 3 == 0 ? ",\(digit)" : String(digit)
    }
    return (count < 0 ? "-" : "") + String(digits.joined().reversed())
}

/// `groupedDigits` for an `Int`.
public func groupedDigits(_ count: Int) -> String { groupedDigits(Int64(count)) }
