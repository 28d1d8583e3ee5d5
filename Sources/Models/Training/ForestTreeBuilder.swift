import Basics

/// Grows one tree of a forest on binned data, depth first: by Gini impurity over two classes
/// (binary), over k classes (multiclass), or by squared error (regression).
///
/// The rows of a node are a contiguous range of `indices`, partitioned in place as the tree
/// grows; each row carries an integer weight (its bootstrap count), so class histograms are
/// exact integer counts and cannot depend on summation order (regression sums add a node's rows
/// in row order, which is fixed by the stable partition).
///
/// Hot state lives in raw buffers owned by the builder (no reference counting or exclusivity
/// checks in the inner loops); `cells` must stay valid while the builder is used.
final class ForestTreeBuilder {
    /// What a tree learns: the class of each row, or its value.
    enum Target {
        /// Class indices 0 and 1.
        case binary([UInt8])
        /// Class indices below `classes`.
        case classes([UInt8], classes: Int)
        case values([Double])

        /// What `data`'s task asks the trees to learn.
        init(_ data: BinnedDataset) {
            switch data.schema.task {
            case .binary: self = .binary(data.labels)
            case .multiclass: self = .classes(data.labels, classes: data.schema.labelValues.count)
            case .regression: self = .values(data.targets)
            }
        }
    }

    let data: BinnedMatrix
    /// `data.bins`, borrowed from the caller.
    private let cells: UnsafePointer<UInt8>
    let target: Target
    let parameters: ForestParameters
    let maxFeatures: Int
    let maxDepth: Int
    /// Values per leaf: the class count for multiclass, else 1.
    let leafWidth: Int

    var nodes = TreeNodes()
    /// Total weighted impurity decrease per feature.
    var importances: [Double]

    /// Per row: bootstrap weight.
    private let weight: UnsafeMutablePointer<Int32>
    /// The in-bag rows, partitioned node by node; `scratch` is the partition's right side.
    private let indices: UnsafeMutablePointer<Int32>
    private let scratch: UnsafeMutablePointer<Int32>
    /// Per in-bag row, in the order of `indices` (partitioned with them): its weight in the low
    /// 32 bits and, in the high 32, weight × label (binary) or its class (multiclass); and its
    /// value (regression). `scratchPacked` and `scratchValues` are the partition's right side.
    /// Kept in node order, the histogram passes read them in sequence: gathered by row, they
    /// missed the cache for about every row of a million-row node (more than half of the time
    /// of its histograms).
    private let packed: UnsafeMutablePointer<UInt64>
    private let scratchPacked: UnsafeMutablePointer<UInt64>
    private let values: UnsafeMutablePointer<Double>
    private let scratchValues: UnsafeMutablePointer<Double>
    private let isRegression: Bool
    private let histogram = UnsafeMutablePointer<UInt64>.allocate(capacity: 4 * 256)
    private let histogramWeight = UnsafeMutablePointer<Int32>.allocate(capacity: 256)
    private let histogramPositive = UnsafeMutablePointer<Int32>.allocate(capacity: 256)
    /// Multiclass: per bin and class, its weight; regression: per bin, its weighted target sum.
    private let histogramClasses: UnsafeMutablePointer<Int32>
    private let histogramSums = UnsafeMutablePointer<Double>.allocate(capacity: 256)
    /// Per bin of a categorical split: 1 when it goes left.
    private let sides = UnsafeMutablePointer<Int8>.allocate(capacity: 256)
    /// Multiclass: the node's weight per class, a left side's, and a leaf's distribution.
    private let nodeClasses: UnsafeMutablePointer<Int32>
    private let leftClasses: UnsafeMutablePointer<Int32>
    private let leafScratch: UnsafeMutablePointer<Double>
    private var featureOrder: [Int]
    /// Per feature: whether it is constant in the node being grown, found so in it or in one
    /// of its ancestors; `constants[..<constantCount]` lists those features, in the order they
    /// were found, so that a node forgets the ones it found once it is grown.
    private let isKnownConstant: UnsafeMutablePointer<Bool>
    private let constants: UnsafeMutablePointer<Int32>
    private var constantCount = 0
    /// Binary nodes of at least `batchRows` rows sum the histograms of the features their draw
    /// is foreseen to visit in passes of up to four over their rows (`fillBatch`), as boosting
    /// does, instead of one pass a feature: each row's index and packed word are read once a
    /// pass. `batch` holds `batchCount` of them, 256 packed words each, for `batchFeature`.
    private static let batchRows = 64
    private let batch: UnsafeMutablePointer<UInt64>
    private let batchFeature: UnsafeMutablePointer<Int>
    private var batchCount = 0
    /// Scratch for the foreseen draw's `featureOrder`.
    private let foreseenOrder: UnsafeMutablePointer<Int>
    /// Per feature: whether some row misses it (a numeric one's random cut then draws twice).
    private let hasMissing: [Bool]
    /// A node of at most `localRows` rows whose ancestors had more copies its rows' bins into
    /// `local`, row by row (`stride` bytes a row, node order), and its subtree reads them there
    /// and partitions them with its rows (`enterLocal`). Read through `indices` from `cells`, a
    /// deep node's rows lie far apart in every column, and the load of a bin missed the cache
    /// for about every row: 71% of `fillSumHistogram`'s samples, and that function 61% of an
    /// extra-trees fit on bench-scale's million-row regression set (perf). The copy is one
    /// pass over the node's rows a feature; the block is about a megabyte.
    private let stride: Int
    private let localRows: Int
    private let local: UnsafeMutablePointer<UInt8>
    private let localScratch: UnsafeMutablePointer<UInt8>
    /// `offsets[j]` = `j × stride`, the offset of the local block's `j`-th row.
    private let offsets: UnsafeMutablePointer<Int32>
    /// Where the node's first row sits in `indices` when its bins are in `local`, else -1.
    private var localBase = -1
    /// Per row of the node (`start..<end`): where its bins are in the columns `column(_:)`
    /// gives: `indices` (the row number) or, in `local`, `offsets` shifted by `localBase`.
    private var rowIndex: UnsafePointer<Int32>

    /// `hasMissing`: per feature, whether any row has bin 0 (`BinnedMatrix.featuresWithMissing`);
    /// `localRows`: how many rows a node may have for its subtree to read its bins from a local
    /// copy (`enterLocal`; by default a megabyte's worth, at least 1,024; 0 never copies them).
    init(
        data: BinnedMatrix, cells: UnsafePointer<UInt8>, target: Target, parameters: ForestParameters,
        hasMissing: [Bool], localRows: Int? = nil
    ) {
        self.data = data
        self.cells = cells
        self.target = target
        self.parameters = parameters
        self.maxFeatures = parameters.maxFeatures.resolved(features: data.featureCount)
        self.maxDepth = parameters.maxDepth ?? Int.max
        if case .classes(_, let classes) = target { leafWidth = classes } else { leafWidth = 1 }
        self.importances = [Double](repeating: 0, count: data.featureCount)
        self.featureOrder = Array(0..<data.featureCount)
        weight = .allocate(capacity: max(data.rowCount, 1))
        if case .values = target { isRegression = true } else { isRegression = false }
        packed = .allocate(capacity: max(data.rowCount, 1))
        scratchPacked = .allocate(capacity: max(data.rowCount, 1))
        values = .allocate(capacity: isRegression ? max(data.rowCount, 1) : 1)
        scratchValues = .allocate(capacity: isRegression ? max(data.rowCount, 1) : 1)
        indices = .allocate(capacity: max(data.rowCount, 1))
        scratch = .allocate(capacity: max(data.rowCount, 1))
        histogramClasses = .allocate(capacity: 256 * leafWidth)
        nodeClasses = .allocate(capacity: leafWidth)
        leftClasses = .allocate(capacity: leafWidth)
        leafScratch = .allocate(capacity: leafWidth)
        isKnownConstant = .allocate(capacity: max(data.featureCount, 1))
        isKnownConstant.initialize(repeating: false, count: data.featureCount)
        constants = .allocate(capacity: max(data.featureCount, 1))
        self.hasMissing = hasMissing
        let batchSlots = (min(maxFeatures, data.featureCount) + 3) / 4 * 4
        batch = .allocate(capacity: max(batchSlots, 4) * 256)
        batchFeature = .allocate(capacity: max(batchSlots, 4))
        foreseenOrder = .allocate(capacity: max(data.featureCount, 1))
        stride = max((data.featureCount + 7) / 8 * 8, 8)
        self.localRows = min(data.rowCount, localRows ?? max(1024, (1 << 20) / stride))
        local = .allocate(capacity: max(self.localRows, 1) * stride)
        localScratch = .allocate(capacity: max(self.localRows, 1) * stride)
        offsets = .allocate(capacity: max(self.localRows, 1))
        for j in 0..<self.localRows { offsets[j] = Int32(j * stride) }
        rowIndex = UnsafePointer(indices)
    }

    deinit {
        weight.deallocate()
        packed.deallocate()
        scratchPacked.deallocate()
        values.deallocate()
        scratchValues.deallocate()
        indices.deallocate()
        scratch.deallocate()
        histogram.deallocate()
        histogramWeight.deallocate()
        histogramPositive.deallocate()
        histogramClasses.deallocate()
        histogramSums.deallocate()
        sides.deallocate()
        nodeClasses.deallocate()
        leftClasses.deallocate()
        leafScratch.deallocate()
        isKnownConstant.deallocate()
        constants.deallocate()
        batch.deallocate()
        batchFeature.deallocate()
        foreseenOrder.deallocate()
        local.deallocate()
        localScratch.deallocate()
        offsets.deallocate()
    }

    /// Copies the bins of the node's rows (`start..<end`) into `local` when they fit and no
    /// ancestor did; then true, and the caller calls `leaveLocal` once the node is grown.
    /// - Complexity: O(rows in the node × features).
    private func enterLocal(start: Int, end: Int) -> Bool {
        guard localBase < 0, end - start <= localRows else { return false }
        let n = data.rowCount
        for feature in 0..<data.featureCount {
            let column = cells + feature * n
            var at = local + feature
            for k in start..<end {
                at.pointee = column[Int(indices[k])]
                at += stride
            }
        }
        localBase = start
        rowIndex = UnsafePointer(offsets) - start
        return true
    }

    private func leaveLocal() {
        localBase = -1
        rowIndex = UnsafePointer(indices)
    }

    /// Feature `feature`'s bins, read at `rowIndex[k]` for the node's `k`-th row.
    @inline(__always)
    private func column(_ feature: Int) -> UnsafePointer<UInt8> {
        localBase >= 0 ? UnsafePointer(local + feature) : cells + feature * data.rowCount
    }

    /// Unmarks the features found constant since the list held `count` (by a node now grown).
    private func forgetConstants(since count: Int) {
        while constantCount > count {
            constantCount -= 1
            isKnownConstant[Int(constants[constantCount])] = false
        }
    }

    /// Grows the tree on a bootstrap sample (or all rows) drawn with `generator`.
    /// - Complexity: O(rows × features tried × depth) for the histograms.
    func build(using generator: inout SplitMix64) {
        let n = data.rowCount
        weight.initialize(repeating: 0, count: n)
        if parameters.bootstrap {
            for _ in 0..<n { weight[generator.below(n)] += 1 }
        } else {
            weight.initialize(repeating: 1, count: n)
        }
        var inBag = 0
        var totalWeight: Int32 = 0
        var totalPositive: Int32 = 0
        /// Takes row `i` into the bag with the high half of its packed word.
        func take(_ i: Int, high: UInt32) {
            indices[inBag] = Int32(i)
            packed[inBag] = UInt64(UInt32(weight[i])) | UInt64(high) << 32
            totalWeight += weight[i]
            inBag += 1
        }
        switch target {
        case .binary(let labels):
            for i in 0..<n where weight[i] > 0 {
                let positive = labels[i] == 1 ? weight[i] : 0
                totalPositive += positive
                take(i, high: UInt32(positive))
            }
        case .classes(let labels, _):
            for i in 0..<n where weight[i] > 0 { take(i, high: UInt32(labels[i])) }
        case .values(let targets):
            for i in 0..<n where weight[i] > 0 {
                values[inBag] = targets[i]
                take(i, high: 0)
            }
        }
        nodes = TreeNodes()
        let root = nodes.appendNode(cover: Double(totalWeight))
        guard inBag > 0 else {
            leafScratch.initialize(repeating: leafWidth > 1 ? 1 / Double(leafWidth) : 0, count: leafWidth)
            nodes.makeLeaf(root, values: UnsafeBufferPointer(start: leafScratch, count: leafWidth))
            return
        }
        if case .binary = target {
            growBinary(
                node: root, start: 0, end: inBag, depth: 0, weight: totalWeight, positive: totalPositive,
                using: &generator)
        } else {
            grow(node: root, start: 0, end: inBag, depth: 0, using: &generator)
        }
    }

    /// Grows a binary node whose weight and weighted positives are known from its parent's split.
    private func growBinary(
        node: Int, start: Int, end: Int, depth: Int, weight w: Int32, positive p: Int32,
        using generator: inout SplitMix64
    ) {
        let minLeaf = Int32(parameters.minSamplesLeaf)
        nodes.cover[node] = Double(w)
        if depth >= maxDepth || w < Int32(parameters.minSamplesSplit) || w < 2 * minLeaf || p == 0 || p == w {
            nodes.makeLeaf(node, value: Double(p) / Double(w))
            return
        }
        let knownBefore = constantCount
        let entered = enterLocal(start: start, end: end)
        defer {
            forgetConstants(since: knownBefore)
            if entered { leaveLocal() }
        }
        guard let best = findSplit(start: start, end: end, weight: w, positive: p, using: &generator) else {
            nodes.makeLeaf(node, value: Double(p) / Double(w))
            return
        }
        let left = split(node, start: start, end: end, weight: w, best)
        growBinary(
            node: left, start: start, end: best.middle, depth: depth + 1, weight: best.split.leftWeight,
            positive: best.split.leftPositive, using: &generator)
        growBinary(
            node: left + 1, start: best.middle, end: end, depth: depth + 1, weight: w - best.split.leftWeight,
            positive: p - best.split.leftPositive, using: &generator)
    }

    /// Grows a multiclass or regression node, counting its rows' classes or summing their
    /// values first (O(rows in the node), like the partition).
    private func grow(node: Int, start: Int, end: Int, depth: Int, using generator: inout SplitMix64) {
        var w: Int32 = 0
        var sum = 0.0
        var isPure = true
        switch target {
        case .binary:
            return
        case .classes(_, let classes):
            nodeClasses.initialize(repeating: 0, count: classes)
            for k in start..<end {
                let rowWeight = Int32(truncatingIfNeeded: packed[k])
                nodeClasses[Int(packed[k] >> 32)] += rowWeight
                w += rowWeight
            }
            for c in 0..<classes {
                leafScratch[c] = Double(nodeClasses[c]) / Double(w)
                if nodeClasses[c] != 0 && nodeClasses[c] != w { isPure = false }
            }
        case .values:
            let first = values[start]
            for k in start..<end {
                let rowWeight = Int32(truncatingIfNeeded: packed[k])
                w += rowWeight
                sum += Double(rowWeight) * values[k]
                if values[k] != first { isPure = false }
            }
            leafScratch[0] = sum / Double(w)
        }
        nodes.cover[node] = Double(w)
        let minLeaf = Int32(parameters.minSamplesLeaf)
        let knownBefore = constantCount
        let splits = depth < maxDepth && w >= Int32(parameters.minSamplesSplit) && w >= 2 * minLeaf && !isPure
        let entered = splits && enterLocal(start: start, end: end)
        defer {
            forgetConstants(since: knownBefore)
            if entered { leaveLocal() }
        }
        guard splits, let best = findSplit(start: start, end: end, weight: w, sum: sum, using: &generator)
        else {
            nodes.makeLeaf(node, values: UnsafeBufferPointer(start: leafScratch, count: leafWidth))
            return
        }
        let left = split(node, start: start, end: end, weight: w, best)
        grow(node: left, start: start, end: best.middle, depth: depth + 1, using: &generator)
        grow(node: left + 1, start: best.middle, end: end, depth: depth + 1, using: &generator)
    }

    /// Makes `node` (of in-bag weight `weight`) a split, appends its two children and returns
    /// the left one's index.
    ///
    /// Where a missing value goes: a node with rows missing the feature sends them as the
    /// search placed them (a category's bin 0 in its order, by its rows' class shares or mean;
    /// a number's to the side the search learned, `ThresholdSearch`; before trainer 9 always
    /// left, with the lowest values). A node without any sends them, and an unseen category
    /// (bin 0 at prediction), to the heavier child, as scikit-learn's trees and
    /// HistGradientBoosting do for a feature with no missing values in training; before trainer
    /// 8 they went wherever the search's order left bin 0, which for a binary subset split is
    /// the side of the categories richest in positives (trial21 #1: every unseen category of a
    /// 9%-positive set scored 0.69). The rows are partitioned already; with none in bin 0, the
    /// choice moves none of them.
    private func split(
        _ node: Int, start: Int, end: Int, weight: Int32, _ best: (split: ForestSplit, middle: Int)
    ) -> Int {
        let left = nodes.appendNode(cover: 0)
        _ = nodes.appendNode(cover: 0)
        nodes.feature[node] = Int16(best.split.feature)
        nodes.left[node] = UInt32(left)
        let noneMissing = best.split.missingWeight == 0
        let leftHeavier = best.split.leftWeight > weight - best.split.leftWeight
        let rightHeavier = weight - best.split.leftWeight > best.split.leftWeight
        if data.isCategorical[best.split.feature] {
            var leftBins = best.split.leftBins
            if noneMissing && leftHeavier { leftBins.insert(0) }
            nodes.split[node] = UInt32(nodes.bitsets.count)
            nodes.bitsets.append(contentsOf: leftBins.words(binCount: data.binCounts[best.split.feature]))
        } else {
            nodes.split[node] = UInt32(best.split.threshold)
            nodes.missingRight[node] = best.split.missingRight || (noneMissing && rightHeavier)
        }
        importances[best.split.feature] += best.split.improvement
        return left
    }

    /// Moves the rows that go left to the front of `start..<end` (stable, without branches
    /// on the outcome: each row is written to both sides and only one cursor advances);
    /// returns where the right ones begin. Row order within a node does not change the tree:
    /// class histograms are integer sums, and value sums keep row order.
    ///
    /// A numeric row's side is `rightSide`'s sign bit, a category's (and that of a number
    /// whose missing rows go right) a look-up in `sides`: a comparison, even one turned into 0 or 1, compiled to a jump that mispredicted
    /// for about every other row of an extra tree's random split (a quarter of its fit).
    /// In a subtree read from `local`, the rows' bins there move the same way.
    /// - Complexity: O(rows in the node), × features in `local`.
    private func partition(start: Int, end: Int, split: ForestSplit) -> Int {
        let feature = split.feature
        if data.isCategorical[feature] || split.missingRight {
            for bin in 0..<data.binCounts[feature] {
                let goesLeft =
                    data.isCategorical[feature] ? split.contains(UInt8(bin)) : bin != 0 && bin <= split.threshold
                sides[bin] = goesLeft ? 1 : 0
            }
            return partition(start: start, end: end, feature: feature) { bin in Int(sides[Int(bin)]) }
        }
        let threshold = split.threshold
        return partition(start: start, end: end, feature: feature) { bin in
            1 &- rightSide(bin: bin, threshold: threshold)
        }
    }

    /// `partition(start:end:split:)` on `feature` with `side(bin)` 1 for the bins that go
    /// left, else 0; then, in a subtree read from `local`, its rows there.
    @inline(__always)
    private func partition(start: Int, end: Int, feature: Int, side: (UInt8) -> Int) -> Int {
        let middle = partition(start: start, end: end, column: column(feature), side: side)
        guard localBase >= 0 else { return middle }
        // The rows' bins, `stride` bytes each, moved stably as whole words (`stride` is a
        // multiple of 8): written to both sides, one cursor advancing.
        let words = stride / 8
        let first = UnsafeMutableRawPointer(local + (start - localBase) * stride)
        var row = UnsafeRawPointer(first)
        var left = first
        var right = UnsafeMutableRawPointer(localScratch)
        for _ in start..<end {
            let goesLeft = side(row.load(fromByteOffset: feature, as: UInt8.self))
            for w in 0..<words {
                let word = row.loadUnaligned(fromByteOffset: w &* 8, as: UInt64.self)
                left.storeBytes(of: word, toByteOffset: w &* 8, as: UInt64.self)
                right.storeBytes(of: word, toByteOffset: w &* 8, as: UInt64.self)
            }
            row += stride
            left += goesLeft &* stride
            right += (1 &- goesLeft) &* stride
        }
        left.copyMemory(from: localScratch, byteCount: right - UnsafeMutableRawPointer(localScratch))
        return middle
    }

    /// `partition(start:end:split:)` with `side(bin)` 1 for the bins that go left, else 0;
    /// rows take their packed words (and values) along.
    @inline(__always)
    private func partition(start: Int, end: Int, column: UnsafePointer<UInt8>, side: (UInt8) -> Int) -> Int {
        var left = start
        var right = 0
        // One loop per case, so that a classification row does not carry (or test for) a value.
        if isRegression {
            for k in start..<end {
                let row = indices[k]
                let word = packed[k]
                let value = values[k]
                let goesLeft = side(column[Int(rowIndex[k])])
                indices[left] = row
                packed[left] = word
                values[left] = value
                scratch[right] = row
                scratchPacked[right] = word
                scratchValues[right] = value
                left &+= goesLeft
                right &+= 1 &- goesLeft
            }
            (values + left).update(from: scratchValues, count: right)
        } else {
            for k in start..<end {
                let row = indices[k]
                let word = packed[k]
                let goesLeft = side(column[Int(rowIndex[k])])
                indices[left] = row
                packed[left] = word
                scratch[right] = row
                scratchPacked[right] = word
                left &+= goesLeft
                right &+= 1 &- goesLeft
            }
        }
        (indices + left).update(from: scratch, count: right)
        (packed + left).update(from: scratchPacked, count: right)
        return left
    }

    /// The best binary split, partitioned.
    private func findSplit(
        start: Int, end: Int, weight w: Int32, positive p: Int32, using generator: inout SplitMix64
    ) -> (split: ForestSplit, middle: Int)? {
        let minLeaf = Int32(parameters.minSamplesLeaf)
        batchCount = 0
        if end - start >= Self.batchRows {
            foresee(generator)
            fillBatch(start: start, end: end)
        }
        return bestOfFeatures(start: start, end: end, using: &generator) { feature in
            if !takeBatched(feature) { fillHistogram(feature: feature, start: start, end: end) }
            return GiniSplitSearch(
                weights: histogramWeight, positives: histogramPositive, binCount: data.binCounts[feature],
                totalWeight: w, totalPositive: p, minLeaf: minLeaf)
        }
    }

    /// The best multiclass or regression split, partitioned (`nodeClasses` holds the node's
    /// class weights; `sum` is its weighted target sum).
    private func findSplit(
        start: Int, end: Int, weight w: Int32, sum: Double, using generator: inout SplitMix64
    ) -> (split: ForestSplit, middle: Int)? {
        let minLeaf = Int32(parameters.minSamplesLeaf)
        switch target {
        case .binary:
            return nil
        case .classes(_, let classes):
            return bestOfFeatures(start: start, end: end, using: &generator) { feature in
                fillClassHistogram(feature: feature, classes: classes, start: start, end: end)
                return ClassSplitSearch(
                    counts: histogramClasses, weights: histogramWeight, binCount: data.binCounts[feature],
                    totals: nodeClasses, left: leftClasses, classes: classes, totalWeight: w, minLeaf: minLeaf)
            }
        case .values:
            return bestOfFeatures(start: start, end: end, using: &generator) { feature in
                fillSumHistogram(feature: feature, start: start, end: end)
                return VarianceSplitSearch(
                    weights: histogramWeight, sums: histogramSums, binCount: data.binCounts[feature],
                    totalWeight: w, totalSum: sum, minLeaf: minLeaf)
            }
        }
    }

    /// The best split over up to `maxFeatures` non-constant features drawn at random, each
    /// searched by the search `searching(feature)` returns, and the partition it makes. As in
    /// CART, a split that gains nothing is still taken when it is the best (XOR needs that).
    ///
    /// A feature found constant here is constant in every node below (their rows are some of
    /// this node's), so it stays marked until this node is grown: drawn again below, it is
    /// skipped without a histogram, as scikit-learn skips the constant features it knows of.
    /// It is still drawn, so the draws, and the tree, are the same as without the marks.
    @inline(__always)
    private func bestOfFeatures<Search: ForestSplitSearch>(
        start: Int, end: Int, using generator: inout SplitMix64, searching: (Int) -> Search
    ) -> (split: ForestSplit, middle: Int)? {
        var best: ForestSplit?
        var visited = 0
        let featureCount = data.featureCount
        var drawn = 0
        while drawn < featureCount && visited < maxFeatures {
            let pick = drawn + generator.below(featureCount - drawn)
            featureOrder.swapAt(drawn, pick)
            let feature = featureOrder[drawn]
            drawn += 1
            if isKnownConstant[feature] { continue }
            let search = searching(feature)
            guard !search.isConstant else {
                isKnownConstant[feature] = true
                constants[constantCount] = Int32(feature)
                constantCount += 1
                continue
            }
            visited += 1
            let candidate: ForestSplit?
            switch (data.isCategorical[feature], parameters.randomThresholds) {
            case (false, false): candidate = search.bestThreshold(feature: feature)
            case (false, true):
                candidate = search.randomThreshold(
                    feature: feature, midpoints: data.binMidpoints[feature], using: &generator)
            case (true, false): candidate = search.bestSubset(feature: feature)
            case (true, true): candidate = search.randomSubset(feature: feature, using: &generator)
            }
            if var candidate, candidate.improvement > (best?.improvement ?? -1) {
                // Every search reads the histogram this feature just filled.
                candidate.missingWeight = histogramWeight[0]
                best = candidate
            }
        }
        guard let best else { return nil }
        return (best, partition(start: start, end: end, split: best))
    }

    /// 0 when a row in `bin` goes left of `threshold` (`bin <= threshold`), else 1: the sign
    /// bit of `threshold − bin`, with no comparison to compile to a jump.
    @inline(__always)
    private func rightSide(bin: UInt8, threshold: Int) -> Int {
        Int(bitPattern: UInt(bitPattern: threshold &- Int(bin)) &>> 63)
    }

    /// Fills the binary histogram of `feature` over the node's rows. Each row adds its packed
    /// (weight, weight × label) word with one integer add; large nodes spread rows over four
    /// histogram copies so consecutive rows in one bin do not wait on each other's stores.
    /// - Complexity: O(rows in the node + bins).
    private func fillHistogram(feature: Int, start: Int, end: Int) {
        let bins = data.binCounts[feature]
        let column = column(feature)
        let indices = rowIndex
        let copies = end - start >= 256 ? 4 : 1
        histogram.initialize(repeating: 0, count: bins * copies)
        var k = start
        if copies == 4 {
            let h1 = histogram + bins
            let h2 = histogram + 2 * bins
            let h3 = histogram + 3 * bins
            while k + 4 <= end {
                histogram[Int(column[Int(indices[k])])] &+= packed[k]
                h1[Int(column[Int(indices[k &+ 1])])] &+= packed[k &+ 1]
                h2[Int(column[Int(indices[k &+ 2])])] &+= packed[k &+ 2]
                h3[Int(column[Int(indices[k &+ 3])])] &+= packed[k &+ 3]
                k &+= 4
            }
        }
        while k < end {
            histogram[Int(column[Int(indices[k])])] &+= packed[k]
            k &+= 1
        }
        for bin in 0..<bins {
            var sum = histogram[bin]
            for copy in 1..<copies { sum &+= histogram[copy * bins + bin] }
            histogramWeight[bin] = Int32(truncatingIfNeeded: sum)
            histogramPositive[bin] = Int32(truncatingIfNeeded: sum >> 32)
        }
    }

    /// Foresees the features `bestOfFeatures` will visit in a binary node, drawing as it will
    /// with a copy of `generator`: the same picks, each visited feature followed by the draws
    /// of its search (none for a best cut; for a random one, one, and a second for a numeric
    /// feature some row misses). A feature found constant, or a node without the missing rows
    /// foreseen, makes the draw go otherwise: the features it visits that were not foreseen
    /// fill their histograms as before, so the tree is the same whatever was foreseen.
    /// - Complexity: O(features).
    private func foresee(_ generator: SplitMix64) {
        var generator = generator
        let featureCount = data.featureCount
        for i in 0..<featureCount { foreseenOrder[i] = featureOrder[i] }
        var drawn = 0
        while drawn < featureCount && batchCount < maxFeatures {
            let pick = drawn + generator.below(featureCount - drawn)
            let feature = foreseenOrder[pick]
            foreseenOrder[pick] = foreseenOrder[drawn]
            foreseenOrder[drawn] = feature
            drawn += 1
            if isKnownConstant[feature] { continue }
            batchFeature[batchCount] = feature
            batchCount += 1
            if parameters.randomThresholds {
                _ = generator.next()
                if !data.isCategorical[feature] && hasMissing[feature] { _ = generator.next() }
            }
        }
    }

    /// Sums the binary histograms of the `batchCount` foreseen features over the node's rows,
    /// four features a pass; each bin adds the same packed words as `fillHistogram` does.
    /// - Complexity: O(rows in the node × passes + bins × features).
    private func fillBatch(start: Int, end: Int) {
        var first = 0
        while first < batchCount {
            let width = min(4, batchCount - first)
            let h0 = batch + first * 256
            let h1 = h0 + 256
            let h2 = h0 + 512
            let h3 = h0 + 768
            for slot in first..<(first + width) {
                (batch + slot * 256).initialize(repeating: 0, count: data.binCounts[batchFeature[slot]])
            }
            let c0 = column(batchFeature[first])
            let c1 = width > 1 ? column(batchFeature[first + 1]) : c0
            let c2 = width > 2 ? column(batchFeature[first + 2]) : c0
            let c3 = width > 3 ? column(batchFeature[first + 3]) : c0
            for k in start..<end {
                let row = Int(rowIndex[k])
                let word = packed[k]
                h0[Int(c0[row])] &+= word
                guard width > 1 else { continue }
                h1[Int(c1[row])] &+= word
                guard width > 2 else { continue }
                h2[Int(c2[row])] &+= word
                guard width > 3 else { continue }
                h3[Int(c3[row])] &+= word
            }
            first += width
        }
    }

    /// Fills `histogramWeight` and `histogramPositive` from `feature`'s batched histogram;
    /// false when it was not foreseen.
    private func takeBatched(_ feature: Int) -> Bool {
        for slot in 0..<batchCount where batchFeature[slot] == feature {
            let sums = batch + slot * 256
            for bin in 0..<data.binCounts[feature] {
                histogramWeight[bin] = Int32(truncatingIfNeeded: sums[bin])
                histogramPositive[bin] = Int32(truncatingIfNeeded: sums[bin] >> 32)
            }
            return true
        }
        return false
    }

    /// Fills the per-class weights of `feature`'s bins over the node's rows.
    /// - Complexity: O(rows in the node + bins × classes).
    private func fillClassHistogram(feature: Int, classes: Int, start: Int, end: Int) {
        let bins = data.binCounts[feature]
        let column = column(feature)
        histogramClasses.initialize(repeating: 0, count: bins * classes)
        histogramWeight.initialize(repeating: 0, count: bins)
        for k in start..<end {
            let bin = Int(column[Int(rowIndex[k])])
            let rowWeight = Int32(truncatingIfNeeded: packed[k])
            histogramClasses[bin &* classes &+ Int(packed[k] >> 32)] &+= rowWeight
            histogramWeight[bin] &+= rowWeight
        }
    }

    /// Fills the weights and weighted value sums of `feature`'s bins over the node's rows, in
    /// row order.
    /// - Complexity: O(rows in the node + bins).
    private func fillSumHistogram(feature: Int, start: Int, end: Int) {
        let bins = data.binCounts[feature]
        let column = column(feature)
        histogramSums.initialize(repeating: 0, count: bins)
        histogramWeight.initialize(repeating: 0, count: bins)
        for k in start..<end {
            let bin = Int(column[Int(rowIndex[k])])
            let rowWeight = Int32(truncatingIfNeeded: packed[k])
            histogramSums[bin] += Double(rowWeight) * values[k]
            histogramWeight[bin] &+= rowWeight
        }
    }
}
