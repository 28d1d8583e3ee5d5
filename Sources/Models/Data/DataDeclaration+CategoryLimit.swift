import Basics
import Foundation

extension DataDeclaration {
    /// The warning for a categorical column of more categories than a model keeps
    /// (`FeatureBinning.maximumCategories`, 254): how many it has, which rarest ones a model
    /// leaves out and how many rows hold them (scored as missing values), and what to do;
    /// nil when a model keeps them all (trial22 #1: 46 of a 300-level `zip`, 15.6% of the rows,
    /// were left out without a word).
    /// - Parameters:
    ///   - place: the file and column, as the other column warnings name them.
    ///   - categories: the column's categories in byte order.
    ///   - rowCounts: the rows holding each category (the rows a model is fitted on).
    ///   - rows: how many rows were counted, missing ones included.
    ///   - what: the rows counted, for the message (`rows`, `training rows`).
    /// - Complexity: O(categories × log categories).
    static func categoryLimitWarning(
        place: String, categories: [String], rowCounts: [Int], rows: Int, what: String = "rows"
    ) -> String? {
        guard categories.count > FeatureBinning.maximumCategories else { return nil }
        let kept = Set(FeatureBinning.keptCategories(rowCounts: rowCounts))
        let left = categories.indices.filter { !kept.contains($0) }
        let leftRows = left.reduce(0) { $0 + rowCounts[$1] }
        let share = rows > 0 ? String(format: "%.1f%%", 100 * Double(leftRows) / Double(rows)) : "0%"
        let names = ShortList.text(left.map { CategoryName.cited(categories[$0]) }, limit: 5)
        return "\(place): \(categories.count) categories, and a model keeps at most "
            + "\(FeatureBinning.maximumCategories) (the most frequent): the \(left.count) rarest (\(names); "
            + "\(leftRows) of \(rows) \(what), \(share)) are scored as missing values; group the rare levels "
            + "into one (such as 'other') before export, or add the column to ignore = [...] if it identifies rows"
    }
}
