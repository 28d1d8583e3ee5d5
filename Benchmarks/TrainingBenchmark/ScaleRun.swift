import Basics
import Foundation
import JSONWriting
import Models
import Pipelines

#if canImport(Glibc)
    import Glibc
#endif

/// One pipeline of `make bench-scale` in a process of its own, so that its peak memory is its
/// own: seconds (wall and CPU) to load the data (parse, type), to fit and apply the bins, and to fit
/// (the bins included, as the peers' fits include theirs; the rows are binned once);
/// the peak resident memory after loading and at the end; the test rows' predictions (class
/// probabilities row-major, or values) written as one number per line for
/// scripts/bench/scale_bench.py to score beside the peers'. Also where a fit's memory goes: the
/// resident memory before it, its own peak, the model's size and node count.
enum ScaleRun {
    static func run(pipeline file: URL, predictions: URL, threads: Int?) throws {
        let pipeline = try Pipeline(contentsOf: file)
        guard let algorithm = pipeline.algorithm else { throw CocoaError(.featureUnsupported) }
        var start = TrainingBenchmark.clock()
        let cpuStart = cpuSeconds()
        var data = try pipeline.loadData { step in FileHandle.standardError.write(Data("scale: \(step)\n".utf8)) }
        let load = TrainingBenchmark.clock() - start
        let loadCPU = cpuSeconds() - cpuStart
        let loadPeak = residentMegabytes(peak: true)
        // As `modelpress train` does: bin once, let the raw training columns go, fit on the bins,
        // write the model file a piece at a time and map it.
        start = TrainingBenchmark.clock()
        let binCPUStart = cpuSeconds()
        let binned = BinnedDataset(data.train, threads: threads ?? 2)
        let binning = TrainingBenchmark.clock() - start
        let binCPU = cpuSeconds() - binCPUStart
        let binnedBytes = binned.rowCount * binned.schema.fields.count
        let trainingRows = data.train.rowCount
        data.releaseTrainingRows()
        FreedMemory.release()
        let residentBeforeFit = residentMegabytes()
        resetPeak()
        start = TrainingBenchmark.clock()
        let fitCPUStart = cpuSeconds()
        let ensemble = try Trainer.train(
            binned, algorithm: algorithm, hyperparameters: pipeline.hyperparameters, seed: pipeline.seed,
            threads: threads)
        let fit = TrainingBenchmark.clock() - start
        let fitCPU = cpuSeconds() - fitCPUStart
        let fitPeak = residentMegabytes(peak: true)
        let nodes = ensemble.nodes.count
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("scale-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: file) }
        try ensemble.write(to: file)
        _ = consume ensemble
        let model = try TreeModel(contentsOf: file)
        let modelBytes = model.byteCount
        let values =
            data.test.labels.isEmpty
            ? model.predictedValues(data.test, threads: threads) : model.classProbabilities(data.test, threads: threads)
        try Data(values.map { "\($0)\n" }.joined().utf8).write(to: predictions)
        var writer = JSONWriter(.line)
        writer.object { json in
            json.field("rows", trainingRows)
            json.field("load_s", load)
            json.field("load_cpu_s", loadCPU)
            json.field("bin_s", binning)
            json.field("bin_cpu_s", binCPU)
            // The fit includes binning, as LightGBM's and scikit-learn's do.
            json.field("fit_s", binning + fit)
            json.field("fit_cpu_s", binCPU + fitCPU)
            json.field("load_peak_mb", loadPeak)
            json.field("peak_mb", max(loadPeak, residentMegabytes(peak: true)))
            json.field("binned_mb", Double(binnedBytes) / 1_048_576)
            json.field("resident_before_fit_mb", residentBeforeFit)
            json.field("fit_peak_mb", fitPeak)
            json.field("model_mb", Double(modelBytes) / 1_048_576)
            json.field("nodes", nodes)
        }
        print(String(decoding: writer.bytes, as: UTF8.self))
    }

    /// The process's CPU seconds so far (user and system, every thread).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// The process's resident memory now (or its peak since the last `resetPeak()`), in MiB,
    /// from /proc/self/status (VmRSS, VmHWM); 0 where there is none. Not `ru_maxrss`: Linux keeps
    /// that across exec, so a child of a large parent (scale_bench.py) reported the parent's size.
    static func residentMegabytes(peak: Bool = false) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        let key = peak ? "VmHWM:" : "VmRSS:"
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return 0 }
        let kilobytes = line.dropFirst(key.count).split(whereSeparator: \.isWhitespace).first ?? "0"
        return Double(kilobytes).map { $0 / 1024 } ?? 0
    }

    /// Resets the peak that `residentMegabytes(peak: true)` reads to the memory resident now
    /// (Linux ≥ 4.0: writing 5 to /proc/self/clear_refs), so that a phase's own peak can be read.
    static func resetPeak() {
        try? Data("5".utf8).write(to: URL(fileURLWithPath: "/proc/self/clear_refs"))
    }
}
