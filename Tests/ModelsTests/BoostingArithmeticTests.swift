import Basics
import Foundation
import Scoring
import Testing

@testable import Models

/// The boosting trainer's faster paths must compute what their plain forms did, bit for bit, so
/// that models keep their bytes (BoostingBytesTests pins whole models; these pin the pieces on
/// inputs the small models may not reach): the multiclass gradients a block of rows at a time
/// against `Scoring.softmax` row by row, and the split search's numeric scan, which skips the
/// divisions of candidates that cannot win, against the scan that divides for every candidate.
@Suite struct BoostingArithmeticTests {
    /// 1,000 rows of 4 classes (several blocks of 256, the last one short), every 7th row held
    /// out so that the rows are not contiguous, raw scores from −40 to 40 (exponentials far
    /// apart), on one and two threads.
    @Test func multiclassGradientsAreSoftmaxRowByRow() {
        let data = BinnedDataset(Fixtures.mixed(.multiclass, rows: 1000), threads: 1)
        let n = data.rowCount
        let rows = (0..<n).filter { $0 % 7 != 3 }
        let loss = BoostingLoss(data, training: rows)
        let k = loss.treesPerRound
        #expect(k == 4)
        var generator = SplitMix64(seed: 26)
        let raw = (0..<(k * n)).map { _ in Double(generator.below(80_001)) / 1000 - 40 }
        let factor = Double(k) / Double(k - 1)
        var expected = [GradientPair](repeating: .zero, count: k * n)
        var probabilities = [Double](repeating: 0, count: k)
        for i in rows {
            for c in 0..<k { probabilities[c] = raw[c * n + i] }
            probabilities.withUnsafeMutableBufferPointer { softmax($0.baseAddress!, count: k) }
            for c in 0..<k {
                let p = probabilities[c]
                expected[c * n + i] = GradientPair(
                    Float(p - (Int(data.labels[i]) == c ? 1 : 0)), Float(max(factor * p * (1 - p), 1e-16)))
            }
        }
        for threads in [1, 2] {
            var gradients = [GradientPair](repeating: .zero, count: k * n)
            raw.withUnsafeBufferPointer { raw in
                gradients.withUnsafeMutableBufferPointer { gradients in
                    loss.gradients(raw: raw, rows: rows, gradients: gradients, threads: threads)
                }
            }
            let mismatches = (0..<(k * n)).filter { gradients[$0] != expected[$0] }
            #expect(mismatches.isEmpty, "\(threads) threads: first mismatch at \(mismatches.first ?? -1)")
        }
    }

    /// 3,000 random leaves of three numeric features (two of them equal, so that ties between
    /// features happen), with empty bins, missing rows or none, a minimum leaf of 1 to 40 rows
    /// and λ of 0 or 1: the same split, threshold, side for missing rows, gain and left sums as
    /// the scan that computes every candidate's gain.
    @Test func numericScanFindsTheSplitOfTheDividingScan() {
        var generator = SplitMix64(seed: 2026)
        let binCounts = [256, 256, 40]
        var offsets: [Int] = []
        var total = 0
        for bins in binCounts {
            offsets.append(total)
            total += bins
        }
        var differences = 0
        var found = 0
        for trial in 0..<3000 {
            let parameters = BoostingParameters(
                minSamplesLeaf: 1 + Int(generator.below(40)), l2Regularization: trial % 2 == 0 ? 0 : 1)
            let finder = BoostingSplitFinder(
                binCounts: binCounts, offsets: offsets, isCategorical: [false, false, false], parameters: parameters)
            var histogram = GradientHistogram(bins: total)
            let emptyShare = generator.below(4)
            let missing = generator.below(2) == 0
            for f in [0, 2] {
                for b in 0..<binCounts[f] where generator.below(4) >= emptyShare && (b > 0 || missing) {
                    let rows = Double(1 + generator.below(50))
                    // Gradients on a coarse grid, so that equal gains happen within a feature too.
                    let gradient = Double(Int(generator.below(21)) - 10) / 4 * rows
                    let hessian = Double(1 + generator.below(4)) / 4 * rows
                    histogram.sums[offsets[f] + b] = SIMD2(gradient, hessian)
                }
            }
            for b in 0..<binCounts[1] { histogram.sums[offsets[1] + b] = histogram.sums[offsets[0] + b] }
            let sum = histogram.sums[offsets[0]..<offsets[1]].reduce(SIMD2<Double>.zero, +)
            let count = Int32(sum.y.rounded()) * 2
            let got = finder.best(histogram, gradient: sum.x, hessian: sum.y, count: count)
            let want = Self.dividingScan(
                histogram, binCounts: binCounts, offsets: offsets, gradient: sum.x, hessian: sum.y, count: count,
                parameters: parameters)
            found += got == nil ? 0 : 1
            let same =
                got?.feature == want?.feature && got?.threshold == want?.threshold
                && got?.missingRight == want?.missingRight && got?.gain.bitPattern == want?.gain.bitPattern
                && got?.leftGradient.bitPattern == want?.leftGradient.bitPattern
                && got?.leftHessian.bitPattern == want?.leftHessian.bitPattern && got?.leftCount == want?.leftCount
            differences += same ? 0 : 1
        }
        #expect(differences == 0)
        #expect(found > 2000)
    }

    /// The numeric scan as trainer 10 wrote it: every occupied bin in order, each candidate's
    /// gain with its two divisions.
    static func dividingScan(
        _ h: GradientHistogram, binCounts: [Int], offsets: [Int], gradient: Double, hessian: Double, count: Int32,
        parameters: BoostingParameters
    ) -> (
        feature: Int, threshold: Int, missingRight: Bool, gain: Double, leftGradient: Double, leftHessian: Double,
        leftCount: Int32
    )? {
        let lambda = parameters.l2Regularization
        let minLeaf = Int32(parameters.minSamplesLeaf)
        let minHessian = 1e-3
        let parent = gradient * gradient / (hessian + lambda)
        let factor = Double(count) / hessian
        var best:
            (
                feature: Int, threshold: Int, missingRight: Bool, gain: Double, leftGradient: Double,
                leftHessian: Double, leftCount: Int32
            )?
        var bestGain = 1e-12
        for f in binCounts.indices {
            let order = (0..<binCounts[f]).filter { h.sums[offsets[f] + $0].y > 0 }
            guard order.count > 1 else { continue }
            for direction in 0..<(order[0] == 0 && order.count > 2 ? 2 : 1) {
                var gl = 0.0
                var hl = 0.0
                var cl: Int32 = 0
                for b in order[direction..<(order.count - 1)] {
                    let sum = h.sums[offsets[f] + b]
                    gl += sum.x
                    hl += sum.y
                    cl += Int32((sum.y * factor + 0.5).rounded(.down))
                    if cl < minLeaf || hl < minHessian { continue }
                    if count - cl < minLeaf || hessian - hl < minHessian { break }
                    let gr = gradient - gl
                    let hr = hessian - hl
                    let gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parent
                    guard gain > bestGain else { continue }
                    bestGain = gain
                    best = (f, b, direction == 1, gain, gl, hl, cl)
                }
            }
        }
        return best
    }
}
