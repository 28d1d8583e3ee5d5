import Parallelism

/// Fitting a binning on training data and binning a whole data set: training's side of
/// `FeatureBinning` (prediction's side is in Scoring).
extension FeatureBinning {
    /// Fits bin edges on `data` (`numericEdges`: midpoints between distinct values when a field
    /// has at most 254 of them, else quantiles, a value in many rows alone in its bin); the
    /// fields on up to `threads` threads (the same edges for any count). Every row counts:
    /// LightGBM fits its edges on a sample of 200,000
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

    /// The edges of one numeric column: midpoints between its distinct values when it has at
    /// most 254 of them; else a bin of its own for each value in more rows than a bin's share
    /// (a 254th of the rows; its edges are the value below it and itself), and the other
    /// values cut at quantiles of their own rows with the bins left. LightGBM's bin finder
    /// does the same (`GreedyFindBin`): quantiles of the whole column spent most bins on a
    /// value such as 0 that fills nine tenths of capital-gain, leaving a dozen for the rest,
    /// which cost 0.0011 ROC AUC at a million Adult-like rows. Zeros are +0.
    /// - Complexity: O(rows).
    package static func numericEdges(_ column: [Double]) -> [Double] {
        let values = sortedFinite(column)
        guard let top = values.last else { return [] }
        var distinct: [Double] = []
        var counts: [Int] = []
        for value in values {
            if let last = distinct.last, last == value {
                counts[counts.count - 1] += 1
            } else {
                distinct.append(value)
                counts.append(1)
            }
        }
        let valueBins = maximumBins - 1
        if distinct.count <= valueBins {
            return (0..<(distinct.count - 1)).map { (distinct[$0] + distinct[$0 + 1]) / 2 }
        }
        let share = values.count / valueBins
        let heavy = distinct.indices.filter { counts[$0] > share }
        var edges: [Double] = []
        for d in heavy {
            if d > 0 { edges.append(distinct[d - 1]) }
            edges.append(distinct[d])
        }
        var rest: [Double] = []
        if heavy.isEmpty {
            rest = values
        } else {
            rest.reserveCapacity(values.count)
            for d in distinct.indices where counts[d] <= share {
                rest.append(contentsOf: repeatElement(distinct[d], count: counts[d]))
            }
        }
        // At most 2 edges a heavy value, fewer than the bins left for the rest: 253 in all.
        let bins = valueBins - 2 * heavy.count
        if !rest.isEmpty && bins > 1 {
            for k in 1..<bins { edges.append(rest[k * rest.count / bins]) }
        }
        edges.sort()
        var unique: [Double] = []
        for edge in edges where edge < top && edge != unique.last { unique.append(edge) }
        return unique
    }

    /// The finite values of `column` in ascending order, zeros as +0: a stable LSD radix sort
    /// on the values' bits (six passes of 11 bits, a pass skipped when every value has the
    /// same digit there), in O(n) where `sorted()` took O(n log n) comparisons, 5× longer on a
    /// million rows. The six digits are counted in one pass over the keys, where a count pass
    /// before each move pass read the million keys six times more (Terdiman, "Radix Sort
    /// Revisited", 2000): 28 → 15 ms on a million numbers.
    /// - Complexity: O(n).
    static func sortedFinite(_ column: [Double]) -> [Double] {
        let sign: UInt64 = 1 << 63
        // Monotone keys (-0 keyed as +0), so the order is `<`'s and stable among equal values.
        var keys: [UInt64] = []
        keys.reserveCapacity(column.count)
        for value in column where value.isFinite { keys.append(EdgeLookup.key(value)) }
        let digitBits: UInt64 = 11, digitMask: UInt64 = (1 << digitBits) - 1
        let width = 1 << Int(digitBits), passes = 6
        var counts = [Int](repeating: 0, count: passes * width)
        counts.withUnsafeMutableBufferPointer { counts in
            for key in keys {
                for pass in 0..<passes {
                    counts[pass * width + Int((key >> (UInt64(pass) * digitBits)) & digitMask)] += 1
                }
            }
        }
        var buffer = [UInt64](repeating: 0, count: keys.count)
        for pass in 0..<passes {
            let base = pass * width
            if counts[base..<(base + width)].contains(keys.count) { continue }
            var total = 0
            for k in base..<(base + width) {
                let count = counts[k]
                counts[k] = total
                total += count
            }
            let shift = UInt64(pass) * digitBits
            keys.withUnsafeBufferPointer { keys in
                buffer.withUnsafeMutableBufferPointer { buffer in
                    counts.withUnsafeMutableBufferPointer { counts in
                        for key in keys {
                            let digit = base + Int((key >> shift) & digitMask)
                            buffer[counts[digit]] = key
                            counts[digit] += 1
                        }
                    }
                }
            }
            swap(&keys, &buffer)
        }
        return keys.map { key in Double(bitPattern: key & sign != 0 ? key ^ sign : ~key) }
    }

    /// Bins every cell of `data`, the rows the binning was fitted on, column-major, and notes
    /// each numeric bin's midpoint (`BinnedMatrix.binMidpoints`); the fields on up to `threads`
    /// threads. A category the field does not keep (`keptCategories`) is missing.
    /// - Complexity: O(rows × fields × log edges).
    package func bin(_ data: Dataset, threads: Int = Parallel.defaultThreads) -> BinnedMatrix {
        let n = data.rowCount
        let columns = Parallel.map(count: kinds.count, threads: threads) { f in
            var column = [UInt8](repeating: 0, count: n)
            var midpoints: [Double] = []
            switch kinds[f] {
            case .numeric:
                let lookup = EdgeLookup(edges: edges[f])
                var lowest = [Double](repeating: .infinity, count: 256)
                var highest = [Double](repeating: -.infinity, count: 256)
                data.numbers[f].withUnsafeBufferPointer { numbers in
                    column.withUnsafeMutableBufferPointer { column in
                        lowest.withUnsafeMutableBufferPointer { lowest in
                            highest.withUnsafeMutableBufferPointer { highest in
                                for r in 0..<n {
                                    let value = numbers[r]
                                    let bin = lookup.bin(of: value)
                                    column[r] = bin
                                    // A missing value (bin 0, perhaps NaN) is not kept.
                                    lowest[Int(bin)] = Swift.min(lowest[Int(bin)], value)
                                    highest[Int(bin)] = Swift.max(highest[Int(bin)], value)
                                }
                            }
                        }
                    }
                }
                midpoints = Self.midpoints(edges: edges[f], lowest: lowest, highest: highest)
            case .categorical:
                let codes = data.codes[f]
                let count = data.schema.fields[f].categories.count
                let bins = Self.categoryBins(
                    kept: Self.keptCategories(codes: codes, categoryCount: count), categoryCount: count)
                for r in 0..<n {
                    let code = Int(codes[r])
                    column[r] = code >= 0 && code < count ? bins[code] : 0
                }
            }
            return (column, midpoints)
        }
        var bins: [UInt8] = []
        bins.reserveCapacity(n * kinds.count)
        for (column, _) in columns { bins += column }
        return BinnedMatrix(
            rowCount: n, bins: bins, binCounts: binCounts, isCategorical: kinds.map { $0 == .categorical },
            binMidpoints: columns.map(\.1))
    }

    /// Per bin of a numeric field with `edges` (bin 0, missing, included as 0): the midpoint of
    /// the lowest and highest value in it, from `lowest` and `highest` per bin (±infinity where
    /// no row is); a bin that holds no row takes an edge it lies against. Ascending.
    static func midpoints(edges: [Double], lowest: [Double], highest: [Double]) -> [Double] {
        var midpoints = [Double](repeating: 0, count: edges.count + 2)
        for bin in 1..<midpoints.count {
            if lowest[bin] <= highest[bin] {
                midpoints[bin] = (lowest[bin] + highest[bin]) / 2
            } else if bin - 1 < edges.count {
                midpoints[bin] = edges[bin - 1]
            } else {
                midpoints[bin] = edges.last ?? 0
            }
        }
        return midpoints
    }
}

/// `FeatureBinning.bin(of:edges:)` of a native edge set (no `EdgeRule`, at most 254 edges)
/// for a whole column: 1 + the number of edges below a value, 0 when it is missing. Values are
/// compared as monotone 64-bit keys (`FeatureBinning.sortedFinite`'s: the order of `<`, -0 as
/// +0), and a table over the keys' top 16 bits says how many edges lie in lower buckets, so a
/// value is compared only with the edges of its own bucket (most buckets have none or one). A
/// binary search over the edges made eight dependent steps a value and was a third of binning
/// a million rows of 20 numbers; this is one table read.
struct EdgeLookup {
    /// The edges' keys, ascending.
    private let keys: [UInt64]
    /// Per bucket of the keys' top 16 bits, and one past the last: how many edges are in lower buckets.
    private let below: [UInt8]

    init(edges: [Double]) {
        keys = edges.map(Self.key)
        var below = [UInt8](repeating: 0, count: (1 << 16) + 1)
        var edge = 0
        for bucket in below.indices {
            while edge < keys.count && Int(keys[edge] >> 48) < bucket { edge += 1 }
            below[bucket] = UInt8(truncatingIfNeeded: edge)
        }
        self.below = below
    }

    /// The monotone key of a finite value: a positive value's bits with the sign bit set, a
    /// negative value's bits inverted; both zeros key as +0.
    @inline(__always)
    static func key(_ value: Double) -> UInt64 {
        let bits = value == 0 ? 0 : value.bitPattern
        return bits & (1 << 63) == 0 ? bits | (1 << 63) : ~bits
    }

    @inline(__always)
    func bin(of value: Double) -> UInt8 {
        guard value.isFinite else { return 0 }
        let key = Self.key(value)
        let bucket = Int(key >> 48)
        return below.withUnsafeBufferPointer { below in
            keys.withUnsafeBufferPointer { keys in
                var count = Int(below[bucket])
                for edge in count..<Int(below[bucket &+ 1]) where keys[edge] < key { count &+= 1 }
                return UInt8(truncatingIfNeeded: count &+ 1)
            }
        }
    }
}

/// Binned training data: one byte per cell, column-major (field `f`'s column starts at `f × rowCount`).
package struct BinnedMatrix: Sendable {
    package let rowCount: Int
    package let bins: [UInt8]
    package let binCounts: [Int]
    package let isCategorical: [Bool]
    /// Per numeric field, per bin: the midpoint of the lowest and highest training value in
    /// it, ascending (bin 0, missing, holds 0); empty for a categorical field, or for every
    /// field of a matrix made without them. Extra trees draw their cuts over these values
    /// (`ThresholdSearch.randomThreshold`).
    package var binMidpoints: [[Double]] = []

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

    /// Per field: whether some row falls in bin 0 (missing).
    /// - Complexity: O(rows × fields); a column stops at its first missing cell.
    package func featuresWithMissing() -> [Bool] {
        binCounts.indices.map { f in bins[(f * rowCount)..<((f + 1) * rowCount)].contains(0) }
    }
}
