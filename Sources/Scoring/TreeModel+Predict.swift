import Basics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Prediction: one row (the CGI's case) and batches.
///
/// Missing and unknown input is never an error: a field that is absent, empty or `?`, and a
/// category the model was not trained on, are all binned as missing (bin 0), which the trees
/// route like the missing values they saw in training: each split records where a missing
/// value goes (native numeric splits: with the lowest values; categorical: as its own
/// category, or with the right-hand side when no training row of the node was missing).
/// Fields the model does not know are ignored. Only a numeric field whose text is not a
/// number is rejected.
extension TreeModel {
    /// Scores one row given as text keyed by field name (a form or JSON body): the class and
    /// the class probabilities, or the value (see `Prediction`).
    /// - Throws: `PredictionInputError` when a numeric field's text is not a number.
    /// - Complexity: O(fields × categories + trees × depth); no heap allocation per tree.
    public func predict(_ row: [String: String]) throws -> Prediction {
        try withUnsafeTemporaryAllocation(of: UInt16.self, capacity: counts.features) { bins in
            try bin(row, into: bins)
            return prediction(bins: UnsafeBufferPointer(bins))
        }
    }

    /// Scores one row given as typed values keyed by field name.
    /// - Throws: `PredictionInputError.wrongKind` for a number given to a categorical field or
    ///   a category given to a numeric one.
    public func predict(values: [String: FieldValue]) throws -> Prediction {
        try withUnsafeTemporaryAllocation(of: UInt16.self, capacity: counts.features) { bins in
            try bin(values: values, into: bins)
            return prediction(bins: UnsafeBufferPointer(bins))
        }
    }

    /// Bins one row given as text keyed by field name into `bins` (`counts.features` of them,
    /// model order); a field the row lacks is missing.
    /// - Throws: `PredictionInputError` when a numeric field's text is not a number.
    package func bin(_ row: [String: String], into bins: UnsafeMutableBufferPointer<UInt16>) throws {
        // In field order, so the first bad field reported does not depend on hashing.
        for (f, name) in fieldNames.enumerated() {
            bins[f] = try row[name].map { try bin(text: $0, feature: f) } ?? 0
        }
    }

    /// Bins one row given as typed values keyed by field name into `bins` (model order).
    /// - Throws: `PredictionInputError.wrongKind` for a number given to a categorical field or
    ///   a category given to a numeric one.
    package func bin(values: [String: FieldValue], into bins: UnsafeMutableBufferPointer<UInt16>) throws {
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
    }

    /// The prediction for one row of bins (16 bits per field, in model order).
    /// - Complexity: O(trees × depth).
    package func prediction(bins: UnsafeBufferPointer<UInt16>) -> Prediction {
        if task == .binary { return prediction(positiveProbability(bins: bins)) }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: outputWidth) { scores in
            self.scores(bins: bins, into: scores.baseAddress!)
            return prediction(scores: UnsafeBufferPointer(scores))
        }
    }

    /// The prediction for a probability of the positive class (binary models), labelled by
    /// `PositiveClass.isPredicted`.
    package func prediction(_ positive: Double) -> Prediction {
        let isPositive = PositiveClass.isPredicted(positive)
        return Prediction(
            label: string(labelString + (isPositive ? 2 : 1)), probability: isPositive ? positive : 1 - positive,
            positiveProbability: positive, probabilities: [1 - positive, positive])
    }

    /// The prediction for one row's finished scores (`outputWidth` of them).
    package func prediction(scores: UnsafeBufferPointer<Double>) -> Prediction {
        switch task {
        case .binary:
            return prediction(scores[0])
        case .regression:
            return Prediction(value: scores[0])
        case .multiclass:
            var best = 0
            for c in 1..<scores.count where scores[c] > scores[best] { best = c }
            return Prediction(
                label: string(labelString + 1 + best), probability: scores[best], positiveProbability: scores[1],
                probabilities: Array(scores))
        }
    }

    /// The positive-class probability for one row of bins of a binary model (16 bits per
    /// field, in model order).
    /// - Complexity: O(trees × depth).
    @inline(__always)
    package func positiveProbability(bins: UnsafeBufferPointer<UInt16>) -> Double {
        var total: Double = 0
        forEachLeaf(bins: bins) { _, leaf in total += leafValues[leaf] }
        return probability(total: total)
    }

    /// The positive-class probability (or regression value) for the sum of one row's leaf values.
    @inline(__always)
    package func probability(total: Double) -> Double {
        switch output {
        case .mean: return roots.isEmpty ? (task == .binary ? 0.5 : 0) : total / Double(roots.count)
        case .logit: return logistic(baseScores[0] + total)
        case .sum: return baseScores[0] + total
        case .softmax: return total
        }
    }

    /// Writes one row's finished scores to `scores` (`outputWidth` values): the positive-class
    /// probability (binary), the class probabilities (multiclass) or the value (regression).
    /// Each score adds its trees in tree order, as the batch does.
    /// - Complexity: O(trees × (depth + leaf width)).
    package func scores(bins: UnsafeBufferPointer<UInt16>, into scores: UnsafeMutablePointer<Double>) {
        scores.initialize(repeating: 0, count: outputWidth)
        forEachLeaf(bins: bins) { t, leaf in addLeaf(tree: t, leaf: leaf, to: scores) }
        finish(scores)
    }

    /// Writes one row's raw scores to `raw` (`outputWidth` values), the scores before the output
    /// function: base + Σ leaves (log-odds for `logit`, per class for `softmax`, the value for
    /// `sum`), or the mean of the leaves (forests: a probability, the class distribution, a value).
    /// - Complexity: O(trees × (depth + leaf width)).
    package func rawScores(bins: UnsafeBufferPointer<UInt16>, into raw: UnsafeMutablePointer<Double>) {
        raw.initialize(repeating: 0, count: outputWidth)
        forEachLeaf(bins: bins) { t, leaf in addLeaf(tree: t, leaf: leaf, to: raw) }
        for c in 0..<outputWidth {
            switch output {
            case .mean: raw[c] = roots.isEmpty ? 0 : raw[c] / Double(roots.count)
            case .logit, .sum, .softmax: raw[c] += baseScores[c]
            }
        }
    }

    /// Adds tree `t`'s leaf values to a row's running totals.
    @inline(__always)
    package func addLeaf(tree t: Int, leaf: Int, to totals: UnsafeMutablePointer<Double>) {
        switch output {
        case .softmax:
            totals[t % outputWidth] += leafValues[leaf]
        default:
            for c in 0..<leafWidth { totals[c] += leafValues[leaf &+ c] }
        }
    }

    /// Turns a row's leaf totals into its scores in place.
    @inline(__always)
    package func finish(_ totals: UnsafeMutablePointer<Double>) {
        switch output {
        case .softmax:
            for c in 0..<outputWidth { totals[c] += baseScores[c] }
            softmax(totals, count: outputWidth)
        case .mean where task == .multiclass:
            for c in 0..<outputWidth {
                totals[c] = roots.isEmpty ? 1 / Double(outputWidth) : totals[c] / Double(roots.count)
            }
        default:
            totals[0] = probability(total: totals[0])
        }
    }

    /// Calls `body(t, leaf)` for every tree `t` in tree order with the index in `leafValues` of
    /// the leaf one row of `bins` reaches in it.
    ///
    /// The trees are walked eight at a time, a level of each in turn, rather than one to its
    /// leaf before the next: in a process that has just started (predict.cgi's every request)
    /// nearly every node is a cache miss, and one tree at a time waits for each miss before the
    /// next node's address is known, where eight walks side by side have eight loads in flight.
    /// The leaves are handed over in tree order, so sums come out the same to the bit.
    /// - Complexity: O(trees × depth).
    @inline(__always)
    package func forEachLeaf(bins: UnsafeBufferPointer<UInt16>, _ body: (_ tree: Int, _ leaf: Int) -> Void) {
        let lanes = 8
        withUnsafeTemporaryAllocation(of: Int.self, capacity: lanes) { walk in
            let at = walk.baseAddress!
            var first = 0
            while first < roots.count {
                let count = min(lanes, roots.count - first)
                for lane in 0..<count { at[lane] = Int(roots[first + lane]) }
                // Bit `lane` set while that walk is still at a split; `at[lane]` is then its node,
                // and the leaf's first value once the walk has ended.
                var walking: UInt32 = (1 << UInt32(count)) - 1
                while walking != 0 {
                    var pending = walking
                    while pending != 0 {
                        let lane = pending.trailingZeroBitCount
                        pending &= pending &- 1
                        let node = at[lane]
                        let split = nodes[node &* 2]
                        let link = nodes[node &* 2 &+ 1]
                        if link & 0xFF == ModelFileLayout.leafField {
                            at[lane] = Int(split)
                            walking &= ~(1 << UInt32(lane))
                        } else {
                            at[lane] =
                                node &+ Int(link >> ModelFileLayout.childShift)
                                &+ (goesLeft(split: split, link: link, bins: bins) ? 0 : 1)
                        }
                    }
                }
                for lane in 0..<count { body(first + lane, at[lane]) }
                first += count
            }
        }
    }

    /// The index in `leafValues` of the first value of the leaf a row reaches from `root`.
    @inline(__always)
    package func leafIndex(root: Int, bins: UnsafeBufferPointer<UInt16>) -> Int {
        var node = root
        while step(&node, bins) {}
        return Int(nodes[node &* 2])
    }

    /// Moves a walk at `node` to the child a row of `bins` goes to; false, leaving `node`, at a
    /// leaf (whose record's first word is its index in `leafValues`).
    @inline(__always)
    package func step(_ node: inout Int, _ bins: UnsafeBufferPointer<UInt16>) -> Bool {
        let split = nodes[node &* 2]
        let link = nodes[node &* 2 &+ 1]
        if link & 0xFF == ModelFileLayout.leafField { return false }
        node =
            node &+ Int(link >> ModelFileLayout.childShift) &+ (goesLeft(split: split, link: link, bins: bins) ? 0 : 1)
        return true
    }

    /// `leafIndex(root:bins:)` of four rows at once: the walks step in turn, one level each,
    /// a walk at its leaf waiting there for the others, so that the processor follows four
    /// chains of node reads at once where one walk waited on each read and mispredicted where
    /// it ended (scoring the 200,000 test rows of `make bench-scale`'s million-row Adult-like set
    /// with 200 trees of 31 leaves: 1.17 → 0.82 CPU s). The same leaves as four walks one after
    /// another.
    @inline(__always)
    package func leafIndices(
        root: Int, _ a: UnsafeBufferPointer<UInt16>, _ b: UnsafeBufferPointer<UInt16>,
        _ c: UnsafeBufferPointer<UInt16>, _ d: UnsafeBufferPointer<UInt16>
    ) -> (Int, Int, Int, Int) {
        var nodes = (root, root, root, root)
        while true {
            let moved0 = step(&nodes.0, a)
            let moved1 = step(&nodes.1, b)
            let moved2 = step(&nodes.2, c)
            let moved3 = step(&nodes.3, d)
            if !(moved0 || moved1 || moved2 || moved3) { break }
        }
        return (
            Int(self.nodes[nodes.0 &* 2]), Int(self.nodes[nodes.1 &* 2]), Int(self.nodes[nodes.2 &* 2]),
            Int(self.nodes[nodes.3 &* 2])
        )
    }

    /// Whether a row of `bins` goes left at the split whose node record is `split`, `link`.
    @inline(__always)
    package func goesLeft(split: UInt32, link: UInt32, bins: UnsafeBufferPointer<UInt16>) -> Bool {
        let f = Int(link & 0xFF)
        let bin = bins[f]
        if featureTable[f &* 8] == 1 {
            return bitsets[Int(split) &+ Int(bin >> 6)] >> UInt64(bin & 63) & 1 == 1
        }
        // A missing value (bin 0) compares as 65,536, past every threshold, when bit 8 is set.
        let missingRight =
            (link & ModelFileLayout.missingRightBit) << ModelFileLayout.missingRightRankShift & (bin == 0 ? ~0 : 0)
        return UInt32(bin) | missingRight <= split
    }

    // MARK: Binning one value

    package func bin(text: String, feature f: Int) throws -> UInt16 {
        var trimmed = Substring(text)
        while trimmed.first?.isWhitespace == true { trimmed = trimmed.dropFirst() }
        while trimmed.last?.isWhitespace == true { trimmed = trimmed.dropLast() }
        if trimmed.isEmpty || trimmed == "?" { return 0 }
        // The text as given: `categoryBin` matches it exactly first, then by `CategoryName`'s key.
        if isCategorical(f) { return categoryBin(text, feature: f) }
        guard let value = DecimalNumber.parse(text), value.isFinite else {
            throw PredictionInputError(field: fieldNames[f], reason: .notANumber(text))
        }
        return numericBin(value, feature: f)
    }

    @inline(__always)
    package func numericBin(_ value: Double, feature f: Int) -> UInt16 {
        FeatureBinning.bin(of: value, edges: UnsafeBufferPointer(rebasing: edges[edgeRange(f)]), rule: edgeRule(f))
    }

    /// Bin of a category by name, matched as `CategoryName` says (the name itself, else the
    /// one category with its key); 0 (missing) for a name the model does not know.
    /// - Complexity: O(categories × name length); the keys are compared only when no
    ///   category is the name byte for byte.
    package func categoryBin<S: StringProtocol>(_ name: S, feature f: Int) -> UInt16 {
        let bins = binCount(f)
        let range = categoryStrings(f)
        var utf8 = String(name)
        let exact = utf8.withUTF8 { wanted -> UInt16 in
            for (code, s) in range.enumerated() where code + 1 < bins {
                let candidate = stringBuffer(s)
                if candidate.count == wanted.count && candidate.elementsEqual(wanted) { return UInt16(code + 1) }
            }
            return 0
        }
        guard exact == 0 else { return exact }
        let categories = range.prefix(max(0, bins - 1)).map(string)
        guard case .category(let code) = CategoryName.match(utf8, in: categories) else { return 0 }
        return UInt16(code + 1)
    }

    /// What a model knows of a value given for a categorical field.
    public enum CategoryStanding: Equatable, Sendable {
        /// A category the model keeps: it has a bin of its own.
        case kept
        /// A category of the model's training data that it does not keep, scored as a missing
        /// value: the field had more categories than a model keeps (`maximumCategories`), and
        /// the model keeps `kept` of them (the most frequent, for a model trained since
        /// trial22), leaving out `left` of which this is one.
        case notKept(kept: Int, left: Int)
        /// A value that is none of the model's categories: it was not trained on it.
        case unseen
        /// The model keeps no category of the field: an imported model that never splits on
        /// it (a field of more categories than a model keeps), so every value scores alike.
        case unused
    }

    /// What this model knows of `value` given for the categorical field called `field`
    /// (matched as `CategoryName` says), or nil for a field the model does not have or that is
    /// not categorical. The model file lists the categories a field keeps first, then the
    /// others its training data had (`FeatureBinning`), so the two are told apart.
    /// - Complexity: O(categories × length of `value`).
    public func categoryStanding(_ value: String, field: String) -> CategoryStanding? {
        guard let f = fieldNames.firstIndex(of: field), isCategorical(f) else { return nil }
        let kept = max(0, binCount(f) - 1)
        if kept == 0 { return categoryStrings(f).isEmpty ? .unseen : .unused }
        if categoryBin(value, feature: f) != 0 { return .kept }
        let listed = categoryStrings(f).map(string)
        guard listed.count > kept, case .category(let code) = CategoryName.match(value, in: listed), code >= kept
        else { return .unseen }
        return .notKept(kept: kept, left: listed.count - kept)
    }
}
