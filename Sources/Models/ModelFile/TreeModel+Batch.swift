import Basics

/// Batch prediction over a data set.
extension TreeModel {
    /// The positive-class probability of every row of `data`, matched to the model's fields
    /// by name and to its categories by value (so `data` may use another schema's codes).
    /// - Parameter threads: how many threads score chunks of about a thousand rows.
    /// - Complexity: O(rows × (fields + trees × depth) / threads).
    public func positiveProbabilities(_ data: Dataset, threads: Int? = nil) -> [Double] {
        let bins = binnedRows(data)
        let n = data.rowCount
        let chunks = n / 1024 + 1
        let parts = Parallel.map(count: chunks, threads: threads ?? Parallel.defaultThreads) { chunk -> [Double] in
            positiveProbabilities(bins: bins, rows: (chunk * n / chunks)..<((chunk + 1) * n / chunks))
        }
        return parts.flatMap { $0 }
    }

    /// Scores `rows` of row-major `bins` tree by tree over blocks of rows, so one tree stays in
    /// cache while a block walks it. Each row still adds its trees in tree order, so the
    /// result is exactly the one-row result.
    /// - Complexity: O(rows × trees × depth).
    func positiveProbabilities(bins: [UInt8], rows: Range<Int>) -> [Double] {
        let features = counts.features
        var totals = [Double](repeating: 0, count: rows.count)
        let block = 512
        bins.withUnsafeBufferPointer { all in
            totals.withUnsafeMutableBufferPointer { totals in
                var blockStart = rows.lowerBound
                while blockStart < rows.upperBound {
                    let blockEnd = min(blockStart + block, rows.upperBound)
                    for root in roots {
                        for row in blockStart..<blockEnd {
                            let rowBins = UnsafeBufferPointer(rebasing: all[(row * features)..<((row + 1) * features)])
                            totals[row - rows.lowerBound] += Double(leafValue(root: Int(root), bins: rowBins))
                        }
                    }
                    blockStart = blockEnd
                }
            }
        }
        return totals.map { probability(total: $0) }
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

    /// Predictions (label and probability) for every row of `data`.
    public func predict(_ data: Dataset, threads: Int? = nil) -> [Prediction] {
        positiveProbabilities(data, threads: threads).map(prediction)
    }

    /// Row-major bins of `data` in the model's field order.
    /// - Complexity: O(rows × fields × log edges).
    func binnedRows(_ data: Dataset) -> [UInt8] {
        let n = data.rowCount
        let features = counts.features
        var bins = [UInt8](repeating: 0, count: n * features)
        for f in 0..<features {
            let name = string(nameString(f))
            guard let source = data.schema.fields.firstIndex(where: { $0.name == name }) else { continue }
            let field = data.schema.fields[source]
            switch (isCategorical(f), field.kind) {
            case (false, .numeric):
                let column = data.numbers[source]
                for r in 0..<n { bins[r * features + f] = numericBin(column[r], feature: f) }
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
