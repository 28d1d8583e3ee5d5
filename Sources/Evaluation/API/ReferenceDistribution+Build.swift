import Basics
import Foundation
import Models

extension ReferenceDistribution {
    /// A version's reference distribution, from its model and the rows it was trained and
    /// tested on (what `import` writes as reference.json, and what a version made before that
    /// file existed is given again).
    /// - Parameters:
    ///   - seed: the version's seed; each numeric field's sample draws its own stream of it.
    /// - Complexity: O(rows × fields × log bins), plus one prediction per test row.
    public static func make(
        id: VersionID, seed: UInt64, model: TreeModel, training: Dataset, test: Dataset
    ) -> ReferenceDistribution {
        let fields = fields(of: training, seed: seed) { f, distribution in
            counts(training.numbers[f], ReferenceBins(distribution, model: model))
        }
        return ReferenceDistribution(
            version: id, seed: seed, fields: fields, prediction: prediction(model: model, test: test, seed: seed))
    }

    /// The input fields' distributions (`fields`) of the rows a model is about to be trained
    /// on, from the rows and their bins: what `make` gives once the model exists, since a
    /// trained model's numeric bins are the ones fitted on its training rows. `train` takes
    /// them before the fit, so that the raw training columns can go once the bins are fitted.
    /// - Parameters:
    ///   - binned: `training` binned (`BinnedDataset`), whose counts per bin are the numeric
    ///     fields' counts.
    ///   - seed: the version's seed; each numeric field's sample draws its own stream of it.
    /// - Complexity: O(rows × fields).
    public static func fields(of training: Dataset, binned: BinnedDataset, seed: UInt64) -> [Distribution] {
        let perBin = binned.matrix.countsPerBin()
        return fields(of: training, seed: seed) { f, _ in perBin[f].map { Int($0) } }
    }

    /// Every input field's distribution: a numeric field's counts from `numericCounts` (its
    /// index in the schema, its distribution so far) and its seeded sample, a categorical
    /// field's counts per category.
    private static func fields(
        of training: Dataset, seed: UInt64, numericCounts: (Int, Distribution) -> [Int]
    ) -> [Distribution] {
        training.schema.fields.enumerated().map { f, field -> Distribution in
            switch field.kind {
            case .numeric:
                var distribution = Distribution(name: field.name, kind: .numeric, counts: [])
                distribution.counts = numericCounts(f, distribution)
                distribution.sample = sample(training.numbers[f], seed: seed, salt: "reference/\(field.name)")
                return distribution
            case .categorical:
                var counts = [Int](repeating: 0, count: field.categories.count + 1)
                for code in training.codes[f] { counts[code >= 0 ? Int(code) + 1 : 0] += 1 }
                return Distribution(name: field.name, kind: .categorical, counts: counts, categories: field.categories)
            }
        }
    }

    /// The predictions' distribution on the test rows: the positive class's probability over
    /// tenths (binary), the predicted value over the deciles of the test predictions
    /// (regression), the predicted class (multiclass).
    public static func prediction(model: TreeModel, test: Dataset, seed: UInt64) -> Distribution {
        let schema = test.schema
        switch schema.task {
        case .binary:
            let scores = model.positiveProbabilities(test)
            let edges = (1...9).map { Double($0) / 10 }
            return Distribution(
                name: "probability", kind: .numeric, counts: counts(scores, ReferenceBins(edges: edges)), edges: edges,
                sample: sample(scores, seed: seed, salt: "reference/prediction"))
        case .regression:
            let values = model.predictedValues(test)
            let sorted = values.sorted()
            var edges: [Double] = []
            for k in 1...9 where !sorted.isEmpty {
                let edge = sorted[k * (sorted.count - 1) / 10]
                if edges.last != edge { edges.append(edge) }
            }
            return Distribution(
                name: "prediction", kind: .numeric, counts: counts(values, ReferenceBins(edges: edges)), edges: edges,
                sample: sample(values, seed: seed, salt: "reference/prediction"))
        case .multiclass:
            let classes = schema.labelValues
            let bins = ReferenceBins(categories: classes)
            var counts = [Int](repeating: 0, count: bins.count)
            for predicted in model.predict(test) { counts[bins.bin(category: predicted.label) ?? 0] += 1 }
            return Distribution(name: "label", kind: .categorical, counts: counts, categories: classes)
        }
    }

    static func counts(_ values: [Double], _ bins: ReferenceBins) -> [Int] {
        var counts = [Int](repeating: 0, count: bins.count)
        for value in values { counts[bins.bin(value) ?? 0] += 1 }
        return counts
    }

    /// The present values, or `sampleLimit` of them drawn without replacement (a partial
    /// Fisher–Yates shuffle of a seeded stream), in ascending order.
    static func sample(_ values: [Double], seed: UInt64, salt: String) -> [Double] {
        var present = values.filter(\.isFinite)
        if present.count > sampleLimit {
            var generator = SplitMix64(seed: seed, salt: salt)
            for i in 0..<sampleLimit { present.swapAt(i, i + generator.below(present.count - i)) }
            present.removeLast(present.count - sampleLimit)
        }
        return present.sorted()
    }
}

extension ReferenceDistribution {
    /// A version's reference distribution: the reference.json in its artifact folder, or for a
    /// version made before that file existed, made again from its model.bin and the training
    /// and test rows its training.json declares (the same values training would have written;
    /// nothing is written, since an artifact folder never changes).
    /// - Parameters:
    ///   - folder: the version's artifact folder.
    ///   - root: the folder training.json's data paths are relative to (the repository root).
    /// - Returns: the distribution and whether it was made again.
    /// - Throws: `DriftError`: a reference.json that cannot be read, or no file and no data to
    ///   make it again from (the files missing or changed), naming what is missing.
    public static func load(
        artifactFolder folder: URL, root: URL
    ) throws(DriftError) -> (
        distribution: ReferenceDistribution, madeAgain: Bool
    ) {
        let file = folder.appendingPathComponent(RepositoryLayout.ArtifactFile.referenceDistribution.rawValue)
        if FileManager.default.fileExists(atPath: file.path) { return (try read(from: file), false) }
        let recordFile = folder.appendingPathComponent(RepositoryLayout.ArtifactFile.trainingRecord.rawValue)
        do {
            guard let bytes = FileBytes.read(recordFile.path) else {
                throw DriftError(.unavailable("\(recordFile.path) cannot be read either"), file: file.path)
            }
            let record = try TrainingRecord.decode(bytes)
            let model = try TreeModel(
                contentsOf: folder.appendingPathComponent(RepositoryLayout.ArtifactFile.model.rawValue))
            let training = try record.trainingDataset(root: root)
            let test = try record.testDataset(root: root)
            return (make(id: record.id, seed: record.seed, model: model, training: training, test: test), true)
        } catch let error as DriftError {
            throw error
        } catch {
            throw DriftError(
                .unavailable("the data its training.json declares cannot be read again (\(error))"), file: file.path)
        }
    }
}
