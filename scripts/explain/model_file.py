"""Reads a modelpress model file (format 3 to 5, Sources/Scoring/ModelFileLayout.swift) and
writes its trees in the shap package's dictionary tree format (children, default child,
features, thresholds, values, node_sample_weight = the file's per-node cover), so that shap's
TreeExplainer explains the same trees.

Numeric splits compare the row's value with the split's edge (`value <= edge` goes left, the rule
of native trees, which is shap's), so rows are given as numbers; a categorical field is given
as its bin (1 + the category's index in the field's categories) and its splits become shap's
categorical splits (threshold type 1: the bitmask of the bins that go left, bin b as bit b - 1).
A missing value is NaN and goes to the split's default child.
"""
import struct

import numpy as np

HEADER = 128
LEAF = 0xFF
MISSING_RIGHT = 1 << 8
CHILD_SHIFT = 9
OUTPUTS = ["mean", "logit", "softmax", "sum"]
TASKS = ["binary", "multiclass", "regression"]


class ModelFile:
    def __init__(self, path):
        with open(path, "rb") as source:
            data = source.read()
        assert data[:8] == b"MPTREES\0", f"{path}: not a model file"
        self.version, output = struct.unpack_from("<II", data, 8)
        assert 3 <= self.version <= 5, f"{path}: format {self.version}"
        self.output = OUTPUTS[output]
        (task, self.leaf_width, features, trees, nodes, words, edges, strings, string_bytes, label, leaf_values,
         base_scores, cover, reference) = struct.unpack_from("<14I", data, 32)
        self.task = TASKS[task]
        assert cover == nodes, f"{path}: no per-node cover"
        offset = HEADER

        def take(count, kind, size):
            nonlocal offset
            values = np.frombuffer(data, dtype=kind, count=count, offset=offset)
            offset = (offset + count * size + 7) & ~7
            return values

        table = take(features * 8, "<u4", 4).reshape(features, 8)
        self.roots = take(trees, "<u4", 4)
        self.edges = take(edges, "<f8", 8)
        self.bitsets = take(words, "<u8", 8)
        take(features, "<f8", 8)  # importances
        self.base_scores = take(base_scores, "<f8", 8)
        self.leaf_values = take(leaf_values, "<f8", 8)
        self.nodes = take(nodes * 2, "<u4", 4).reshape(nodes, 2)
        self.cover = take(cover, "<f8", 8)
        take(reference, "<u8", 8)
        ends = take(strings, "<u4", 4)
        blob = data[offset:offset + string_bytes]
        starts = [0] + list(ends[:-1])
        self.strings = [blob[s:e].decode() for s, e in zip(starts, ends)]
        self.fields = []
        for row in table:
            kind, bins, first_edge, edge_count, name, first_category, categories, rule = (int(v) for v in row)
            assert kind == 1 or rule == 0, "only the native edge rule (value <= edge) is exported"
            self.fields.append({
                "name": self.strings[name], "categorical": kind == 1,
                "edges": self.edges[first_edge:first_edge + edge_count],
                "categories": self.strings[first_category:first_category + categories],
            })
        self.classes = self.strings[label + 1:]
        self.outputs = len(self.classes) if self.task == "multiclass" else 1

    def row(self, cells):
        """A row of text cells (schema order, "" missing) as shap's input: numbers, category bins, NaN."""
        values = []
        for field, cell in zip(self.fields, cells):
            if cell == "":
                values.append(np.nan)
            elif field["categorical"]:
                categories = field["categories"]
                values.append(categories.index(cell) + 1.0 if cell in categories else np.nan)
            else:
                values.append(float(cell))
        return values

    def shap_trees(self):
        """Every tree as shap's dictionary, leaf values in raw-score units per output (forests'
        divided by the tree count); an internal node's values are its children's weighed by their
        cover, so the root's are the tree's expected value."""
        trees = []
        scale = 1 / len(self.roots) if self.output == "mean" else 1
        for t, root in enumerate(self.roots):
            order = []
            stack = [int(root)]
            while stack:
                node = stack.pop()
                order.append(node)
                split, link = (int(v) for v in self.nodes[node])
                if link & 0xFF != LEAF:
                    left = node + (link >> CHILD_SHIFT)
                    stack += [left + 1, left]
            index = {node: i for i, node in enumerate(order)}
            n = len(order)
            tree = {
                "children_left": np.full(n, -1, dtype=np.int32), "children_right": np.full(n, -1, dtype=np.int32),
                "children_default": np.full(n, -1, dtype=np.int32), "features": np.full(n, -2, dtype=np.int32),
                "thresholds": np.zeros(n), "values": np.zeros((n, self.outputs)),
                "node_sample_weight": np.array([self.cover[node] for node in order]),
                "threshold_types": np.zeros(n, dtype=np.int32),
            }
            for node in reversed(order):
                i = index[node]
                split, link = (int(v) for v in self.nodes[node])
                f = link & 0xFF
                if f == LEAF:
                    if self.output == "softmax":
                        tree["values"][i, t % self.outputs] = self.leaf_values[split]
                    else:
                        tree["values"][i, :] = self.leaf_values[split:split + self.leaf_width] * scale
                    continue
                left, right = index[node + (link >> CHILD_SHIFT)], index[node + (link >> CHILD_SHIFT) + 1]
                tree["children_left"][i], tree["children_right"][i] = left, right
                tree["features"][i] = f
                field = self.fields[f]
                if field["categorical"]:
                    word = int(self.bitsets[split])
                    # shap reads the mask through a float: at most 24 categories.
                    assert len(field["categories"]) <= 24, f"{field['name']}: too many categories for shap's mask"
                    tree["threshold_types"][i] = 1
                    tree["thresholds"][i] = float(word >> 1)
                    tree["children_default"][i] = left if word & 1 else right
                else:
                    edges = field["edges"]
                    tree["thresholds"][i] = -np.inf if split < 1 else np.inf if split > len(edges) else edges[split - 1]
                    tree["children_default"][i] = right if link & MISSING_RIGHT else left
                weights = tree["node_sample_weight"]
                tree["values"][i] = (weights[left] * tree["values"][left] + weights[right] * tree["values"][right]) \
                    / weights[i]
            trees.append(tree)
        return trees
