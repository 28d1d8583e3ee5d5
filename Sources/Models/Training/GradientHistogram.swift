/// Per-bin sums of gradients, hessians and row counts for every feature of one tree node,
/// laid out flat: feature `f`'s bins start at `offsets[f]`. A bin's gradient and hessian sums
/// sit side by side (`sums[b].x`, `sums[b].y`), so one vector add updates both: lane by lane it
/// is the same addition as two scalar ones.
struct GradientHistogram {
    var sums: [SIMD2<Double>]
    var count: [Int32]

    init(bins: Int) {
        sums = [SIMD2<Double>](repeating: .zero, count: bins)
        count = [Int32](repeating: 0, count: bins)
    }

    @inline(__always)
    func gradient(_ bin: Int) -> Double { sums[bin].x }

    @inline(__always)
    func hessian(_ bin: Int) -> Double { sums[bin].y }

    /// `parent − child`: the sibling's histogram without another pass over its rows.
    /// - Complexity: O(bins).
    static func subtracting(_ parent: GradientHistogram, _ child: GradientHistogram) -> GradientHistogram {
        var result = parent
        result.sums.withUnsafeMutableBufferPointer { sums in
            child.sums.withUnsafeBufferPointer { other in
                for b in sums.indices { sums[b] -= other[b] }
            }
        }
        result.count.withUnsafeMutableBufferPointer { count in
            child.count.withUnsafeBufferPointer { other in
                for b in count.indices { count[b] &-= other[b] }
            }
        }
        return result
    }
}

/// A candidate boosting split for one leaf.
struct BoostingSplit {
    var feature: Int
    var threshold: Int = 0
    var leftBins = BinSet()
    /// Numeric splits only: whether missing values (bin 0) go right instead of left.
    var missingRight = false
    var gain: Double
    var leftGradient: Double
    var leftHessian: Double
    var leftCount: Int32

    @inline(__always)
    func goesLeft(_ bin: UInt8, categorical: Bool) -> Bool {
        if categorical { return leftBins.contains(bin) }
        return bin == 0 ? !missingRight : Int(bin) <= threshold
    }
}

/// The best split of one leaf over every feature, by the second-order gain
/// G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ). A numeric feature with missing values in the leaf is
/// scanned twice, its missing rows on the left and then on the right of every cut, and the
/// split keeps the better side for them (LightGBM's two-direction search; XGBoost's learned
/// default direction, Chen and Guestrin 2016, Algorithm 3).
struct BoostingSplitFinder {
    let binCounts: [Int]
    let offsets: [Int]
    let isCategorical: [Bool]
    let lambda: Double
    let minLeaf: Int32
    let minHessian = 1e-3

    /// - Complexity: O(total bins + categorical bins × log bins).
    func best(_ h: GradientHistogram, gradient: Double, hessian: Double, count: Int32) -> BoostingSplit? {
        let parent = gradient * gradient / (hessian + lambda)
        var best: BoostingSplit?
        var order: [Int] = []
        for f in binCounts.indices {
            let base = offsets[f]
            // Occupied bins only: a cut between two empty bins is the cut before them.
            order.removeAll(keepingCapacity: true)
            for b in 0..<binCounts[f] where h.count[base + b] > 0 { order.append(b) }
            guard order.count > 1 else { continue }
            if isCategorical[f] {
                // Categories by mean gradient, smoothed so rare ones stay in the middle.
                order.sort { a, b in
                    let ra = h.gradient(base + a) / (h.hessian(base + a) + 10)
                    let rb = h.gradient(base + b) / (h.hessian(base + b) + 10)
                    return ra != rb ? ra < rb : a < b
                }
            }
            // Missing rows (bin 0, first in a numeric order) on the left of every cut; then,
            // when there are any and at least two other bins, on the right.
            let directions = !isCategorical[f] && order[0] == 0 && order.count > 2 ? [false, true] : [false]
            for missingRight in directions {
                let scanned = missingRight ? order[1...] : order[...]
                var gl = 0.0
                var hl = 0.0
                var cl: Int32 = 0
                for (cut, b) in scanned.dropLast().enumerated() {
                    let bin = base + b
                    gl += h.gradient(bin)
                    hl += h.hessian(bin)
                    cl += h.count[bin]
                    if cl < minLeaf || hl < minHessian { continue }
                    if count - cl < minLeaf || hessian - hl < minHessian { break }
                    let gr = gradient - gl
                    let hr = hessian - hl
                    let gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parent
                    if gain > (best?.gain ?? 1e-12) {
                        var split = BoostingSplit(
                            feature: f, missingRight: missingRight, gain: gain, leftGradient: gl, leftHessian: hl,
                            leftCount: cl)
                        if isCategorical[f] {
                            for b in order[0...cut] { split.leftBins.insert(b) }
                        } else {
                            split.threshold = b
                        }
                        best = split
                    }
                }
            }
        }
        return best
    }
}
