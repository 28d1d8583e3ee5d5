import Basics
import Parallelism
import Scoring

/// Batch prediction over a data set.
extension TreeModel {
    /// The positive-class probability of every row of `data` (a binary model; for a multiclass
    /// one the probability of the second class, for a regression one the predicted value),
    /// matched to the model's fields by name and to its categories by value (so `data` may use
    /// another schema's codes).
    /// - Parameter threads: how many threads score chunks of about a thousand rows.
    /// - Complexity: O(rows × (fields + trees × depth) / threads).
    public func positiveProbabilities(_ data: Dataset, threads: Int? = nil) -> [Double] {
        let scores = scores(data, threads: threads)
        guard task == .multiclass else { return scores }
        return (0..<data.rowCount).map { scores[$0 * outputWidth + 1] }
    }

    /// The probability of every class for every row of `data`, row-major: row `r`'s class `c`
    /// (schema order) is at `r × k + c` for `k` classes (two for binary). Empty for regression.
    /// - Complexity: O(rows × (fields + trees × depth) / threads).
    public func classProbabilities(_ data: Dataset, threads: Int? = nil) -> [Double] {
        switch task {
        case .regression: return []
        case .multiclass: return scores(data, threads: threads)
        case .binary: return scores(data, threads: threads).flatMap { [1 - $0, $0] }
        }
    }

    /// The predicted value of every row of `data` for a regression model; for a
    /// classification model, the index of each row's predicted class (schema order).
    /// - Complexity: O(rows × (fields + trees × depth) / threads).
    public func predictedValues(_ data: Dataset, threads: Int? = nil) -> [Double] {
        let scores = scores(data, threads: threads)
        switch task {
        case .regression: return scores
        case .binary: return scores.map { PositiveClass.isPredicted($0) ? 1 : 0 }
        case .multiclass:
            return (0..<data.rowCount).map { r in
                var best = 0
                for c in 1..<outputWidth where scores[r * outputWidth + c] > scores[r * outputWidth + best] { best = c }
                return Double(best)
            }
        }
    }

    /// Every row's finished scores, row-major, `outputWidth` per row (see `scores(bins:into:)`).
    func scores(_ data: Dataset, threads: Int?) -> [Double] {
        let bins = binnedRows(data)
        let n = data.rowCount
        let chunks = n / 1024 + 1
        let parts = Parallel.map(count: chunks, threads: threads ?? Parallel.defaultThreads) { chunk -> [Double] in
            scores(bins: bins, rows: (chunk * n / chunks)..<((chunk + 1) * n / chunks))
        }
        return parts.flatMap { $0 }
    }

    /// Scores `rows` of row-major `bins` tree by tree over blocks of rows, so one tree stays in
    /// cache while a block walks it. Each row still adds its trees in tree order, so the
    /// result is exactly the one-row result.
    /// - Complexity: O(rows × trees × depth).
    func scores(bins: [UInt16], rows: Range<Int>) -> [Double] {
        let features = counts.features
        let width = outputWidth
        var totals = [Double](repeating: 0, count: rows.count * width)
        let block = 512
        bins.withUnsafeBufferPointer { all in
            totals.withUnsafeMutableBufferPointer { totals in
                guard let base = totals.baseAddress else { return }
                var blockStart = rows.lowerBound
                while blockStart < rows.upperBound {
                    let blockEnd = min(blockStart + block, rows.upperBound)
                    for (t, root) in roots.enumerated() {
                        func rowBins(_ row: Int) -> UnsafeBufferPointer<UInt16> {
                            UnsafeBufferPointer(rebasing: all[(row &* features)..<((row &+ 1) &* features)])
                        }
                        func add(_ row: Int, _ leaf: Int) {
                            addLeaf(tree: t, leaf: leaf, to: base + (row - rows.lowerBound) * width)
                        }
                        // Four rows walk the tree together (`leafIndices`), the last few alone.
                        var row = blockStart
                        while row &+ 4 <= blockEnd {
                            let leaves = leafIndices(
                                root: Int(root), rowBins(row), rowBins(row &+ 1), rowBins(row &+ 2), rowBins(row &+ 3))
                            add(row, leaves.0)
                            add(row &+ 1, leaves.1)
                            add(row &+ 2, leaves.2)
                            add(row &+ 3, leaves.3)
                            row &+= 4
                        }
                        for row in row..<blockEnd { add(row, leafIndex(root: Int(root), bins: rowBins(row))) }
                    }
                    blockStart = blockEnd
                }
                for r in 0..<rows.count { finish(base + r * width) }
            }
        }
        return totals
    }

    /// Predictions for rows given as text keyed by field name (an async batch job's input).
    /// - Throws: `PredictionInputError` for the first row with a numeric field that is not a
    ///   number; `row` says which.
    public func predict(rows: [[String: String]]) throws -> [Prediction] {
        var predictions: [Prediction] = []
        predictions.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            do {
                predictions.append(try predict(row))
            } catch var error as PredictionInputError {
                error.row = index
                throw error
            }
        }
        return predictions
    }

    /// Predictions (label and probabilities, or value) for every row of `data`.
    public func predict(_ data: Dataset, threads: Int? = nil) -> [Prediction] {
        let scores = scores(data, threads: threads)
        return scores.withUnsafeBufferPointer { all in
            (0..<data.rowCount).map { r in
                prediction(scores: UnsafeBufferPointer(rebasing: all[(r * outputWidth)..<((r + 1) * outputWidth)]))
            }
        }
    }

    /// Row-major bins of `data` in the model's field order.
    /// - Complexity: O(rows × fields × log edges).
    func binnedRows(_ data: Dataset) -> [UInt16] {
        let n = data.rowCount
        let features = counts.features
        var bins = [UInt16](repeating: 0, count: n * features)
        for f in 0..<features {
            let name = string(nameString(f))
            guard let source = data.schema.fields.firstIndex(where: { $0.name == name }) else { continue }
            let field = data.schema.fields[source]
            switch (isCategorical(f), field.kind) {
            case (false, .numeric):
                let column = data.numbers[source]
                let edges = edgeRange(f)
                if edgeRule(f).isEmpty && edges.count < 255 {
                    // A native edge set: the branch-free lookup training bins with (the binary
                    // search's branches mispredicted on every other value of a measured column).
                    let lookup = EdgeLookup(edges: Array(self.edges[edges]))
                    for r in 0..<n { bins[r &* features &+ f] = UInt16(lookup.bin(of: column[r])) }
                } else {
                    for r in 0..<n { bins[r &* features &+ f] = numericBin(column[r], feature: f) }
                }
            case (true, .categorical):
                let mapping = field.categories.map { categoryBin($0, feature: f) }
                let column = data.codes[source]
                for r in 0..<n {
                    let code = Int(column[r])
                    bins[r * features + f] = code >= 0 && code < mapping.count ? mapping[code] : 0
                }
            default:
                continue
            }
        }
        return bins
    }
}
