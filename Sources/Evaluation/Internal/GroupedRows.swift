/// The rows of a breakdown by the combination of its fields' values, in report order: the
/// declared categories field by field, then undeclared values ascending (numeric bands by number). Every declared
/// combination is present, with no rows when the data have none.
struct GroupedRows {
    /// The fields joined by " × ".
    let name: String
    let groups: [(key: [String], rows: [Int])]

    /// - Throws: `EvaluationError` when a field is not in `columns` or its length is not `rows`.
    /// - Complexity: O(n · fields + groups log groups).
    init(columns: GroupColumns, fields: [String], rows count: Int) throws {
        var fieldValues: [[String]] = []
        for field in fields {
            guard let values = columns.values[field] else { throw EvaluationError(.unknownField(field)) }
            guard values.count == count else {
                throw EvaluationError(
                    .lengthMismatch(what: "group column '\(field)'", expected: count, actual: values.count))
            }
            fieldValues.append(values)
        }
        var rowsByKey: [[String]: [Int]] = [:]
        for row in 0..<count {
            rowsByKey[fieldValues.map { $0[row] }, default: []].append(row)
        }
        for key in Self.declaredKeys(fields: fields, categories: columns.categories) where rowsByKey[key] == nil {
            rowsByKey[key] = []
        }
        let order = GroupOrder(fields: fields, categories: columns.categories)
        name = Self.name(fields)
        groups = rowsByKey.keys.sorted(by: order.precedes).map { ($0, rowsByKey[$0] ?? []) }
    }

    /// Values or fields joined by " × ".
    static func name(_ parts: [String]) -> String {
        parts.joined(separator: " × ")
    }

    /// Every combination of the declared values, when every field declares its values.
    private static func declaredKeys(fields: [String], categories: [String: [String]]) -> [[String]] {
        var keys: [[String]] = [[]]
        for field in fields {
            guard let values = categories[field] else { return [] }
            keys = keys.flatMap { key in values.map { key + [$0] } }
        }
        return keys
    }
}

extension SliceGap {
    /// The spread of one rate across the groups that are large enough to judge and where it is
    /// defined; nil with fewer than two such groups. When every group has the same value, the
    /// first is named highest and the last lowest, so the gap of 0 still names two groups.
    static func between(_ groups: [(name: String, tooSmall: Bool, value: Double?)]) -> SliceGap? {
        between(groups.map { ($0.name, $0.tooSmall, $0.value, nil) })
    }

    /// The spread of a rate, with each group's counts: a group whose rate divides by fewer than
    /// `minimumTrials` (a TPR over 6 positives) is left out too, and the gap keeps the counts of
    /// its highest and lowest group.
    static func between(
        _ groups: [(name: String, tooSmall: Bool, value: Double?, counts: RateCounts?)], minimumTrials: Int = 0
    ) -> SliceGap? {
        typealias Judged = (name: String, value: Double, counts: RateCounts?)
        var highest: Judged?
        var lowest: Judged?
        var last: Judged?
        var compared = 0
        for group in groups where !group.tooSmall && (group.counts?.trials ?? minimumTrials) >= minimumTrials {
            guard let value = group.value else { continue }
            compared += 1
            let judged = (group.name, value, group.counts)
            if highest.map({ value > $0.value }) ?? true { highest = judged }
            if lowest.map({ value < $0.value }) ?? true { lowest = judged }
            last = judged
        }
        guard compared >= 2, let highest, var lowest, let last else { return nil }
        if lowest.name == highest.name { lowest = last }
        return SliceGap(
            difference: highest.value - lowest.value, highest: highest.name, lowest: lowest.name,
            groupsCompared: compared, highestCounts: highest.counts, lowestCounts: lowest.counts)
    }
}

/// Orders group keys by each field's declared categories, undeclared values last: numeric
/// band labels by where they start, then other values as text.
private struct GroupOrder {
    let ranks: [[String: Int]]

    init(fields: [String], categories: [String: [String]]) {
        ranks = fields.map { field in
            var rank: [String: Int] = [:]
            for (index, value) in (categories[field] ?? []).enumerated() where rank[value] == nil {
                rank[value] = index
            }
            return rank
        }
    }

    func precedes(_ a: [String], _ b: [String]) -> Bool {
        for (i, (x, y)) in zip(a, b).enumerated() where x != y {
            let rx = ranks[i][x] ?? Int.max, ry = ranks[i][y] ?? Int.max
            return rx != ry ? rx < ry : NumericBands.precedes(x, y) ?? (x < y)
        }
        return a.count < b.count
    }
}
