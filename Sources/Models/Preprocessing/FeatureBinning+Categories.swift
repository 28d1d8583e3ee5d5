/// Which categories of a categorical field a trained model keeps: training's side of
/// `FeatureBinning.maximumCategories`.
///
/// A row's bins are bytes while it trains, bin 0 is missing, so a field keeps at most 254
/// categories. A field with more keeps the 254 in most training rows (ties in schema order,
/// which is UTF-8 byte order), as LightGBM's bin mapper keeps a categorical feature's most
/// frequent categories (`BinMapper::FindBin` in src/io/bin.cpp sorts them by count and keeps at
/// most `max_bin`, the rarest left out); the others are scored as missing values.
/// It used to keep the first 254 in byte order, which dropped `Z0254`…`Z0299` of a 300-level
/// `zip` and 15.6% of its rows with them, silently (trial22 #1).
///
/// The model file lists the kept categories first, in schema order, then the others in schema
/// order (`keptFirst`), and its bin count says how many are kept, so that serving can tell a
/// category the version does not keep from one it never saw (`TreeModel.categoryStanding`).
extension FeatureBinning {
    /// The categories of a field with `categoryCount` categories that a model keeps, in schema
    /// order: every one when there are at most `maximumCategories`, else the
    /// `maximumCategories` with the most rows in `codes` (ties to the earlier category).
    /// - Parameter codes: the field's category codes in the training rows (`-1` missing).
    /// - Complexity: O(rows + categories × log categories).
    package static func keptCategories(codes: [Int32], categoryCount: Int) -> [Int] {
        guard categoryCount > maximumCategories else { return Array(0..<categoryCount) }
        return keptCategories(rowCounts: rowCounts(codes: codes, categoryCount: categoryCount))
    }

    /// As `keptCategories(codes:categoryCount:)`, from each category's row count.
    /// - Complexity: O(categories × log categories).
    package static func keptCategories(rowCounts counts: [Int]) -> [Int] {
        guard counts.count > maximumCategories else { return Array(counts.indices) }
        let byRows = counts.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        return byRows.prefix(maximumCategories).sorted()
    }

    /// How many of `codes` name each of `categoryCount` categories.
    /// - Complexity: O(rows).
    package static func rowCounts(codes: [Int32], categoryCount: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: categoryCount)
        for code in codes where code >= 0 && Int(code) < categoryCount { counts[Int(code)] += 1 }
        return counts
    }

    /// The categories in the order a model file lists them: `kept` (indices into `categories`,
    /// ascending) first, then the others, each part in schema order; the file's bin count
    /// (kept + 1) tells where the kept ones end. The order of `categories` when all are kept.
    package static func keptFirst(_ categories: [String], kept: [Int]) -> [String] {
        guard kept.count < categories.count else { return categories }
        let isKept = Set(kept)
        return kept.map { categories[$0] } + categories.indices.filter { !isKept.contains($0) }.map { categories[$0] }
    }

    /// Per category code, its bin when a model keeps `kept` of `categoryCount` categories:
    /// 1 + its place among the kept ones, 0 (missing) for the others.
    package static func categoryBins(kept: [Int], categoryCount: Int) -> [UInt8] {
        var bins = [UInt8](repeating: 0, count: categoryCount)
        for (place, code) in kept.enumerated() { bins[code] = UInt8(truncatingIfNeeded: place + 1) }
        return bins
    }
}

extension TreeEnsemble {
    /// Per categorical field whose model file lists more categories than it keeps, the ones it
    /// does not keep (listed after the kept ones, `FeatureBinning.keptFirst`), in byte order;
    /// nil when every field keeps all its categories (what training.json records).
    package var categoriesNotKept: [String: [String]]? {
        var notKept: [String: [String]] = [:]
        for (f, field) in schema.fields.enumerated()
        where field.kind == .categorical && field.categories.count > binning.binCounts[f] - 1 {
            notKept[field.name] = Array(field.categories[max(0, binning.binCounts[f] - 1)...])
        }
        return notKept.isEmpty ? nil : notKept
    }
}
