/// Per-bin sums of gradients, hessians and row counts for every feature of one tree node,
/// laid out flat: feature `f`'s bins start at `offsets[f]`.
struct GradientHistogram {
    var gradient: [Double]
    var hessian: [Double]
    var count: [Int32]

    init(bins: Int) {
        gradient = [Double](repeating: 0, count: bins)
        hessian = [Double](repeating: 0, count: bins)
        count = [Int32](repeating: 0, count: bins)
    }

    /// `parent − child`: the sibling's histogram without another pass over its rows.
    /// - Complexity: O(bins).
    static func subtracting(_ parent: GradientHistogram, _ child: GradientHistogram) -> GradientHistogram {
        var result = parent
        for b in result.gradient.indices {
            result.gradient[b] -= child.gradient[b]
            result.hessian[b] -= child.hessian[b]
            result.count[b] -= child.count[b]
        }
        return result
    }
}

/// A candidate boosting split for one leaf.
struct BoostingSplit {
    var feature: Int
    var threshold: Int = 0
    var leftBins = BinSet()
    var gain: Double
    var leftGradient: Double
    var leftHessian: Double
    var leftCount: Int32

    @inline(__always)
    func goesLeft(_ bin: UInt8, categorical: Bool) -> Bool {
        categorical ? leftBins.contains(bin) : Int(bin) <= threshold
    }
}

/// The best split of one leaf over every feature, by the second-order gain
/// G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ).
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
        for f in binCounts.indices {
            let base = offsets[f]
            var order = Array(0..<binCounts[f]).filter { h.count[base + $0] > 0 }
            guard order.count > 1 else { continue }
            if isCategorical[f] {
                // Categories by mean gradient, smoothed so rare ones stay in the middle.
                order.sort { a, b in
                    let ra = h.gradient[base + a] / (h.hessian[base + a] + 10)
                    let rb = h.gradient[base + b] / (h.hessian[base + b] + 10)
                    return ra != rb ? ra < rb : a < b
                }
            }
            var gl = 0.0
            var hl = 0.0
            var cl: Int32 = 0
            for cut in 0..<(order.count - 1) {
                let bin = base + order[cut]
                gl += h.gradient[bin]
                hl += h.hessian[bin]
                cl += h.count[bin]
                if cl < minLeaf || hl < minHessian { continue }
                if count - cl < minLeaf || hessian - hl < minHessian { break }
                let gr = gradient - gl
                let hr = hessian - hl
                let gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parent
                if gain > (best?.gain ?? 1e-12) {
                    var split = BoostingSplit(
                        feature: f, gain: gain, leftGradient: gl, leftHessian: hl, leftCount: cl)
                    if isCategorical[f] {
                        for b in order[0...cut] { split.leftBins.insert(b) }
                    } else {
                        split.threshold = order[cut]
                    }
                    best = split
                }
            }
        }
        return best
    }
}
