import Parallelism

/// Fitting a binning on training data and binning a whole data set: training's side of
/// `FeatureBinning` (prediction's side is in Scoring).
extension FeatureBinning {
    /// Fits bin edges on `data`: midpoints between distinct values when a field has at most
    /// 254 of them, else about 254 quantiles; the fields on up to `threads` threads (the same
    /// edges for any count). Every row counts: LightGBM fits its edges on a sample of 200,000
    /// rows (`bin_construct_sample_cnt`), which saved a third of binning a million rows here
    /// but cost 2.4% RMSE on bench-scale's regression set (5.963 → 6.106), so it is not done.
    /// - Complexity: O(fields × rows).
    package init(fittedOn data: Dataset, threads: Int = Parallel.defaultThreads) {
        var kinds: [Kind] = []
        var edges: [[Double]] = []
        var binCounts: [Int] = []
        let fields = data.schema.fields
        let numericEdges = Parallel.map(count: fields.count, threads: threads) { f in
            fields[f].kind == .numeric ? Self.numericEdges(data.numbers[f]) : []
        }
        for (f, field) in fields.enumerated() {
            switch field.kind {
            case .numeric:
                let fieldEdges = numericEdges[f]
                kinds.append(.numeric)
                edges.append(fieldEdges)
                binCounts.append(fieldEdges.count + 2)
            case .categorical:
                kinds.append(.categorical)
                edges.append([])
                binCounts.append(min(field.categories.count + 1, Self.maximumBins))
            }
        }
        self.init(kinds: kinds, edges: edges, binCounts: binCounts)
    }

    package static func numericEdges(_ column: [Double]) -> [Double] {
        let values = sortedFinite(column)
        guard !values.isEmpty else { return [] }
        var distinct: [Double] = [values[0]]
        for value in values.dropFirst() where value != distinct[distinct.count - 1] { distinct.append(value) }
        let valueBins = maximumBins - 1
        if distinct.count <= valueBins {
            return (0..<(distinct.count - 1)).map { (distinct[$0] + distinct[$0 + 1]) / 2 }
        }
        var edges: [Double] = []
        for k in 1..<valueBins {
            let value = values[k * values.count / valueBins]
            if value < values[values.count - 1], edges.last.map({ value > $0 }) ?? true {
                edges.append(value == 0 ? zero(k * values.count / valueBins, in: values, column: column) : value)
            }
        }
        return edges
    }

    /// `bin(of:edges:)` of a native edge set (no `EdgeRule`, no edge -0): 1 + the number of
    /// edges below `value`, 0 when it is missing. The same answer, inlined and without branches
    /// in the search: the halving steps depend only on the edge count, and each step moves the
    /// base by a mask, the sign of `edge − value` (negative exactly when `edge < value`, for
    /// finite values and an edge that is not -0). A comparison, even multiplied or shifted,
    /// compiles to a jump that mispredicts every other step: that search took a third of
    /// loading and binning a million rows of 20 numbers.
    @inline(__always)
    static func trainingBin(of value: Double, edges edgesBuffer: UnsafeBufferPointer<Double>) -> UInt8 {
        guard value.isFinite else { return 0 }
        guard let edges = edgesBuffer.baseAddress, !edgesBuffer.isEmpty else { return 1 }
        @inline(__always)
        func below(_ edge: Double) -> Int { Int(bitPattern: UInt((edge - value).bitPattern)) &>> 63 }
        var length = edgesBuffer.count
        var base = 0
        while length > 1 {
            let half = length &>> 1
            base &+= half & below(edges[base &+ half])
            length &-= half
        }
        return UInt8(truncatingIfNeeded: base &+ 1 &- below(edges[base]))
    }

    /// The finite values of `column` in ascending order, zeros as +0: a stable LSD radix sort
    /// on the values' bits (six passes of 11 bits, a pass skipped when every value has the
    /// same digit there), in O(n) where `sorted()` took O(n log n) comparisons, 5× longer on a
    /// million rows.
    /// - Complexity: O(n).
    static func sortedFinite(_ column: [Double]) -> [Double] {
        let sign: UInt64 = 1 << 63
        // Monotone keys: a positive value's bits with the sign bit set, a negative value's bits
        // inverted; -0 is keyed as +0, so the order is `<`'s and stable among equal values.
        var keys: [UInt64] = []
        keys.reserveCapacity(column.count)
        for value in column where value.isFinite {
            let bits = value == 0 ? 0 : value.bitPattern
            keys.append(bits & sign == 0 ? bits | sign : ~bits)
        }
        var buffer = [UInt64](repeating: 0, count: keys.count)
        let digitBits: UInt64 = 11, digitMask: UInt64 = (1 << digitBits) - 1
        var counts = [Int](repeating: 0, count: 1 << digitBits)
        for shift in stride(from: UInt64(0), to: 64, by: Int(digitBits)) {
            for k in counts.indices { counts[k] = 0 }
            for key in keys { counts[Int((key >> shift) & digitMask)] += 1 }
            if counts.contains(keys.count) { continue }
            var total = 0
            for k in counts.indices {
                let count = counts[k]
                counts[k] = total
                total += count
            }
            keys.withUnsafeBufferPointer { keys in
                buffer.withUnsafeMutableBufferPointer { buffer in
                    for key in keys {
                        let digit = Int((key >> shift) & digitMask)
                        buffer[counts[digit]] = key
                        counts[digit] += 1
                    }
                }
            }
            swap(&keys, &buffer)
        }
        return keys.map { key in Double(bitPattern: key & sign != 0 ? key ^ sign : ~key) }
    }

    /// The zero at `position` of `sorted` (`sortedFinite(column)`) with the sign a stable sort
    /// of `column` gives it there: the zeros keep their order in the column, and -0 is a value
    /// an edge may be.
    static func zero(_ position: Int, in sorted: [Double], column: [Double]) -> Double {
        var first = position
        while first > 0 && sorted[first - 1] == 0 { first -= 1 }
        var seen = 0
        for value in column where value == 0 {
            if seen == position - first { return value }
            seen += 1
        }
        return 0
    }

    /// Bins every cell of `data`, column-major; the fields on up to `threads` threads.
    /// - Complexity: O(rows × fields × log edges).
    package func bin(_ data: Dataset, threads: Int = Parallel.defaultThreads) -> BinnedMatrix {
        let n = data.rowCount
        let columns = Parallel.map(count: kinds.count, threads: threads) { f in
            var column = [UInt8](repeating: 0, count: n)
            switch kinds[f] {
            case .numeric:
                // An edge -0 compares as +0 (`trainingBin` needs it written so).
                edges[f].map { $0 == 0 ? 0 : $0 }.withUnsafeBufferPointer { edgeBuffer in
                    data.numbers[f].withUnsafeBufferPointer { numbers in
                        for r in 0..<n { column[r] = Self.trainingBin(of: numbers[r], edges: edgeBuffer) }
                    }
                }
            case .categorical:
                let codes = data.codes[f]
                for r in 0..<n { column[r] = Self.bin(ofCode: codes[r], binCount: binCounts[f]) }
            }
            return column
        }
        var bins: [UInt8] = []
        bins.reserveCapacity(n * kinds.count)
        for column in columns { bins += column }
        return BinnedMatrix(
            rowCount: n, bins: bins, binCounts: binCounts, isCategorical: kinds.map { $0 == .categorical })
    }
}

/// Binned training data: one byte per cell, column-major (field `f`'s column starts at `f × rowCount`).
package struct BinnedMatrix: Sendable {
    package let rowCount: Int
    package let bins: [UInt8]
    package let binCounts: [Int]
    package let isCategorical: [Bool]

    package var featureCount: Int { binCounts.count }
}

extension BinnedMatrix {
    /// Per field: how many rows fall in each bin (bin 0 is missing), the reference
    /// distribution a model file keeps for drift checks.
    /// - Complexity: O(rows × fields).
    package func countsPerBin() -> [[UInt64]] {
        binCounts.indices.map { f in
            var counts = [UInt64](repeating: 0, count: binCounts[f])
            let column = f * rowCount
            for r in 0..<rowCount { counts[Int(bins[column + r])] += 1 }
            return counts
        }
    }
}
