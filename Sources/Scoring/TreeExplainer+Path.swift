/// One TreeSHAP walk of one tree for one row (Algorithm 2 of Lundberg, Erion and Lee 2018:
/// RECURSE, EXTEND, UNWIND and the sum of an unwound path's weights).
///
/// Each call's path lives in the storage after its parent's, so a walk needs
/// (depth + 2)(depth + 3) / 2 elements and allocates nothing.
struct PathWalk {
    let model: TreeModel
    /// Per node, the rows (or hessian sum) that reached it.
    let cover: UnsafeBufferPointer<Double>
    let bins: UnsafeBufferPointer<UInt16>
    /// Output-major contributions, `fields` per output.
    let phi: UnsafeMutablePointer<Double>
    let fields: Int
    /// The first output the tree's leaves add to, and how many values a leaf holds.
    let firstOutput: Int
    let width: Int

    /// Walks the subtree at `node`, reached with `depth` fields on the path (in `parent`'s
    /// elements `0..<depth`), the path's next element being `field` with fractions `zero`
    /// and `one`.
    func recurse(
        node: Int, depth: Int, parent: UnsafeMutablePointer<PathElement>, zero: Double, one: Double, field: Int
    ) {
        let path = parent + depth + 1
        path.update(from: parent, count: depth)
        extend(path, depth: depth, zero: zero, one: one, field: field)
        let split = model.nodes[node &* 2]
        let link = model.nodes[node &* 2 &+ 1]
        if link & 0xFF == ModelFileLayout.leafField {
            guard depth > 0 else { return }
            for i in 1...depth {
                let element = path[i]
                let scale = unwoundSum(path, depth: depth, index: i) * (element.one - element.zero)
                for c in 0..<width {
                    phi[(firstOutput + c) * fields + element.field] += scale * model.leafValues[Int(split) + c]
                }
            }
            return
        }
        let f = Int(link & 0xFF)
        let left = node + Int(link >> ModelFileLayout.childShift)
        let goesLeft = model.goesLeft(split: split, link: link, bins: bins)
        let hot = goesLeft ? left : left + 1
        let cold = goesLeft ? left + 1 : left
        let total = cover[node]
        var depth = depth
        var incomingZero = 1.0
        var incomingOne = 1.0
        // A field already on the path: undo its element, and let this split carry its fractions.
        var k = 1
        while k <= depth && path[k].field != f { k += 1 }
        if k <= depth {
            incomingZero = path[k].zero
            incomingOne = path[k].one
            unwind(path, depth: depth, index: k)
            depth -= 1
        }
        let hotZero = cover[hot] / total * incomingZero
        if hotZero != 0 || incomingOne != 0 {
            recurse(node: hot, depth: depth + 1, parent: path, zero: hotZero, one: incomingOne, field: f)
        }
        // A side no training row took adds nothing whichever fields are known.
        let coldZero = cover[cold] / total * incomingZero
        if coldZero != 0 {
            recurse(node: cold, depth: depth + 1, parent: path, zero: coldZero, one: 0, field: f)
        }
    }

    /// EXTEND: appends element `depth` and updates the subset weights.
    private func extend(
        _ path: UnsafeMutablePointer<PathElement>, depth: Int, zero: Double, one: Double, field: Int
    ) {
        path[depth] = PathElement(field: field, zero: zero, one: one, weight: depth == 0 ? 1 : 0)
        let size = Double(depth + 1)
        var i = depth - 1
        while i >= 0 {
            path[i + 1].weight += one * path[i].weight * Double(i + 1) / size
            path[i].weight = zero * path[i].weight * Double(depth - i) / size
            i -= 1
        }
    }

    /// UNWIND: removes element `index` from a path of `depth + 1` elements, undoing its EXTEND.
    private func unwind(_ path: UnsafeMutablePointer<PathElement>, depth: Int, index: Int) {
        let one = path[index].one
        let zero = path[index].zero
        let size = Double(depth + 1)
        var next = path[depth].weight
        var i = depth - 1
        while i >= 0 {
            if one != 0 {
                let previous = path[i].weight
                path[i].weight = next * size / (Double(i + 1) * one)
                next = previous - path[i].weight * zero * Double(depth - i) / size
            } else {
                path[i].weight = path[i].weight * size / (zero * Double(depth - i))
            }
            i -= 1
        }
        for j in index..<depth {
            path[j].field = path[j + 1].field
            path[j].zero = path[j + 1].zero
            path[j].one = path[j + 1].one
        }
    }

    /// The total weight of the path with element `index` unwound, without unwinding it.
    private func unwoundSum(_ path: UnsafeMutablePointer<PathElement>, depth: Int, index: Int) -> Double {
        let one = path[index].one
        let zero = path[index].zero
        var next = path[depth].weight
        var total = 0.0
        var i = depth - 1
        if one != 0 {
            while i >= 0 {
                let share = next / (Double(i + 1) * one)
                total += share
                next = path[i].weight - share * zero * Double(depth - i)
                i -= 1
            }
        } else {
            while i >= 0 {
                total += path[i].weight / (zero * Double(depth - i))
                i -= 1
            }
        }
        return total * Double(depth + 1)
    }
}
