import Foundation

/// Prediction: one row (the CGI's case) and batches.
///
/// Missing and unknown input is never an error: a field that is absent, empty or `?`, and a
/// category the model was not trained on, are all binned as missing (bin 0), which the trees
/// route like the missing values they saw in training (numeric: with the lowest values;
/// categorical: as its own category, or with the right-hand side when no training row of the
/// node was missing). Fields the model does not know are ignored. Only a numeric field whose
/// text is not a number is rejected.
extension TreeModel {
    /// Scores one row given as text keyed by field name (a form or JSON body).
    /// - Throws: `PredictionInputError` when a numeric field's text is not a number.
    /// - Complexity: O(fields × categories + trees × depth); no heap allocation per tree.
    public func predict(_ row: [String: String]) throws -> Prediction {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: counts.features) { bins in
            // In field order, so the first bad field reported does not depend on hashing.
            for (f, name) in fieldNames.enumerated() {
                bins[f] = try row[name].map { try bin(text: $0, feature: f) } ?? 0
            }
            return prediction(positiveProbability(bins: UnsafeBufferPointer(bins)))
        }
    }

    /// Scores one row given as typed values keyed by field name.
    /// - Throws: `PredictionInputError.wrongKind` for a number given to a categorical field or
    ///   a category given to a numeric one.
    public func predict(values: [String: FieldValue]) throws -> Prediction {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: counts.features) { bins in
            for (f, name) in fieldNames.enumerated() {
                switch values[name] ?? .missing {
                case .missing:
                    bins[f] = 0
                case .number(let value):
                    guard !isCategorical(f) else {
                        throw PredictionInputError(field: name, reason: .wrongKind)
                    }
                    bins[f] = numericBin(value, feature: f)
                case .category(let category):
                    guard isCategorical(f) else {
                        throw PredictionInputError(field: name, reason: .wrongKind)
                    }
                    bins[f] = categoryBin(category, feature: f)
                }
            }
            return prediction(positiveProbability(bins: UnsafeBufferPointer(bins)))
        }
    }

    /// The prediction for a probability of the positive class.
    public func prediction(_ positive: Double) -> Prediction {
        let isPositive = positive > 0.5
        return Prediction(
            label: string(labelString + (isPositive ? 2 : 1)), probability: isPositive ? positive : 1 - positive,
            positiveProbability: positive)
    }

    /// The positive-class probability for one row of bins (one byte per field, in model order).
    /// - Complexity: O(trees × depth).
    @inline(__always)
    public func positiveProbability(bins: UnsafeBufferPointer<UInt8>) -> Double {
        var total: Double = 0
        for root in roots { total += Double(leafValue(root: Int(root), bins: bins)) }
        return probability(total: total)
    }

    /// The positive-class probability for the sum of one row's leaf values.
    @inline(__always)
    func probability(total: Double) -> Double {
        switch output {
        case .meanProbability:
            return roots.isEmpty ? 0.5 : total / Double(roots.count)
        case .logit:
            return logistic(baseScore + total)
        }
    }

    @inline(__always)
    func leafValue(root: Int, bins: UnsafeBufferPointer<UInt8>) -> Float {
        var node = root
        while true {
            let split = nodes[node &* 2]
            let link = nodes[node &* 2 &+ 1]
            let f = Int(link & 0xFF)
            if f == 0xFF { return Float(bitPattern: split) }
            let bin = bins[f]
            let goesLeft: Bool
            if featureTable[f &* 8] == 1 {
                goesLeft = bitsets[Int(split) &+ Int(bin >> 6)] >> UInt64(bin & 63) & 1 == 1
            } else {
                goesLeft = UInt32(bin) <= split
            }
            node = node &+ Int(link >> 8) &+ (goesLeft ? 0 : 1)
        }
    }

    // MARK: Binning one value

    func bin(text: String, feature f: Int) throws -> UInt8 {
        var trimmed = Substring(text)
        while trimmed.first?.isWhitespace == true { trimmed = trimmed.dropFirst() }
        while trimmed.last?.isWhitespace == true { trimmed = trimmed.dropLast() }
        if trimmed.isEmpty || trimmed == "?" { return 0 }
        if isCategorical(f) { return categoryBin(trimmed, feature: f) }
        guard let value = Double(trimmed), value.isFinite else {
            throw PredictionInputError(field: fieldNames[f], reason: .notANumber(text))
        }
        return numericBin(value, feature: f)
    }

    @inline(__always)
    func numericBin(_ value: Double, feature f: Int) -> UInt8 {
        FeatureBinning.bin(of: value, edges: UnsafeBufferPointer(rebasing: edges[edgeRange(f)]))
    }

    /// Bin of a category by name; 0 (missing) for a name the model does not know.
    /// - Complexity: O(categories × name length).
    func categoryBin<S: StringProtocol>(_ name: S, feature f: Int) -> UInt8 {
        let bins = binCount(f)
        let range = categoryStrings(f)
        var utf8 = String(name)
        return utf8.withUTF8 { wanted in
            for (code, s) in range.enumerated() where code + 1 < bins {
                let candidate = stringBuffer(s)
                if candidate.count == wanted.count && candidate.elementsEqual(wanted) { return UInt8(code + 1) }
            }
            return 0
        }
    }
}
