/// Fitting a numeric field's bins without sorting all of its values (issue 26).
extension FeatureBinning {
    /// The fewest values of a column whose bins `numericBins` reads off buckets
    /// (`bucketedBins`); a smaller column is sorted whole, as quick at that size.
    static let bucketedMinimumCount = 1 << 16

    /// How many buckets `numericBins` spreads a column's range over: a histogram of 256 KB,
    /// ~15 values a bucket at a million rows. Fitting a million rows of 16 Gaussian fields and
    /// applying their bins took 0.104 s with 2^14 buckets, 0.079 s with 2^16, 0.084 s with 2^18
    /// (wall, 2 threads, medians of three).
    static let bucketCount = 1 << 16

    /// `numericBins` of `column`, the same edges and midpoints bit for bit, read off a
    /// histogram of its finite values in `bucketCount` buckets of equal width between its lowest
    /// and highest value, where only the buckets an edge or a midpoint comes from are sorted:
    /// a value in more rows than a bin's share fills a bucket with more than that many, and a
    /// quantile's rank names its bucket. Each edge is a value of the column; the lowest value
    /// above it, the next bin's lowest, is in its bucket or the next one holding any. This is
    /// selection by distribution (Floyd and Rivest, "Expected time bounds for selection",
    /// 1975, pick a bucket by its rank and sort only it) for all the ranks at once. Sorting a
    /// million continuous values was ~55% of fitting and applying their bins; the buckets
    /// take three passes over the column (range, counts, the chosen buckets' values).
    ///
    /// nil, for the full sort to do it, when the range is not a positive finite number, the
    /// values fill at most 254 buckets (they may have at most 254 distinct values, which a
    /// sort finds), or the buckets to sort hold more than half of them (values piled in a few
    /// buckets by a far outlier, where the full sort is the quicker).
    /// - Complexity: O(rows + bucketCount), plus sorting the chosen buckets.
    static func bucketedBins(_ column: [Double], bucketCount: Int) -> (edges: [Double], midpoints: [Double])? {
        var low = Double.infinity
        var high = -Double.infinity
        var count = 0
        for value in column where value.isFinite {
            low = min(low, value)
            high = max(high, value)
            count += 1
        }
        guard count > 0, count < Int(UInt32.max) else { return nil }
        // Both zeros are +0 in the keys' order.
        low = EdgeLookup.value(EdgeLookup.key(low))
        high = EdgeLookup.value(EdgeLookup.key(high))
        let scale = Double(bucketCount) / (high - low)
        guard high - low > 0, (high - low).isFinite, scale.isFinite else { return nil }
        let last = bucketCount - 1
        // Monotone: rounding keeps the order of `value - low` and of its product with `scale`.
        @inline(__always) func bucket(of value: Double) -> Int { min(Int((value - low) * scale), last) }

        var counts = [UInt32](repeating: 0, count: bucketCount)
        counts.withUnsafeMutableBufferPointer { counts in
            column.withUnsafeBufferPointer { column in
                for value in column where value.isFinite { counts[bucket(of: value)] &+= 1 }
            }
        }
        let valueBins = maximumBins - 1
        guard counts.count(where: { $0 > 0 }) > valueBins else { return nil }
        // starts[b]: how many values lie in the buckets below b (starts[bucketCount] = count).
        var starts = [Int](repeating: 0, count: bucketCount + 1)
        for b in 0..<bucketCount { starts[b + 1] = starts[b] + Int(counts[b]) }

        // The sorted keys of the buckets sorted so far, and where each bucket's start (-1: not sorted).
        var sorted: [UInt64] = []
        var offsets = [Int](repeating: -1, count: bucketCount)
        func sort(_ buckets: [Int]) {
            guard !buckets.isEmpty else { return }
            let base = sorted.count
            var next = [UInt32](repeating: .max, count: bucketCount)
            for b in buckets {
                offsets[b] = sorted.count
                next[b] = UInt32(sorted.count - base)
                sorted.append(contentsOf: repeatElement(0, count: Int(counts[b])))
            }
            sorted.withUnsafeMutableBufferPointer { sorted in
                let gathered = UnsafeMutableBufferPointer(rebasing: sorted[base...])
                next.withUnsafeMutableBufferPointer { next in
                    column.withUnsafeBufferPointer { column in
                        for value in column where value.isFinite {
                            let b = bucket(of: value)
                            let slot = next[b]
                            if slot != .max {
                                gathered[Int(slot)] = EdgeLookup.key(value)
                                next[b] = slot &+ 1
                            }
                        }
                    }
                }
                var scratch = [UInt64](repeating: 0, count: buckets.map { Int(counts[$0]) }.max() ?? 0)
                scratch.withUnsafeMutableBufferPointer { scratch in
                    for b in buckets {
                        let start = offsets[b]
                        var keys = UnsafeMutableBufferPointer(rebasing: sorted[start..<(start + Int(counts[b]))])
                        // The library's sort under a few thousand keys, where the radix sort's
                        // counts (6,144 of them) would cost more than the keys.
                        if keys.count < 2_048 {
                            keys.sort()
                        } else {
                            sortKeys(keys, buffer: UnsafeMutableBufferPointer(rebasing: scratch[..<keys.count]))
                        }
                    }
                }
            }
        }

        // The runs of a value in more rows than a bin's share, each in a bucket of more.
        let share = count / valueBins
        let full = (0..<bucketCount).filter { Int(counts[$0]) > share }
        guard full.reduce(0, { $0 + Int(counts[$1]) }) <= count / 2 else { return nil }
        sort(full)
        var heavy: [Range<Int>] = []
        for b in full {
            let start = offsets[b]
            let n = Int(counts[b])
            var runStart = 0
            for i in 1...n where i == n || sorted[start + i] != sorted[start + runStart] {
                if i - runStart > share { heavy.append((starts[b] + runStart)..<(starts[b] + i)) }
                runStart = i
            }
        }

        // The bucket of the value at a rank: the last whose start is not above it.
        func bucket(at index: Int) -> Int {
            var lowest = 0
            var highest = last
            while lowest < highest {
                let middle = (lowest + highest + 1) / 2
                if starts[middle] <= index { lowest = middle } else { highest = middle - 1 }
            }
            return lowest
        }
        func nextHolding(after b: Int) -> Int? {
            var b = b + 1
            while b < bucketCount && counts[b] == 0 { b += 1 }
            return b < bucketCount ? b : nil
        }
        let indices = edgeIndices(count: count, heavy: heavy)
        var chosen = Set<Int>()
        for index in indices {
            let b = bucket(at: index)
            chosen.insert(b)
            if let next = nextHolding(after: b) { chosen.insert(next) }
        }
        let unsorted = chosen.filter { offsets[$0] < 0 }.sorted()
        guard (full + unsorted).reduce(0, { $0 + Int(counts[$1]) }) <= count / 2 else { return nil }
        sort(unsorted)

        let edgeKeys = uniqueEdgeKeys(
            indices.map { index in
                let b = bucket(at: index)
                return sorted[offsets[b] + index - starts[b]]
            }, top: EdgeLookup.key(high))
        let edges = edgeKeys.map(EdgeLookup.value)
        // Bin j + 1 ends at edge j, a value of the column; bin j + 2 starts at the value after it.
        var lowest = [Double](repeating: .infinity, count: edges.count + 2)
        var highest = [Double](repeating: -.infinity, count: edges.count + 2)
        lowest[1] = low
        highest[edges.count + 1] = high
        for (j, key) in edgeKeys.enumerated() {
            highest[j + 1] = edges[j]
            var b = bucket(of: edges[j])
            var start = offsets[b]
            var end = start + Int(counts[b])
            while start < end {
                let middle = (start + end) / 2
                if sorted[middle] > key { end = middle } else { start = middle + 1 }
            }
            if start == offsets[b] + Int(counts[b]), let next = nextHolding(after: b) {
                b = next
                start = offsets[b]
            }
            lowest[j + 2] = EdgeLookup.value(sorted[start])
        }
        return (edges, midpoints(edges: edges, lowest: lowest, highest: highest))
    }
}
