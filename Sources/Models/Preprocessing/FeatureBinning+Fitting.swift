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
        self = Self.fitted(on: data, threads: threads).binning
    }

    /// `init(fittedOn:threads:)`, and per numeric field, per bin, the midpoint of the lowest and
    /// highest value of `data` in it (`BinnedMatrix.binMidpoints`; empty for a categorical
    /// field), read off the sorted values the edges come from.
    /// - Complexity: O(fields × rows).
    package static func fitted(
        on data: Dataset, threads: Int = Parallel.defaultThreads
    ) -> (binning: FeatureBinning, midpoints: [[Double]]) {
        var kinds: [Kind] = []
        var edges: [[Double]] = []
        var binCounts: [Int] = []
        let fields = data.schema.fields
        let numericBins = Parallel.map(count: fields.count, threads: threads) { f in
            fields[f].kind == .numeric ? Self.numericBins(data.numbers[f]) : (edges: [], midpoints: [])
        }
        for (f, field) in fields.enumerated() {
            switch field.kind {
            case .numeric:
                let fieldEdges = numericBins[f].edges
                kinds.append(.numeric)
                edges.append(fieldEdges)
                binCounts.append(fieldEdges.count + 2)
            case .categorical:
                kinds.append(.categorical)
                edges.append([])
                binCounts.append(min(field.categories.count + 1, Self.maximumBins))
            }
        }
        return (FeatureBinning(kinds: kinds, edges: edges, binCounts: binCounts), numericBins.map(\.midpoints))
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
        numericBins(column).edges
    }

    /// `numericEdges` of a column and, per bin (bin 0, missing, included as 0), the midpoint of
    /// the lowest and highest of its values in it (`midpoints(edges:lowest:highest:)`). Zeros
    /// read as +0 here (the keys' order), where the rows could give -0: a midpoint is only
    /// compared and subtracted (`ThresholdSearch.randomThreshold`), which ±0 do alike.
    /// A column of many values is read off buckets of its range (`bucketedBins`), any other
    /// sorted whole (`sortedBins`), to the same bins.
    /// - Complexity: O(rows).
    static func numericBins(_ column: [Double]) -> (edges: [Double], midpoints: [Double]) {
        if column.count >= bucketedMinimumCount, let bins = bucketedBins(column, bucketCount: bucketCount) {
            return bins
        }
        return sortedBins(column)
    }

    /// `numericBins` of `column` read off all of its values sorted.
    /// - Complexity: O(rows).
    static func sortedBins(_ column: [Double]) -> (edges: [Double], midpoints: [Double]) {
        let keys = sortedFiniteKeys(column)
        let edges = edges(sortedKeys: keys)
        var lowest = [Double](repeating: .infinity, count: edges.count + 2)
        var highest = [Double](repeating: -.infinity, count: edges.count + 2)
        // Bin b holds the values above b - 1 edges and not above the b-th: a run of the keys.
        var start = 0
        for bin in 1..<(edges.count + 2) {
            var end = keys.count
            if bin - 1 < edges.count {
                let edge = EdgeLookup.key(edges[bin - 1])
                var low = start
                while low < end {
                    let middle = (low + end) / 2
                    if keys[middle] > edge { end = middle } else { low = middle + 1 }
                }
            }
            if start < end {
                lowest[bin] = EdgeLookup.value(keys[start])
                highest[bin] = EdgeLookup.value(keys[end - 1])
            }
            start = end
        }
        return (edges, midpoints(edges: edges, lowest: lowest, highest: highest))
    }

    /// `numericEdges` of the column whose finite values' keys are `keys`, ascending, read off
    /// them in one pass: no array of values, of distinct values or of their counts (those were
    /// 40 MB of new memory a million-row column; issue 26).
    /// - Complexity: O(rows).
    private static func edges(sortedKeys keys: [UInt64]) -> [Double] {
        guard let topKey = keys.last else { return [] }
        let valueBins = maximumBins - 1
        let share = keys.count / valueBins
        // The first distinct values (one more than fit a bin each, to know whether they all do)
        // and the runs of a value in more rows than a bin's share.
        var distinct: [UInt64] = []
        var heavy: [Range<Int>] = []
        keys.withUnsafeBufferPointer { keys in
            var runStart = 0
            for index in 1...keys.count where index == keys.count || keys[index] != keys[runStart] {
                if distinct.count <= valueBins { distinct.append(keys[runStart]) }
                if index - runStart > share { heavy.append(runStart..<index) }
                runStart = index
            }
        }
        if distinct.count <= valueBins {
            return (0..<(distinct.count - 1)).map {
                (EdgeLookup.value(distinct[$0]) + EdgeLookup.value(distinct[$0 + 1])) / 2
            }
        }
        let edgeKeys = uniqueEdgeKeys(edgeIndices(count: keys.count, heavy: heavy).map { keys[$0] }, top: topKey)
        return edgeKeys.map(EdgeLookup.value)
    }

    /// Where the edges of a column of `count` finite values with more than 254 distinct ones
    /// lie in its ascending order, given the runs of a value in more rows than a bin's share
    /// (`heavy`, ascending): before each heavy run and at its start, and the other values (every
    /// row not in a heavy run) cut at their quantiles with the bins left.
    /// - Complexity: O(edges + heavy runs).
    static func edgeIndices(count: Int, heavy: [Range<Int>]) -> [Int] {
        var indices: [Int] = []
        for run in heavy {
            if run.lowerBound > 0 { indices.append(run.lowerBound - 1) }
            indices.append(run.lowerBound)
        }
        // At most 2 edges a heavy value, fewer than the bins left for the rest: 253 in all.
        let restCount = count - heavy.reduce(0) { $0 + $1.count }
        let bins = maximumBins - 1 - 2 * heavy.count
        if restCount > 0 && bins > 1 {
            // The rest's r-th value is the column's (r + rows of the heavy runs before it)-th.
            var skipped = 0
            var nextRun = 0
            for k in 1..<bins {
                let r = k * restCount / bins
                while nextRun < heavy.count && heavy[nextRun].lowerBound <= r + skipped {
                    skipped += heavy[nextRun].count
                    nextRun += 1
                }
                indices.append(r + skipped)
            }
        }
        return indices
    }

    /// The keys of a column's values at its `edgeIndices`, ascending, each once, below its top
    /// value's key `top` (a value no higher one follows cuts nothing): its edges' keys.
    static func uniqueEdgeKeys(_ keys: [UInt64], top: UInt64) -> [UInt64] {
        var unique: [UInt64] = []
        for key in keys.sorted() where key < top && key != unique.last { unique.append(key) }
        return unique
    }

    /// The finite values of `column` in ascending order, zeros as +0 (`sortedFiniteKeys`).
    /// - Complexity: O(n).
    static func sortedFinite(_ column: [Double]) -> [Double] {
        sortedFiniteKeys(column).map(EdgeLookup.value)
    }

    /// The monotone keys (`EdgeLookup.key`) of the finite values of `column`, ascending: an LSD
    /// radix sort (Terdiman, "Radix Sort Revisited", 2000: digits of 11 bits, all counted in
    /// one pass over the keys, a pass skipped when every key has the same digit there) on the
    /// keys' top 31 bits only, then each run of keys alike in those bits put in order. Values
    /// alike in their top 31 bits (sign, exponent and 19 bits of the significand) differ by less
    /// than two millionths of their size, so a run is mostly one value repeated and is left as
    /// it is; a run of different values longer than 32 is sorted on the 33 bits left by the same
    /// passes, a shorter one by insertion. A full sort (six passes) of a million continuous values was a
    /// third of fitting their bins; four passes and runs on the 22 bits left cost 5% more than
    /// three passes do (issue 26).
    /// - Complexity: O(n).
    static func sortedFiniteKeys(_ column: [Double]) -> [UInt64] {
        // The first sort's digits are counted as the keys are made: a pass over them less, 4% of
        // the bins' processor time on the regression set (0.601 → 0.575 s, five alternating runs).
        let width = 1 << 11
        var counts = [Int](repeating: 0, count: 3 * width)
        var keys = [UInt64](unsafeUninitializedCapacity: column.count) { keys, count in
            count = 0
            counts.withUnsafeMutableBufferPointer { counts in
                for value in column where value.isFinite {
                    let key = EdgeLookup.key(value)
                    keys[count] = key
                    count &+= 1
                    counts[Int(truncatingIfNeeded: (key &>> 33) & 0x7FF)] &+= 1
                    counts[width &+ Int(truncatingIfNeeded: (key &>> 44) & 0x7FF)] &+= 1
                    counts[2 &* width &+ Int(truncatingIfNeeded: key &>> 55)] &+= 1
                }
            }
        }
        var buffer = [UInt64](repeating: 0, count: keys.count)
        keys.withUnsafeMutableBufferPointer { keys in
            buffer.withUnsafeMutableBufferPointer { buffer in sortKeys(keys, buffer: buffer, counted: counts) }
        }
        return keys
    }

    /// Sorts `keys` as `sortedFiniteKeys` does (`buffer`, as many elements, is scratch);
    /// `counted`, when given, holds the counts of the keys' digits of the first sort's passes.
    static func sortKeys(
        _ keys: UnsafeMutableBufferPointer<UInt64>, buffer: UnsafeMutableBufferPointer<UInt64>, counted: [Int]? = nil
    ) {
        radixSort(keys, buffer: buffer, passes: lowPasses..<6, counted: counted)
        var start = 0
        while start < keys.count {
            let high = keys[start] >> lowBits
            var end = start + 1
            var alike = true
            while end < keys.count && keys[end] >> lowBits == high {
                alike = alike && keys[end] == keys[start]
                end += 1
            }
            if !alike {
                let run = UnsafeMutableBufferPointer(rebasing: keys[start..<end])
                if run.count <= 32 {
                    for i in 1..<run.count {
                        let key = run[i]
                        var j = i
                        while j > 0 && run[j - 1] > key {
                            run[j] = run[j - 1]
                            j -= 1
                        }
                        run[j] = key
                    }
                } else {
                    radixSort(
                        run, buffer: UnsafeMutableBufferPointer(rebasing: buffer[start..<end]),
                        passes: 0..<lowPasses)
                }
            }
            start = end
        }
    }

    /// Digits of the keys `sortedFiniteKeys`' first sort leaves to each run: 3 of 11 bits.
    private static let lowPasses = 3
    private static let lowBits = UInt64(lowPasses) * 11

    /// A stable LSD radix sort of `keys` on their 11-bit digits `passes` (digit p is bits
    /// 11p..<11p + 11); `buffer` (as many elements) is scratch. The keys end in `keys`.
    /// `counted`, when given, holds how many keys have each digit, pass after pass (`width`
    /// counts a pass), as the sort would count them.
    private static func radixSort(
        _ keys: UnsafeMutableBufferPointer<UInt64>, buffer: UnsafeMutableBufferPointer<UInt64>, passes: Range<Int>,
        counted: [Int]? = nil
    ) {
        let digitBits: UInt64 = 11, digitMask: UInt64 = (1 << digitBits) - 1
        let width = 1 << Int(digitBits)
        var counts = counted ?? [Int](repeating: 0, count: passes.count * width)
        counts.withUnsafeMutableBufferPointer { counts in
            if counted == nil {
                for key in keys {
                    for (p, pass) in passes.enumerated() {
                        counts[p * width + Int((key >> (UInt64(pass) * digitBits)) & digitMask)] += 1
                    }
                }
            }
            var (source, target) = (keys, buffer)
            for (p, pass) in passes.enumerated() {
                let base = p * width
                if UnsafeMutableBufferPointer(rebasing: counts[base..<(base + width)]).contains(keys.count) { continue }
                var total = 0
                for k in base..<(base + width) {
                    let count = counts[k]
                    counts[k] = total
                    total += count
                }
                let shift = UInt64(pass) * digitBits
                for key in source {
                    let digit = base &+ Int((key >> shift) & digitMask)
                    // The position read once: written through `target`, which the compiler
                    // cannot tell from `counts`, a second read came after the key's store.
                    let position = counts[digit]
                    target[position] = key
                    counts[digit] = position &+ 1
                }
                swap(&source, &target)
            }
            if source.baseAddress != keys.baseAddress {
                _ = keys.update(fromContentsOf: source)
            }
        }
    }

    /// Bins every cell of `data` into a matrix with `midpoints` (`fitted(on:threads:)`'s, when
    /// `data` holds the rows the binning was fitted on; none by default), the fields on up to
    /// `threads` threads. A category the field does not keep (`keptCategories`) is missing.
    /// - Complexity: O(rows × fields).
    package func bin(
        _ data: Dataset, midpoints: [[Double]] = [], threads: Int = Parallel.defaultThreads
    ) -> BinnedMatrix {
        let n = data.rowCount
        // Each field's thread writes its column straight into the matrix.
        let bins = [UInt8](unsafeUninitializedCapacity: n * kinds.count) { matrix, initialized in
            _ = Parallel.map(count: kinds.count, threads: threads) { f in
                let column = UnsafeMutableBufferPointer(rebasing: matrix[(f * n)..<((f + 1) * n)])
                switch kinds[f] {
                case .numeric:
                    let lookup = EdgeLookup(edges: edges[f])
                    data.numbers[f].withUnsafeBufferPointer { numbers in
                        for r in 0..<n { column[r] = lookup.bin(of: numbers[r]) }
                    }
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
            }
            initialized = n * kinds.count
        }
        return BinnedMatrix(
            rowCount: n, bins: bins, binCounts: binCounts, isCategorical: kinds.map { $0 == .categorical },
            binMidpoints: midpoints)
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
/// for a whole column: 1 + the number of edges below a value, 0 when it is missing. A value
/// between the lowest and highest edge first finds its bucket of `bucketCount` of equal width
/// there (`FeatureBinning.bucketedBins`' buckets over the edges): where no edge lies in that
/// bucket, every value in it has the same bin, kept in a table. Else values are compared as
/// monotone 64-bit keys (`FeatureBinning.sortedFinite`'s: the order of `<`, -0 as +0) in a
/// search of eight halving steps over the edges padded to 256, each step a select rather
/// than a branch: a column's values are independent, so the processor overlaps their
/// searches. Of a million Gaussian values, 2.4% land in one of the 2^14 buckets that holds an
/// edge (9.4% of 2^12, 0.6% of 2^16; 0.8% lie outside the edges and need neither); the table
/// took fitting and applying the bins of a million rows of 16 such fields from 0.111 s to
/// 0.077 s (wall, 2 threads, four runs in turn; 2^12 buckets were 12% slower than 2^14, 2^16 no
/// quicker; issue 26). A table over the keys' top 16 bits instead (16 buckets an octave, so
/// many edges shared one) and a scan of the edges in the value's bucket took a branch that
/// mispredicted whenever a bucket's count changed, 12 ns a value; the branching binary search
/// before the selects, a third of binning a million rows of 20 numbers.
struct EdgeLookup {
    /// The edges' keys, ascending, padded to 256 with `UInt64.max` (above every finite key).
    private let keys: [UInt64]
    /// Per bucket: the bin of every value in it, 0 when an edge lies in it (search the keys);
    /// empty when the edges are fewer than 2 or span no positive finite width.
    private let table: [UInt8]
    private let lowest: Double
    private let highest: Double
    private let scale: Double
    private let highestBin: UInt8

    /// How many buckets the table spreads the edges' span over: 16 KB a field.
    static let bucketCount = 1 << 14

    init(edges: [Double]) {
        precondition(edges.count < 255, "at most 254 edges, so that a bin fits a byte")
        keys = edges.map(Self.key) + [UInt64](repeating: .max, count: 256 - edges.count)
        lowest = edges.first ?? 0
        highest = edges.last ?? 0
        highestBin = UInt8(edges.count + 1)
        let scale = Double(Self.bucketCount) / (highest - lowest)
        guard edges.count >= 2, highest - lowest > 0, (highest - lowest).isFinite, scale.isFinite else {
            self.scale = 0
            table = []
            return
        }
        self.scale = scale
        // Monotone in the value, so the edges below a bucket's values are those in lower buckets.
        let edgeBuckets = edges.map { min(Int(($0 - edges[0]) * scale), Self.bucketCount - 1) }
        var table = [UInt8](repeating: 0, count: Self.bucketCount)
        var below = 0
        for b in 0..<Self.bucketCount {
            while below < edgeBuckets.count && edgeBuckets[below] < b { below += 1 }
            if below == edgeBuckets.count || edgeBuckets[below] != b { table[b] = UInt8(below + 1) }
        }
        self.table = table
    }

    /// The monotone key of a finite value: a positive value's bits with the sign bit set, a
    /// negative value's bits inverted; both zeros key as +0.
    @inline(__always)
    static func key(_ value: Double) -> UInt64 {
        let bits = value == 0 ? 0 : value.bitPattern
        return bits & (1 << 63) == 0 ? bits | (1 << 63) : ~bits
    }

    /// The value whose key `key` is (+0 for either zero): `key`'s inverse.
    @inline(__always)
    static func value(_ key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key ^ (1 << 63) : ~key)
    }

    @inline(__always)
    func bin(of value: Double) -> UInt8 {
        guard value.isFinite else { return 0 }
        if !table.isEmpty {
            if value <= lowest { return 1 }
            if value > highest { return highestBin }
            let bin = table[min(Int((value - lowest) * scale), Self.bucketCount - 1)]
            if bin != 0 { return bin }
        }
        let key = Self.key(value)
        return keys.withUnsafeBufferPointer { keys in
            // How many keys are below `key`: after the steps of 128, 64, …, 1, `below` is it.
            var below = 0
            var step = 128
            while step > 0 {
                below &+= keys[below &+ step &- 1] < key ? step : 0
                step >>= 1
            }
            return UInt8(truncatingIfNeeded: below &+ 1)
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
