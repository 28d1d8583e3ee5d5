import ArgumentParser
import Basics
import Foundation
import Publisher
import Registry

#if canImport(Glibc)
    import Glibc
#endif

@main
struct SiteBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "SiteBenchmark",
        abstract: "Measure the site build on a synthetic registry (a table on stdout).",
        discussion: """
            Builds a throw-away repository whose registry holds --versions versions spread \
            over --endpoints endpoints (each a copy of the committed income_classifier \
            endpoint; every version's artifact folder hard-links one of the committed \
            artifacts, so cards carry full evaluation reports), publishes it --runs times \
            and prints the time of each step and pages per second. `make bench-site` runs it \
            from the repository root.
            """
    )

    @Option(name: .long, help: "Model versions in the synthetic registry.")
    var versions: Int = 1000

    @Option(name: .long, help: "Endpoints the versions are spread over.")
    var endpoints: Int = 10

    @Option(name: .long, help: "Timed builds (the table shows the fastest and the median).")
    var runs: Int = 3

    @Option(
        name: .long,
        help: "Keep the synthetic repository here instead of a temporary folder; an existing one is reused.")
    var keep: String?

    func validate() throws {
        guard versions > 0, endpoints > 0, endpoints <= versions, runs > 0 else {
            throw ValidationError("--versions, --endpoints and --runs must be positive, endpoints ≤ versions")
        }
    }

    func run() throws {
        let root =
            keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("bench-site-\(UUID().uuidString)")
        defer { if keep == nil { try? FileManager.default.removeItem(at: root) } }
        let made: Int
        let registry = Registry(root: root.path)
        if keep != nil,
            FileManager.default.fileExists(atPath: root.appendingPathComponent(RepositoryLayout.registryFolder).path)
        {
            made = try registry.load().allVersions.count
            note(
                "reusing the synthetic registry in \(root.path) (\(made) versions; delete the folder for a new one)"
            )
        } else {
            let setupStart = Date()
            made = try SyntheticRegistry(root: root, source: URL(fileURLWithPath: "."))
                .make(versions: versions, endpoints: endpoints) { note($0) }
            note(
                "synthetic registry: \(made) versions in \(endpoints) endpoints, "
                    + "\(format(Date().timeIntervalSince(setupStart))) s to make")
        }
        // Every run writes a new output folder, as CI's publish on a fresh clone does; they
        // are removed after the last run. (Replacing one folder run after run measures the
        // file system instead: ext4 without a journal, as on this machine, scans every
        // recently deleted inode on each file it creates.)
        let outputs = (1...runs).map { root.appendingPathComponent("site/public-bench-\($0)") }
        defer { for output in outputs { try? FileManager.default.removeItem(at: output) } }

        var totals: [Double] = []
        var cpu: [(user: Double, system: Double)] = []
        var steps: [String: [Double]] = [:]
        var stepOrder: [String] = []
        var pages = 0
        var files = 0
        for run in 1...runs {
            var last = Date()
            var current: String?
            func close() {
                guard let current else { return }
                steps[current, default: []].append(Date().timeIntervalSince(last))
            }
            let start = Date()
            let startCPU = Self.cpuSeconds()
            try? FileManager.default.removeItem(at: outputs[run - 1])
            let publisher = Publisher(
                siteFolder: root.appendingPathComponent("site"), outputFolder: outputs[run - 1], root: root)
            let summary = try publisher.publish {
                line in
                close()
                last = Date()
                let name = line.split(separator: " ", maxSplits: 1).last.map(String.init) ?? line
                if run == 1 { stepOrder.append(name) }
                current = name
            }
            close()
            totals.append(Date().timeIntervalSince(start))
            let endCPU = Self.cpuSeconds()
            cpu.append((endCPU.user - startCPU.user, endCPU.system - startCPU.system))
            pages = summary.files.filter { $0.hasSuffix(".html") }.count
            files = summary.files.count
            note("run \(run): \(format(totals.last!)) s")
        }
        let best = totals.min()!
        let median = totals.sorted()[totals.count / 2]
        print("site build, \(made) versions, \(pages) HTML pages, \(files) files, \(runs) runs")
        print("| step | median s |")
        print("|---|---|")
        for name in stepOrder {
            // A step beside the others costs no time of its own on the way to the end.
            if name.hasSuffix(" (alongside)") {
                print("| \(name.dropLast(12)) | alongside the next steps |")
                continue
            }
            let times = steps[name, default: [0]].sorted()
            print("| \(name) | \(format(times[times.count / 2])) |")
        }
        print("| total | \(format(median)) (best \(format(best))) |")
        // Wall time depends on what else the machine runs; the build's own processor time does
        // not, and system time apart shows what the file system costs (on ext4 without a
        // journal, creating a file right after many were deleted scans the deleted inodes).
        let user = cpu.map(\.user).sorted()[cpu.count / 2]
        let system = cpu.map(\.system).sorted()[cpu.count / 2]
        print(
            "processor s per build (median): user \(format(user)), system \(format(system)); "
                + "pages per processor-second: \(Int((Double(pages) / (user + system)).rounded()))")
        print(
            "pages/s: \(Int((Double(pages) / median).rounded())) median, "
                + "\(Int((Double(pages) / best).rounded())) best (target ≥ 2,000); "
                + "files/s: \(Int((Double(files) / median).rounded()))")
    }

    /// User and system processor seconds of this process so far, all threads.
    private static func cpuSeconds() -> (user: Double, system: Double) {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime), seconds(usage.ru_stime))
    }

    private func note(_ line: String) {
        FileHandle.standardError.write(Data("bench-site: \(line)\n".utf8))
    }

    private func format(_ seconds: Double) -> String {
        String(format: "%.3f", seconds)
    }
}
