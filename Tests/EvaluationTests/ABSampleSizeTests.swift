import Foundation
import Testing

@testable import Evaluation

@Suite struct ABSampleSizeTests {
    @Test func normalQuantileInvertsTheCDF() {
        #expect(abs(ABTestStatistics.normalQuantile(0.975) - 1.959964) < 1e-6)
        #expect(abs(ABTestStatistics.normalQuantile(0.8) - 0.841621) < 1e-6)
        #expect(abs(ABTestStatistics.normalQuantile(0.5)) < 1e-12)
    }

    @Test func requiredPerArmMatchesTheWorkedFormula() throws {
        // 80% vs 90%, α = 0.05, power 0.8:
        // (1.959964 · √(2 · 0.85 · 0.15) + 0.841621 · √(0.16 + 0.09))² / 0.01 = 198.96… → 199.
        #expect(ABTestStatistics.requiredPerArm(a: 0.8, b: 0.9) == 199)
        #expect(ABTestStatistics.requiredPerArm(a: 0.9, b: 0.8) == 199)
        // A smaller difference needs more: roughly 1/difference².
        let small = try #require(ABTestStatistics.requiredPerArm(a: 0.865, b: 0.872))
        #expect(small > 30_000 && small < 40_000)
        #expect(ABTestStatistics.requiredPerArm(a: 0.8, b: 0.8) == nil)
        #expect(ABTestStatistics.requiredPerArm(a: 0.8, b: 0.9, alpha: 0) == nil)
        // Accuracies 1e-12 apart would need about 4e24 per arm: more than Int holds, so no count.
        #expect(ABTestStatistics.requiredPerArm(a: 0.5, b: 0.5 + 1e-12) == nil)
    }
}
