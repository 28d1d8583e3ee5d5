import Basics
import Foundation
import Models
import Testing

@testable import Evaluation

/// Synthetic drift and no drift on the shipped versions: their test rows replayed as served
/// requests, as they are (no drift) or with one field shifted, a new category or more missing
/// values, must get the verdicts one expects.
@Suite struct DriftMonitorTests {
    struct Version {
        var reference: ReferenceDistribution
        var model: TreeModel
        var test: Dataset
    }

    static func version(_ id: String) throws -> Version {
        let folder = ReferenceDistributionTests.artifact(id)
        let root = ReferenceDistributionTests.root
        let record = try TrainingRecord.decode(try Data(contentsOf: folder.appendingPathComponent("training.json")))
        return Version(
            reference: try ReferenceDistribution.load(artifactFolder: folder, root: root).distribution,
            model: try TreeModel(contentsOf: folder.appendingPathComponent("model.bin")),
            test: try record.testDataset(root: root))
    }

    static let day = Timestamp(parsing: "2026-11-02T00:00:00Z")!

    /// The test rows as requests, one a minute from `start`, each changed by `edit`.
    static func replay(
        _ version: Version, start: Timestamp = day, rows: Range<Int>? = nil,
        edit: (Int, inout [String: FieldValue]) -> Void = { _, _ in }
    ) -> [ServedRequest] {
        let test = version.test
        let predictions = version.model.predict(test)
        return (rows ?? 0..<test.rowCount).map { r in
            var values: [String: FieldValue] = [:]
            for (f, field) in test.schema.fields.enumerated() {
                switch field.kind {
                case .numeric:
                    let x = test.numbers[f][r]
                    values[field.name] = x.isNaN ? .missing : .number(x)
                case .categorical:
                    let code = Int(test.codes[f][r])
                    values[field.name] = code < 0 ? .missing : .category(field.categories[code])
                }
            }
            edit(r, &values)
            let p = predictions[r]
            let output: FieldValue =
                switch test.schema.task {
                case .binary: .number(p.positiveProbability)
                case .regression: .number(p.value ?? .nan)
                case .multiclass: .category(p.label)
                }
            let truth =
                test.schema.task == .regression ? String(test.targets[r]) : test.schema.labelValues[Int(test.labels[r])]
            return ServedRequest(
                time: Timestamp(secondsSince1970: start.secondsSince1970 + Int64(r) * 60), values: values,
                output: output, label: p.label, value: p.value, feedback: r % 2 == 0 ? truth : nil)
        }
    }

    /// Judges every window, however small (the shipped test files have a few hundred rows).
    static func check(
        _ version: Version, _ requests: [ServedRequest], options: DriftOptions = DriftOptions(minimumRequests: 1)
    ) throws
        -> DriftMonitor
    {
        try DriftMonitor(
            reference: version.reference, model: version.model, task: version.test.schema.task, requests: requests,
            start: day, seconds: 7 * 86_400, options: options)
    }

    @Test func smallReferenceReplayOfTheTestFileDoesNotDrift() throws {
        let penguins = try Self.version("penguin_species/random_forest/1.0.0")
        let report = try Self.check(penguins, Self.replay(penguins))
        let window = try #require(report.windows.first)
        #expect(report.windows.count == 1 && window.requests == penguins.test.rowCount)
        #expect(window.drifted == [], "\(window.fields.map { ($0.name, $0.value ?? -1) })")
        // 275 training rows: Evidently's defaults are Kolmogorov–Smirnov and chi-squared.
        #expect(window.fields.first { $0.name == "bill_length_mm" }?.method == .ks)
        #expect(window.fields.first { $0.name == "island" }?.method == .chisquare)
        // Two values: Evidently's z-test.
        #expect(window.fields.first { $0.name == "sex" }?.method == .ztest)
        // The prediction's reference is these very rows' predictions.
        #expect(window.prediction?.value == 1 && window.prediction?.psi == 0)
        let feedback = try #require(window.feedback)
        #expect(feedback.metric == "accuracy" && feedback.rows == (penguins.test.rowCount + 1) / 2)
        #expect(feedback.value > 0.9)
    }

    /// Trial22 #10: a window's accuracy on a rare positive class comes with the majority
    /// class's baseline when it says little more; a balanced window's does not.
    @Test func feedbackOnARareClassNamesTheMajorityBaseline() throws {
        func requests(truths: [String], answers: [String]) -> [ServedRequest] {
            zip(truths, answers).map { truth, answer in
                ServedRequest(
                    time: Timestamp(secondsSince1970: 0), values: [:], output: .number(0), label: answer,
                    feedback: truth)
            }
        }
        let truths = Array(repeating: "no", count: 694) + Array(repeating: "yes", count: 6)
        let answers = Array(repeating: "no", count: 697) + Array(repeating: "yes", count: 3)
        let rare = try #require(
            DriftMonitor.feedback(requests(truths: truths, answers: answers), task: .binary, labels: ["no", "yes"]))
        #expect(rare.metric == "accuracy" && rare.rows == 700 && rare.majorityClass == "no" && rare.majorityRows == 694)
        #expect(
            rare.classNote
                == "accuracy is dominated by the majority class: 6 positives (yes) of 700 with feedback; always "
                + "answering no scores 0.991")
        let even = Array(repeating: "no", count: 50) + Array(repeating: "yes", count: 50)
        let balanced = try #require(
            DriftMonitor.feedback(requests(truths: even, answers: even), task: .binary, labels: ["no", "yes"]))
        #expect(balanced.value == 1 && balanced.classNote == nil && balanced.majorityRows == 50)
    }

    @Test func shiftedNumericFieldDrifts() throws {
        let penguins = try Self.version("penguin_species/random_forest/1.0.0")
        let requests = Self.replay(penguins) { _, values in
            if case .number(let x) = values["bill_length_mm"] { values["bill_length_mm"] = .number(x + 8) }
        }
        let window = try #require(try Self.check(penguins, requests).windows.first)
        #expect(window.drifted.contains("bill_length_mm"))
        #expect(!window.drifted.contains("island") && !window.drifted.contains("sex"))
        let field = try #require(window.fields.first { $0.name == "bill_length_mm" })
        #expect((field.value ?? 1) < 1e-6 && (field.psi ?? 0) > 0.25)
    }

    @Test func newCategoryDrifts() throws {
        let penguins = try Self.version("penguin_species/random_forest/1.0.0")
        let requests = Self.replay(penguins) { r, values in
            if r % 3 == 0 { values["island"] = .category("Atlantis") }
        }
        let window = try #require(try Self.check(penguins, requests).windows.first)
        let island = try #require(window.fields.first { $0.name == "island" })
        // A third of the requests in a bin the reference never had: far below 0.05 (two-sample
        // chi-squared; the one-sample form put the p-value at exactly 0 for any unseen category).
        #expect(island.drifted && (island.value ?? 1) < 1e-10, "p \(island.value ?? .nan)")
        #expect(island.unseen == ["Atlantis"])
        #expect(
            abs((island.unseenShare ?? 0) - Double((penguins.test.rowCount + 2) / 3) / Double(penguins.test.rowCount))
                < 1e-12)
        #expect(window.drifted == ["island"])
    }

    @Test func moreMissingValuesDrift() throws {
        let penguins = try Self.version("penguin_species/random_forest/1.0.0")
        let requests = Self.replay(penguins) { r, values in
            if r % 2 == 0 { values["sex"] = .missing }
        }
        let window = try #require(try Self.check(penguins, requests).windows.first)
        let sex = try #require(window.fields.first { $0.name == "sex" })
        #expect(sex.drifted && sex.missingShare >= 0.5 && sex.referenceMissingShare < 0.05)
        // The missing share decides; the present values are the test file's, and do not move.
        #expect(sex.reasons == ["missing"] && !sex.valueDrifted && (sex.missingPValue ?? 1) < 1e-6)
        #expect(window.drifted == ["sex"])
    }

    /// A field a client stops sending is drift, numeric or categorical alike, whatever the
    /// deciding measure (which has no present value to measure).
    @Test(arguments: [DriftMethod.ks, .wasserstein, .psi])
    func fieldThatStopsArrivingDrifts(_ numericMethod: DriftMethod) throws {
        let penguins = try Self.version("penguin_species/random_forest/1.0.0")
        let requests = Self.replay(penguins) { _, values in
            values["bill_length_mm"] = .missing
            values["island"] = .missing
        }
        let window = try #require(
            try Self.check(penguins, requests, options: DriftOptions(numericMethod: numericMethod, minimumRequests: 1))
                .windows.first)
        for name in ["bill_length_mm", "island"] {
            let field = try #require(window.fields.first { $0.name == name })
            #expect(field.missingShare == 1 && field.value == nil && field.psi == nil)
            #expect(field.drifted && field.reasons == ["missing"], "\(name): \(field.reasons)")
        }
        #expect(window.drifted.contains("bill_length_mm") && window.drifted.contains("island"))
    }

    /// PSI over Evidently's bins (Sturges over the reference sample and the window), not the
    /// model's (up to 255 of them): 3,000 test rows replayed stay well under the usual 0.2, and
    /// each figure equals the statistic recomputed from the sample.
    @Test func psiOfTheTestFileIsSmall() throws {
        let income = try Self.version("income_classifier/gradient_boosting/1.0.0")
        let rows = 0..<3000
        let window = try #require(
            try Self.check(
                income, Self.replay(income, rows: rows), options: DriftOptions(psiThreshold: 0.2, minimumRequests: 1)
            ).windows.first)
        #expect(window.drifted == [], "\(window.fields.map { ($0.name, $0.psi ?? -1) })")
        for (field, reference) in zip(window.fields, income.reference.fields) where reference.kind == .numeric {
            let f = try #require(income.test.schema.fields.firstIndex { $0.name == field.name })
            let bins = try DriftStatistics.histogram(
                reference: reference.sample ?? [], current: Array(income.test.numbers[f][rows]).filter(\.isFinite))
            let expected = try DriftStatistics.populationStabilityIndex(
                reference: bins.reference, current: bins.current)
            #expect(abs((field.psi ?? -1) - expected) < 1e-12, "\(field.name)")
            #expect((field.psi ?? 1) < 0.1, "\(field.name): PSI \(field.psi ?? -1)")
        }
    }

    /// A reference without its sample (hand-made or damaged) still gets a PSI, over the model's
    /// bins merged into about ten groups of equal reference mass.
    @Test func psiWithoutASampleMergesTheModelBins() throws {
        var income = try Self.version("income_classifier/gradient_boosting/1.0.0")
        for f in income.reference.fields.indices { income.reference.fields[f].sample = nil }
        let window = try #require(
            try Self.check(
                income, Self.replay(income, rows: 0..<3000),
                options: DriftOptions(numericMethod: .psi, minimumRequests: 1)
            ).windows.first)
        let field = try #require(window.fields.first { $0.name == "age" })
        let distribution = try #require(income.reference.fields.first { $0.name == "age" })
        let grouped = try FieldDrift.binnedPresent(
            distribution, bins: ReferenceBins(distribution, model: income.model), present: [40])
        #expect((8...11).contains(grouped.reference.count), "\(grouped.reference)")
        #expect((field.psi ?? 1) < 0.1 && !field.drifted, "\(field.psi ?? -1)")
    }

    /// A window with fewer requests than the minimum is measured but not judged.
    @Test func smallWindowIsMeasuredNotJudged() throws {
        let penguins = try Self.version("penguin_species/random_forest/1.0.0")
        let requests = Self.replay(penguins) { _, values in
            if case .number(let x) = values["bill_length_mm"] { values["bill_length_mm"] = .number(x + 8) }
        }
        let report = try Self.check(penguins, requests, options: DriftOptions())
        let window = try #require(report.windows.first)
        #expect(window.requests < DriftOptions.defaultMinimumRequests)
        #expect(!window.judged && window.drifted == [] && !report.drifted)
        let field = try #require(window.fields.first { $0.name == "bill_length_mm" })
        #expect((field.value ?? 1) < 1e-6 && !field.drifted && field.reasons == [])
        let judged = try Self.check(penguins, requests, options: DriftOptions(minimumRequests: window.requests))
        #expect(judged.windows.first?.judged == true && judged.drifted)
    }

    /// 32,561 training rows: Wasserstein and Jensen–Shannon decide. A week of test rows as they
    /// are, then a week with `age` ten years older: only the second week's age drifts.
    @Test func largeReferenceWindowsAndShift() throws {
        let income = try Self.version("income_classifier/gradient_boosting/1.0.0")
        let week = Int64(7 * 86_400)
        let first = Self.replay(income, rows: 0..<3000)
        let second = Self.replay(
            income, start: Timestamp(secondsSince1970: Self.day.secondsSince1970 + week), rows: 3000..<6000
        ) { _, values in
            if case .number(let x) = values["age"] { values["age"] = .number(x + 10) }
        }
        let report = try Self.check(income, first + second)
        #expect(report.windows.count == 2)
        #expect(report.windows[0].drifted == [], "\(report.windows[0].fields.map { ($0.name, $0.value ?? -1) })")
        #expect(report.windows[0].fields.first { $0.name == "age" }?.method == .wasserstein)
        #expect(report.windows[0].fields.first { $0.name == "workclass" }?.method == .jensenshannon)
        #expect(report.windows[1].drifted.contains("age"))
        #expect(report.drifted)
        // A window without requests is kept, with nothing measured.
        let gap = try Self.check(
            income,
            first
                + Self.replay(
                    income, start: Timestamp(secondsSince1970: Self.day.secondsSince1970 + 2 * week), rows: 0..<10))
        #expect(gap.windows.map(\.requests) == [3000, 0, 10])
    }

    @Test func optionsChangeTheMeasureAndThreshold() throws {
        let penguins = try Self.version("penguin_species/random_forest/1.0.0")
        let requests = Self.replay(penguins)
        let psi = try Self.check(
            penguins, requests, options: DriftOptions(numericMethod: .psi, categoricalMethod: .psi, minimumRequests: 1))
        let window = try #require(psi.windows.first)
        #expect(window.fields.allSatisfy { $0.method == .psi && $0.value == $0.psi })
        // A PSI threshold nothing can stay under: PSI still decides nothing on the test rows as
        // they are (within what as many rows give by chance), and decides a shifted field.
        let strict = try Self.check(penguins, requests, options: DriftOptions(psiThreshold: 1e-9, minimumRequests: 1))
        let unshifted = try #require(strict.windows.first)
        #expect(unshifted.fields.allSatisfy { ($0.psi ?? 0) <= ($0.psiChanceLevel ?? 0) && !$0.psiDrifted })
        let shifted = try Self.check(
            penguins,
            Self.replay(penguins) { _, values in
                if case .number(let x) = values["bill_length_mm"] { values["bill_length_mm"] = .number(x + 8) }
            }, options: DriftOptions(thresholds: [.ks: 1e-30], psiThreshold: 1e-9, minimumRequests: 1))
        let bill = try #require(shifted.windows.first?.fields.first { $0.name == "bill_length_mm" })
        #expect(bill.drifted && bill.reasons == ["psi"] && (bill.psi ?? 0) > (bill.psiChanceLevel ?? .infinity))
        let lax = try Self.check(
            penguins,
            Self.replay(penguins) { _, values in
                if case .number(let x) = values["bill_length_mm"] { values["bill_length_mm"] = .number(x + 8) }
            }, options: DriftOptions(thresholds: [.ks: 1e-30], minimumRequests: 1))
        #expect(try #require(lax.windows.first).drifted == [])
    }
}

/// A field no tree of the version splits on cannot change a prediction: its drift is shown
/// (`used_by_model` false, `drifted_unused`) but not counted in the window's verdict.
@Suite struct DriftOfUnusedFieldsTests {
    @Test func driftOfAFieldNoTreeSplitsOnIsShownNotCounted() throws {
        let penguins = try DriftMonitorTests.version("penguin_species/random_forest/1.0.0")
        // A stump splits on one field; the reference stays the version's.
        let stump = try TreeModel(
            bytes: try Trainer.train(
                penguins.test, algorithm: .decisionTree, hyperparameters: ["max_depth": "1"], seed: 1
            ).serialized())
        let used = stump.fieldsSplitOn
        #expect(used.count == 1)
        let numeric = penguins.test.schema.fields.filter { $0.kind == .numeric }.map(\.name)
        let unused = try #require(numeric.first { !used.contains($0) })
        let shiftedField = { (name: String) in
            DriftMonitorTests.replay(penguins) { _, values in
                if case .number(let x) = values[name] { values[name] = .number(x * 3 + 100) }
            }
        }
        let options = DriftOptions(minimumRequests: 1)
        let report = try DriftMonitor(
            reference: penguins.reference, model: stump, task: .multiclass, requests: shiftedField(unused),
            start: DriftMonitorTests.day, seconds: 7 * 86_400, options: options)
        let window = try #require(report.windows.first)
        let field = try #require(window.fields.first { $0.name == unused })
        #expect(field.drifted && !field.usedByModel)
        #expect(window.driftedUnused == [unused] && !window.drifted.contains(unused))
        // The field the stump splits on counts.
        let splitOn = try #require(used.first)
        let counted = try DriftMonitor(
            reference: penguins.reference, model: stump, task: .multiclass, requests: shiftedField(splitOn),
            start: DriftMonitorTests.day, seconds: 7 * 86_400, options: options)
        #expect(counted.windows.first?.drifted.contains(splitOn) == true)
        #expect(counted.drifted)
    }
}
