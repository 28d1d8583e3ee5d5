import Basics
import Foundation
import Testing

@testable import Evaluation

/// A distance's chance level (`DriftStatistics.chanceLevel`): windows of requests drawn from
/// the training distribution itself must not be called drift however skewed the field, while a
/// real shift still is.
@Suite struct DriftChanceTests {
    /// A zero-inflated field, as capital-gain: `zeroShare` of the values 0, the rest log-normal
    /// (μ 5, σ 1), so that a few hundred values' Wasserstein distance from the training data
    /// crosses Evidently's 0.1 by chance.
    static func draw(_ count: Int, zeroShare: Double, using generator: inout SplitMix64) -> [Double] {
        (0..<count).map { _ in
            guard Double.random(in: 0..<1, using: &generator) >= zeroShare else { return 0 }
            // Box–Muller.
            let u = Double.random(in: Double.ulpOfOne..<1, using: &generator)
            let v = Double.random(in: 0..<1, using: &generator)
            return exp(5 + (-2 * log(u)).squareRoot() * cos(2 * .pi * v))
        }
    }

    /// 60 windows of 300 requests (`--min-requests 300`) drawn from the training distribution:
    /// the threshold alone calls several of them drift (15% of such windows over ten references
    /// in a Python replica), the threshold and the chance level at most one in twenty (1.75%
    /// there; a level at the 99th percentile lets about 1% through); windows where two and a half
    /// times as many values are not zero are still drift.
    @Test func windowsFromTheTrainingDistributionDoNotDrift() throws {
        var generator = SplitMix64(seed: 7)
        let sample = Self.draw(5000, zeroShare: 0.9, using: &generator)
        var pastThreshold = 0, pastChance = 0, shiftedPastChance = 0
        for _ in 0..<60 {
            let window = Self.draw(300, zeroShare: 0.9, using: &generator)
            let distance = try DriftStatistics.normalisedWassersteinDistance(reference: sample, current: window)
            if distance >= 0.1 {
                pastThreshold += 1
                let level = try DriftStatistics.chanceLevel(.wasserstein, sample: sample, window: window, salt: "gain")
                if distance > level { pastChance += 1 }
            }
            let shifted = Self.draw(300, zeroShare: 0.75, using: &generator)
            let shiftedDistance = try DriftStatistics.normalisedWassersteinDistance(reference: sample, current: shifted)
            let level = try DriftStatistics.chanceLevel(.wasserstein, sample: sample, window: shifted, salt: "gain")
            if shiftedDistance >= 0.1 && shiftedDistance > level { shiftedPastChance += 1 }
        }
        #expect(pastThreshold >= 3, "the threshold alone calls only \(pastThreshold) same-distribution windows drift")
        #expect(pastChance <= 3, "\(pastChance) of 60 same-distribution windows past the chance level")
        #expect(pastChance < pastThreshold)
        #expect(shiftedPastChance >= 54, "only \(shiftedPastChance) of 60 shifted windows called drift")
    }

    /// The level is the same for the same inputs, shrinks as the window grows (about as 1/√n
    /// while the reference is much larger), and a window above the draw limit is scaled.
    @Test func levelShrinksWithTheWindow() throws {
        var generator = SplitMix64(seed: 11)
        let sample = Self.draw(5000, zeroShare: 0.5, using: &generator)
        let window = Self.draw(200_000, zeroShare: 0.5, using: &generator)
        let level = { (size: Int) in
            try DriftStatistics.chanceLevel(.wasserstein, sample: sample, window: Array(window[..<size]), salt: "x")
        }
        let small = try level(100)
        #expect(small == (try level(100)))
        let large = try level(1600)
        #expect(large < small / 2.5 && large > small / 6, "100 values: \(small), 1,600: \(large)")
        let limit = try level(DriftStatistics.chanceDrawLimit)
        let huge = try level(200_000)
        // The reference's own 5,000 values bound the noise from below.
        #expect(huge < limit && huge > limit / 2, "20,000 values: \(limit), 200,000: \(huge)")
    }

    /// Over counts: a categorical field of 60 categories, where 700 requests' Jensen–Shannon
    /// distance reaches about 0.1 by chance.
    @Test func categoricalLevelCoversTheNoiseOfManyCategories() throws {
        let counts = (1...60).map { 100 + $0 * 37 }
        let level = try DriftStatistics.chanceLevel(.jensenshannon, counts: counts, windowSize: 700, salt: "c")
        var generator = SplitMix64(seed: 3)
        let total = counts.reduce(0, +)
        var crossed = 0, beyond = 0
        for _ in 0..<50 {
            var window = [Int](repeating: 0, count: counts.count)
            for _ in 0..<700 {
                var draw = generator.below(total), bin = 0
                while draw >= counts[bin] {
                    draw -= counts[bin]
                    bin += 1
                }
                window[bin] += 1
            }
            let distance = try DriftStatistics.jensenShannonDistance(reference: counts, current: window)
            if distance >= 0.1 { crossed += 1 }
            if distance > level { beyond += 1 }
        }
        #expect(crossed >= 5, "only \(crossed) of 50 same-distribution windows past 0.1")
        #expect(level > 0.08, "the chance level \(level) is below the noise it should cover")
        #expect(beyond <= 2, "\(beyond) of 50 same-distribution windows past the chance level (\(crossed) past 0.1)")
        #expect(throws: EvaluationError.self) {
            try DriftStatistics.chanceLevel(.ks, counts: counts, windowSize: 700, salt: "c")
        }
    }
}
