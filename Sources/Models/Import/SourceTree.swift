/// One tree as a source library stores it, in the importers' common form: nodes by index, the
/// root at 0, each split naming its two children. Each importer reads its format into these
/// and `ImportedTrees` lays them out as the model file's trees.
struct SourceTree: Sendable {
    struct Node: Sendable {
        enum Test: Sendable {
            /// A leaf and its values (already scaled as the output function needs): one, or one per
            /// class for a forest's class distribution (`ImportedTrees.leafWidth`).
            case leaf([Double])
            /// A row goes left when its value meets `threshold` by the field's edge rule
            /// (`value <= threshold`, or `<` for a strict rule).
            case numeric(field: Int, threshold: Double)
            /// A row goes left when its category (0-based, in the schema's order) is in `left`.
            case categorical(field: Int, left: Set<Int>)
        }

        var test: Test
        /// Where a missing value goes (a categorical split: also a category the model lacks).
        var missingGoesLeft = false
        var left = 0
        var right = 0
        /// What training saw at the node (rows or hessian sum); 0 when the source has none.
        var cover: Double = 0
        /// The split's gain, for the importances; 0 for leaves.
        var gain: Double = 0
    }

    var nodes: [Node]
}
