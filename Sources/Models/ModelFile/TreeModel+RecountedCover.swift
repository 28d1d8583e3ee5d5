/// The per-node cover of a model file that records none (format 2, an ONNX import), counted
/// again from the rows the model was trained on, so that `TreeExplainer` can explain it.
extension TreeModel {
    /// Per node (model file order), how many rows of `data` reach it, routed as prediction
    /// routes them (the model's bins; a missing value takes each split's default way).
    ///
    /// For a forest trained without bootstrap on `data` this is the cover training records;
    /// with bootstrap, training weighs each in-bag row by its draws, so the counts differ but
    /// reach the same nodes. For boosting, training records the hessian sum instead; the row
    /// counts are what the shap package's TreeExplainer takes for scikit-learn's trees.
    /// - Complexity: O(rows × (fields × log edges + trees × depth)).
    public func recountedCover(_ data: Dataset) -> [Double] {
        let bins = binnedRows(data)
        let features = counts.features
        var cover = [Double](repeating: 0, count: counts.nodes)
        bins.withUnsafeBufferPointer { all in
            for row in 0..<data.rowCount {
                let rowBins = UnsafeBufferPointer(rebasing: all[(row * features)..<((row + 1) * features)])
                for root in roots {
                    var node = Int(root)
                    while true {
                        cover[node] += 1
                        let split = nodes[node * 2]
                        let link = nodes[node * 2 + 1]
                        if link & 0xFF == ModelFileLayout.leafField { break }
                        node +=
                            Int(link >> ModelFileLayout.childShift)
                            + (goesLeft(split: split, link: link, bins: rowBins) ? 0 : 1)
                    }
                }
            }
        }
        return cover
    }
}
