// Times a full evaluation report on 16,281 synthetic rows (the size of Adult's test set),
// bootstrap and slices included. `make bench-evaluation` (scripts/bench-evaluation) builds it
// in release mode and runs it.
//   EvaluationBenchmark [--continuous] [report.json]
import Evaluation
import Foundation

@main
struct EvaluationBenchmark {
    static func main() throws {
        let rows = 16_281
        let arguments = CommandLine.arguments.dropFirst()
        let continuous = arguments.contains("--continuous")
        let output = arguments.first { !$0.hasPrefix("--") }
        var state: UInt64 = 7
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        let sexes = ["Female", "Male"]
        let races = ["Amer-Indian-Eskimo", "Asian-Pac-Islander", "Black", "Other", "White"]
        let ages = ["17-24", "25-34", "35-44", "45-54", "55-64", "65+"]
        var labels: [Bool] = [], scores: [Double] = []
        var sex: [String] = [], race: [String] = [], age: [String] = []
        for _ in 0..<rows {
            let positive = uniform() < 0.24
            labels.append(positive)
            // Forest-like probabilities: multiples of 1/100, so many ties (or, with
            // `--continuous`, nearly every score distinct: the slow case for the bootstrap).
            let raw = min(max((positive ? 0.55 : 0.2) + (uniform() - 0.5) * 0.8, 0), 1)
            scores.append(continuous ? raw : (raw * 100).rounded() / 100)
            sex.append(sexes[uniform() < 0.67 ? 1 : 0])
            let r = uniform()
            race.append(races[r < 0.01 ? 0 : r < 0.04 ? 1 : r < 0.14 ? 2 : r < 0.15 ? 3 : 4])
            age.append(ages[min(Int(uniform() * 6), 5)])
        }
        let data = try ScoredLabels(labels: labels, scores: scores)
        let groups = GroupColumns(values: ["sex": sex, "race": race, "age_band": age])
        let slices = [["sex"], ["race"], ["age_band"], ["sex", "race"]]
        var best = Double.infinity
        var report: EvaluationReport?
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            report = try EvaluationReport(
                model: .init(endpoint: "income_classifier", model: "random_forest", version: "1.0.0"),
                dataset: .init(path: "research/data/adult/adult.test", sha256: String(repeating: "0", count: 64)),
                data: data, groups: groups, slices: slices)
            let json = try report?.jsonData()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best = min(best, seconds)
            print(
                String(
                    format: "report for %d rows (1000 resamples, %d breakdowns, JSON %d bytes): %.3f s",
                    rows, slices.count, json?.count ?? 0, seconds))
        }
        print(String(format: "best of 5: %.3f s", best))
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try EvaluationReport(
            model: .init(endpoint: "e", model: "m", version: "1"), dataset: .init(path: "p", sha256: ""), data: data)
        print(String(format: "without slices: %.3f s", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
        if let report { print(report.summary()) }
        // With an argument, also write the report there (a sample for `modelpress diff`).
        if let output, let report {
            try report.write(to: URL(fileURLWithPath: output))
        }
    }
}
