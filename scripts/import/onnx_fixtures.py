"""The ONNX fixtures of scripts/import/import_fixtures.py: scikit-learn models converted by
skl2onnx, with onnxruntime's predictions (not scikit-learn's: skl2onnx rounds the thresholds to
float32 and the trees then compare float32 inputs).

Per model NAME: NAME.onnx and NAME.expected.json (see import_fixtures.py). The kinds:
- onnx-{rf,et,gb,hgb}-{binary,multiclass,regression}: RandomForest, ExtraTrees,
  GradientBoosting, HistGradientBoosting on the numeric fields of adult (binary, string labels),
  penguins' species (multiclass) and body mass (regression); one float input matched by position.
  HistGradientBoosting is trained with missing values, which its trees send by
  nodes_missing_value_tracks_true.
- onnx-rf-multiclass-double: the random forest with a double input (compared in double).
- onnx-modes: the binary gradient boosting with its splits rewritten to every comparison
  (BRANCH_LT, BRANCH_GTE, BRANCH_GT at the neighbouring float threshold, so the predictions are
  unchanged, and BRANCH_EQ, BRANCH_NEQ at a value of the data, so they change).
- onnx-opset5-regression: the gradient boosting regressor as the opset-5 TreeEnsemble, a few
  splits made set memberships.
- onnx-rf-thresholds: a random forest of two trees twelve deep on adult's numeric fields, which
  splits the continuous fnlwgt at more distinct thresholds (289) than one byte per field's bin
  separates (253), so its model file is format 5 (more in wide_fixtures.py).
- onnx-pipeline-onehot / onnx-pipeline-ordinal: a Pipeline whose ColumnTransformer one-hot or
  ordinal-encodes the categorical fields (one input per field, named after it) before the trees.
- onnx-pipeline-onehot-one / onnx-pipeline-ordinal-one: the same with one categorical field, the
  other columns passed through (remainder="passthrough"), trained with missing numbers (NaN); the
  one-hot encoder's column is picked by a Gather node (see one_column_pipelines).
"""
import os

import numpy as np
import onnx
import onnxruntime
import pandas as pd
import skl2onnx
from onnx import helper, numpy_helper
from skl2onnx import to_onnx
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import (ExtraTreesClassifier, ExtraTreesRegressor, GradientBoostingClassifier,
                              GradientBoostingRegressor, HistGradientBoostingClassifier,
                              HistGradientBoostingRegressor, RandomForestClassifier,
                              RandomForestRegressor)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder

SMALL = {"n_estimators": 8, "max_depth": 4, "random_state": 7}


def estimators(task):
    if task == "regression":
        return {"rf": RandomForestRegressor(**SMALL), "et": ExtraTreesRegressor(**SMALL),
                "gb": GradientBoostingRegressor(**SMALL), "hgb": HistGradientBoostingRegressor(
                    max_iter=8, max_depth=4, random_state=7)}
    return {"rf": RandomForestClassifier(**SMALL), "et": ExtraTreesClassifier(**SMALL),
            "gb": GradientBoostingClassifier(**SMALL), "hgb": HistGradientBoostingClassifier(
                max_iter=8, max_depth=4, random_state=7)}


def session(model):
    return onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])


def predict(model, feeds, task, classes):
    """onnxruntime's scores and labels, in the schema's class order."""
    outputs = session(model).run(None, feeds)
    if task == "regression":
        return [[float(v)] for v in np.asarray(outputs[0]).ravel()], None
    labels = [str(v) for v in outputs[0]]
    probabilities = outputs[1]
    if isinstance(probabilities, list):  # ZipMap: one dict per row
        rows = [[float(row[c]) for c in probabilities[0].keys()] for row in probabilities]
        order = [str(c) for c in probabilities[0].keys()]
    else:
        rows = np.asarray(probabilities).tolist()
        order = classes
    index = [order.index(c) for c in classes]
    rows = [[row[i] for i in index] for row in rows]
    if task == "binary":
        rows = [[row[1]] for row in rows]
    return rows, labels


def save(folder, name, model):
    with open(os.path.join(folder, name + ".onnx"), "wb") as out:
        out.write(model.SerializeToString())


def numeric_models(folder, write, adult, penguins, schemas):
    library = "skl2onnx " + skl2onnx.__version__ + ", onnxruntime " + onnxruntime.__version__
    x, y, x_test, rows, fields = adult()
    numeric = [c for c in fields if not isinstance(x[c].dtype, pd.CategoricalDtype)]
    labels = np.where(y == 1, ">50K", "<=50K")
    sets = {"binary": (x[numeric], labels, x_test[numeric], rows, fields, schemas["binary"], ["<=50K", ">50K"])}
    frame, px, pfields = penguins("species")
    pnumeric = [c for c in pfields if not isinstance(px[c].dtype, pd.CategoricalDtype)]
    classes = sorted(set(frame["species"]), key=lambda s: s.encode())
    sets["multiclass"] = (px[pnumeric], frame["species"].to_numpy(), px[pnumeric], text(frame[pfields]), pfields,
                          schemas["multiclass"], classes)
    frame, rx, rfields = penguins("body_mass_g")
    rnumeric = [c for c in rfields if not isinstance(rx[c].dtype, pd.CategoricalDtype)]
    sets["regression"] = (rx[rnumeric], frame["body_mass_g"].astype(float).to_numpy(), rx[rnumeric],
                          text(frame[rfields]), rfields, schemas["regression"], None)
    for task, (train, target, test, test_rows, all_fields, schema, classes) in sets.items():
        for kind, estimator in estimators(task).items():
            # Only HistGradientBoosting learns where missing values go; the others see them as 0.
            features = train.to_numpy(np.float32)
            if kind != "hgb":
                features = np.nan_to_num(features)
            estimator.fit(features, target)
            model = to_onnx(estimator, features[:1], options=zipmap(estimator, task),
                            target_opset={"": 17, "ai.onnx.ml": 3})
            name = f"onnx-{kind}-{task}"
            save(folder, name, model)
            scores, predicted = predict(model, {"X": test.to_numpy(np.float32)}, task, classes)
            write(folder, name, name + ".onnx", library, schema, all_fields, test_rows, scores, predicted)
            if (kind, task) == ("rf", "multiclass"):
                double = to_onnx(estimator, features[:1].astype(np.float64), options=zipmap(estimator, task),
                                 target_opset={"": 17, "ai.onnx.ml": 3})
                save(folder, name + "-double", double)
                scores, predicted = predict(double, {"X": test.to_numpy(np.float64)}, task, classes)
                write(folder, name + "-double", name + "-double.onnx", library, schema, all_fields, test_rows,
                      scores, predicted)
            if (kind, task) == ("gb", "binary"):
                modes(folder, write, library, model, test, test_rows, all_fields, schema, classes)
            if (kind, task) == ("gb", "regression"):
                opset5(folder, write, library, model, test, test_rows, all_fields, schema)
            if (kind, task) == ("rf", "binary"):
                deep = RandomForestClassifier(n_estimators=2, max_depth=12, random_state=7).fit(features, target)
                model = to_onnx(deep, features[:1], options=zipmap(deep, task), target_opset={"": 17, "ai.onnx.ml": 3})
                save(folder, "onnx-rf-thresholds", model)
                scores, predicted = predict(model, {"X": test.to_numpy(np.float32)}, task, classes)
                write(folder, "onnx-rf-thresholds", "onnx-rf-thresholds.onnx", library, schema, all_fields,
                      test_rows, scores, predicted)


def zipmap(estimator, task):
    return {} if task == "regression" else {id(estimator): {"zipmap": False}}


def text(frame):
    missing = {"", "NA", "N/A", "?", "null"}
    return [["" if cell in missing else cell for cell in row] for row in frame.itertuples(index=False)]


def ensemble(model):
    return next(n for n in model.graph.node if n.op_type.startswith("TreeEnsemble"))


def attribute(node, name):
    return next(a for a in node.attribute if a.name == name)


def modes(folder, write, library, model, test, rows, fields, schema, classes):
    """Every branch mode of opsets 1-3 in one model (see the module's comment)."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    node = ensemble(model)
    kinds = attribute(node, "nodes_modes").strings
    values = attribute(node, "nodes_values").floats
    trues = attribute(node, "nodes_truenodeids").ints
    falses = attribute(node, "nodes_falsenodeids").ints
    features = attribute(node, "nodes_featureids").ints
    data = test.to_numpy(np.float32)
    cycle = [b"BRANCH_LEQ", b"BRANCH_LT", b"BRANCH_GT", b"BRANCH_GTE", b"BRANCH_EQ", b"BRANCH_NEQ"]
    split = 0
    for i, kind in enumerate(kinds):
        if kind == b"LEAF":
            continue
        mode = cycle[split % len(cycle)]
        split += 1
        t = np.float32(values[i])
        if mode == b"BRANCH_LT":  # x <= t is x < the next float up
            values[i] = float(np.nextafter(t, np.float32(np.inf)))
        elif mode == b"BRANCH_GT":  # x <= t goes true is x > t goes false
            trues[i], falses[i] = falses[i], trues[i]
        elif mode == b"BRANCH_GTE":
            values[i] = float(np.nextafter(t, np.float32(np.inf)))
            trues[i], falses[i] = falses[i], trues[i]
        elif mode in (b"BRANCH_EQ", b"BRANCH_NEQ"):
            column = data[:, features[i]]
            values[i] = float(np.median(column[~np.isnan(column)]))
        kinds[i] = mode
    save(folder, "onnx-modes", model)
    scores, predicted = predict(model, {"X": data}, "binary", classes)
    write(folder, "onnx-modes", "onnx-modes.onnx", library, schema, fields, rows, scores, predicted)


def opset5(folder, write, library, model, test, rows, fields, schema):
    """The regressor as ai.onnx.ml opset 5's TreeEnsemble, some splits of a field of whole numbers set
    memberships."""
    node = ensemble(model)
    get = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    data = test.to_numpy(np.float32)
    trees = sorted(set(get["nodes_treeids"]))
    index = {(t, n): i for i, (t, n) in enumerate(zip(get["nodes_treeids"], get["nodes_nodeids"]))}
    leaf_of = {(t, n): w for t, n, w in zip(get["target_treeids"], get["target_nodeids"], get["target_weights"])}
    splits, features, modes_, trues, falses, true_leafs, false_leafs, members = [], [], [], [], [], [], [], []
    leaf_weights, roots = [], []
    split_index = {}

    def add(t, n):
        i = index[(t, n)]
        if get["nodes_modes"][i] == b"LEAF":
            leaf_weights.append(leaf_of[(t, n)])
            return len(leaf_weights) - 1, 1
        position = len(splits)
        split_index[(t, n)] = position
        splits.append(get["nodes_values"][i])
        features.append(get["nodes_featureids"][i])
        modes_.append(0)
        for target in (trues, falses, true_leafs, false_leafs):
            target.append(0)
        column = data[:, features[-1]]
        present = np.unique(column[~np.isnan(column)])
        # onnxruntime reads membership sets of integers only: the splits of a field of whole numbers.
        if position % 3 == 2 and np.all(present == np.round(present)):
            chosen = present[present <= np.float32(splits[-1])][-3:]
            modes_[-1] = 6
            members.extend(float(v) for v in chosen)
            members.append(float("nan"))
        trues[position], true_leafs[position] = add(t, get["nodes_truenodeids"][i])
        falses[position], false_leafs[position] = add(t, get["nodes_falsenodeids"][i])
        return position, 0

    for t in trees:
        roots.append(add(t, 0)[0])
    # The membership sets are in node order; add() numbered the splits in that order.
    attributes = {
        "tree_roots": roots, "nodes_featureids": features,
        "nodes_splits": numpy_helper.from_array(np.array(splits, dtype=np.float32)),
        "nodes_modes": numpy_helper.from_array(np.array(modes_, dtype=np.uint8)),
        "nodes_truenodeids": trues, "nodes_falsenodeids": falses, "nodes_trueleafs": true_leafs,
        "nodes_falseleafs": false_leafs, "leaf_targetids": [0] * len(leaf_weights),
        "leaf_weights": numpy_helper.from_array(np.array(leaf_weights, dtype=np.float32)),
        "membership_values": numpy_helper.from_array(np.array(members, dtype=np.float32)),
        "n_targets": 1, "aggregate_function": 1, "post_transform": 0,
    }
    # TreeEnsemble has no base_values: the scores are the leaves' sums.
    tree_node = helper.make_node("TreeEnsemble", ["X"], ["ensemble"], domain="ai.onnx.ml", **attributes)
    graph = helper.make_graph(
        [tree_node], "opset5", [helper.make_tensor_value_info("X", onnx.TensorProto.FLOAT, [None, data.shape[1]])],
        [helper.make_tensor_value_info("ensemble", onnx.TensorProto.FLOAT, [None, 1])])
    model5 = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21), helper.make_opsetid("ai.onnx.ml", 5)],
                               producer_name="skl2onnx", producer_version=skl2onnx.__version__)
    model5.ir_version = 10
    save(folder, "onnx-opset5-regression", model5)
    scores, _ = predict(model5, {"X": data}, "regression", None)
    write(folder, "onnx-opset5-regression", "onnx-opset5-regression.onnx", library, schema, fields, rows, scores, None)


def pipelines(folder, write, penguins, schemas):
    """A ColumnTransformer that one-hot or ordinal-encodes the categorical fields, then trees."""
    library = "skl2onnx " + skl2onnx.__version__ + ", onnxruntime " + onnxruntime.__version__
    frame, x, fields = penguins("species")
    categorical = [c for c in fields if isinstance(x[c].dtype, pd.CategoricalDtype)]
    numeric = [c for c in fields if c not in categorical]
    data = frame[fields].copy()
    missing = {"", "NA", "N/A", "?", "null"}
    for c in categorical:
        data[c] = data[c].where(~data[c].isin(missing), "")
    for c in numeric:
        data[c] = pd.to_numeric(data[c].where(~data[c].isin(missing), None)).astype(np.float32)
    classes = sorted(set(frame["species"]), key=lambda s: s.encode())
    y = frame["species"].to_numpy()
    encoders = {
        "onehot": (OneHotEncoder(handle_unknown="ignore"), HistGradientBoostingClassifier(
            max_iter=6, max_depth=3, random_state=7)),
        "ordinal": (OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1),
                    RandomForestClassifier(**SMALL)),
    }
    for name, (encoder, trees) in encoders.items():
        train = data.copy()
        if not isinstance(trees, HistGradientBoostingClassifier):
            train[numeric] = train[numeric].fillna(0)
        # The encoders learn the declared categories; a missing value ("") is unknown to them.
        fit_rows = (train[categorical] != "").all(axis=1)
        pipeline = Pipeline([("prepare", ColumnTransformer([("categorical", encoder, categorical),
                                                            ("numeric", "passthrough", numeric)])),
                             ("trees", trees)])
        pipeline.fit(train[fit_rows], y[fit_rows])
        model = to_onnx(pipeline, train[:1], options={id(trees): {"zipmap": False}},
                        target_opset={"": 17, "ai.onnx.ml": 3})
        full = f"onnx-pipeline-{name}"
        save(folder, full, model)
        # Scored with the missing values as they are: NaN for a number, "" (unknown) for a category.
        feeds = {c: (data[c].to_numpy().reshape(-1, 1) if c in categorical
                     else data[c].to_numpy(np.float32).reshape(-1, 1)) for c in fields}
        scores, predicted = predict(model, feeds, "multiclass", classes)
        write(folder, full, full + ".onnx", library, schemas["multiclass"], fields, text(frame[fields]), scores,
              predicted)


# The [data] of the one-column pipelines: penguins with one categorical field left (sex, and for
# the regression species or island, ignored), so that the ColumnTransformer encodes one column.
ONE_COLUMN_DATA = {
    "onehot": {"training": "research/data/penguins/penguins.csv", "label": "species", "task": "multiclass",
               "ignore": ["year", "sex"]},
    "ordinal": {"training": "research/data/penguins/penguins.csv", "label": "body_mass_g", "task": "regression",
                "ignore": ["year", "island", "sex"]},
}


def one_column_pipelines(folder, write, text_rows):
    """A ColumnTransformer whose transformer takes one column, the rest passed through, then trees:
    onnx-pipeline-onehot-one (OneHotEncoder over island, a RandomForestClassifier; skl2onnx picks the
    column with a Gather) and onnx-pipeline-ordinal-one (OrdinalEncoder over species, a
    GradientBoostingRegressor). Both are trained with the missing numbers as NaN, which scikit-learn's
    trees route as they learned (onnxruntime, which the expected scores are, sends NaN to each split's
    false branch: skl2onnx writes no nodes_missing_value_tracks_true for these trees)."""
    library = "skl2onnx " + skl2onnx.__version__ + ", onnxruntime " + onnxruntime.__version__
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    missing = {"", "NA", "N/A", "?", "null"}
    for name, declared in ONE_COLUMN_DATA.items():
        raw = pd.read_csv(os.path.join(root, declared["training"]), dtype=str, keep_default_na=False)
        label = declared["label"]
        raw = raw[~raw[label].isin(missing)].reset_index(drop=True)
        fields = [c for c in raw.columns if c != label and c not in declared["ignore"]]
        categorical = [c for c in fields if pd.to_numeric(raw[c].where(~raw[c].isin(missing)), errors="coerce")
                       .isna().sum() > raw[c].isin(missing).sum()]
        assert len(categorical) == 1, categorical
        numeric = [c for c in fields if c not in categorical]
        data = raw[fields].copy()
        for c in numeric:
            data[c] = pd.to_numeric(data[c].where(~data[c].isin(missing), None)).astype(np.float32)
        if name == "onehot":
            encoder, trees = OneHotEncoder(handle_unknown="ignore"), RandomForestClassifier(**SMALL)
            y, task = raw[label].to_numpy(), "multiclass"
            classes = sorted(set(y), key=lambda s: s.encode())
        else:
            encoder = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1)
            trees, y, task, classes = GradientBoostingRegressor(**SMALL), raw[label].astype(float).to_numpy(), \
                "regression", None
        pipeline = Pipeline([("prepare", ColumnTransformer([("encode", encoder, categorical)],
                                                           remainder="passthrough")), ("trees", trees)])
        pipeline.fit(data, y)
        options = {id(trees): {"zipmap": False}} if task != "regression" else {}
        model = to_onnx(pipeline, data[:1], options=options, target_opset={"": 17, "ai.onnx.ml": 3})
        full = f"onnx-pipeline-{name}-one"
        save(folder, full, model)
        feeds = {c: (data[c].to_numpy().reshape(-1, 1) if c in categorical
                     else data[c].to_numpy(np.float32).reshape(-1, 1)) for c in fields}
        scores, predicted = predict(model, feeds, task, classes)
        write(folder, full, full + ".onnx", library, declared, fields, text_rows(raw[fields]), scores, predicted)
