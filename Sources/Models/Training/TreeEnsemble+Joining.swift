import Basics
import Foundation

extension TreeEnsemble {
    /// Concatenates separately grown trees in the order given, each tree's arrays released as
    /// soon as it is copied, into arrays of exactly the size needed.
    package static func joining(
        _ trees: consuming [TreeNodes], matrix: BinnedMatrix, schema: Schema, binning: FeatureBinning,
        output: Output, baseScores: [Double], leafWidth: Int = 1, importances: [Double]
    ) -> TreeEnsemble {
        var trees = trees
        let join = Join(isCategorical: matrix.isCategorical, trees: trees.count)
        join.reserve(
            nodes: trees.reduce(0) { $0 + $1.count }, bitsetWords: trees.reduce(0) { $0 + $1.bitsets.count },
            leafValues: trees.reduce(0) { $0 + $1.leafValues.count })
        for t in trees.indices {
            join.add(t, tree: trees[t], importances: [])
            trees[t] = TreeNodes()
        }
        return join.ensemble(
            matrix: matrix, schema: schema, binning: binning, output: output, baseScores: baseScores,
            leafWidth: leafWidth, importances: importances)
    }

    /// Trees joined into one set of arrays in index order while others are still being grown:
    /// a tree handed over out of order waits until those before it have come, and each is
    /// released once copied. A forest of a million rows' trees (150 MB) otherwise lay whole in
    /// its trees' arrays when joining began, and glibc kept those freed beside the joined ones:
    /// the fit's peak held the forest twice.
    package final class Join: @unchecked Sendable {
        private let lock = NSLock()
        private let isCategorical: [Bool]
        private let trees: Int
        private var waiting: [Int: (tree: TreeNodes, importances: [Double])] = [:]
        private var nodes = TreeNodes()
        private var roots: [UInt32] = []
        private var reserved = false
        /// The trees' importances summed in index order (any thread count adds them alike).
        private(set) var importanceSums: [Double]

        /// - Parameters:
        ///   - isCategorical: per feature, whether its splits are bitsets (`TreeNodes.append`).
        ///   - trees: how many trees will be added, indices `0..<trees`.
        package init(isCategorical: [Bool], trees: Int) {
            self.isCategorical = isCategorical
            self.trees = trees
            importanceSums = [Double](repeating: 0, count: isCategorical.count)
            roots.reserveCapacity(trees)
        }

        /// Reserves room for the whole forest (the pages stay unused until written).
        package func reserve(nodes: Int, bitsetWords: Int, leafValues: Int) {
            self.nodes.reserveCapacity(nodes: nodes, bitsetWords: bitsetWords, leafValues: leafValues)
            reserved = true
        }

        /// Hands over tree `index` and its importances (per feature; empty for none), from any thread.
        package func add(_ index: Int, tree: consuming TreeNodes, importances: [Double]) {
            lock.withLock {
                waiting[index] = (tree, importances)
                while let next = waiting.removeValue(forKey: roots.count) {
                    if !reserved {
                        // A forest's trees are alike in size: room for the rest at a quarter
                        // more than the first, grown as an array grows past that.
                        let rest = trees - roots.count
                        reserve(
                            nodes: next.tree.count * rest * 5 / 4, bitsetWords: next.tree.bitsets.count * rest * 5 / 4,
                            leafValues: next.tree.leafValues.count * rest * 5 / 4)
                    }
                    roots.append(nodes.append(next.tree, isCategorical: isCategorical))
                    for (f, value) in next.importances.enumerated() { importanceSums[f] += value }
                }
            }
        }

        /// The ensemble of the trees added (all of them, in index order).
        package func ensemble(
            matrix: BinnedMatrix, schema: Schema, binning: FeatureBinning, output: Output, baseScores: [Double],
            leafWidth: Int, importances: [Double]
        ) -> TreeEnsemble {
            precondition(roots.count == trees && waiting.isEmpty, "every tree is added before the ensemble is taken")
            return TreeEnsemble(
                schema: schema, binning: binning, output: output, baseScores: baseScores, roots: roots, nodes: nodes,
                leafWidth: leafWidth, importances: importances, referenceCounts: matrix.countsPerBin())
        }
    }
}
