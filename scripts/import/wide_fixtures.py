"""Models whose trees split one continuous field (adult's fnlwgt) at more than 253 distinct
thresholds, so that the model file needs 16-bit bins (format 5), with their libraries' own
predictions (see import_fixtures.py for the files' form). Each stays small: few trees, and the
boosters on three of adult's fields; the script checks that each has its many thresholds.

- onnx-rf-default-binary, onnx-rf-default-multiclass, onnx-rf-default-regression: scikit-learn's
  RandomForestClassifier / RandomForestRegressor with default settings (exact splits, trees grown
  until their leaves are pure) but two trees on the first rows of adult.data, through skl2onnx
  and scored by onnxruntime: income (binary), race (multiclass, five classes) and hours-per-week
  (regression) from adult's numeric fields.
- lightgbm-maxbin: LightGBM with max_bin=1023 (binary, income), deep trees on age, fnlwgt and
  hours-per-week.
- xgboost-exact: XGBoost with tree_method="exact" (binary:logistic, income), the same fields.
"""
import collections
import os

import lightgbm as lgb
import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from skl2onnx import to_onnx

import onnx_fixtures

ADULT = {
    "training": "research/data/adult/adult.data", "test": "research/data/adult/adult.test", "separator": ",",
    "trim_spaces": True, "comment": "|",
}
BOOSTER_FIELDS = ["age", "fnlwgt", "hours-per-week"]
# The old limit of a model file: 253 thresholds per field, one byte per field's bin.
ONE_BYTE_EDGES = 253


def require_many(name, counts):
    """Fails unless some field has more thresholds than one byte separates; prints the counts."""
    largest = max(counts.values())
    assert largest > ONE_BYTE_EDGES, f"{name}: at most {largest} thresholds per field"
    print(f"{name}: distinct thresholds per field {dict(sorted(counts.items()))}")


def onnx_thresholds(model, names):
    node = onnx_fixtures.ensemble(model)
    attributes = {a.name: a for a in node.attribute}
    distinct = collections.defaultdict(set)
    for feature, value, mode in zip(attributes["nodes_featureids"].ints, attributes["nodes_values"].floats,
                                    attributes["nodes_modes"].strings):
        if mode != b"LEAF":
            distinct[names[feature]].add(value)
    return {k: len(v) for k, v in distinct.items()}


def random_forests(folder, write, adult, columns, schema):
    library = f"skl2onnx {onnx_fixtures.skl2onnx.__version__}, onnxruntime {onnx_fixtures.onnxruntime.__version__}"
    x, y, x_test, rows, fields = adult()
    numeric = [c for c in fields if not isinstance(x[c].dtype, pd.CategoricalDtype)]
    races = sorted(x["race"].dropna().unique(), key=lambda s: s.encode())
    others = [c for c in numeric if c != "hours-per-week"]
    kinds = {
        # name: (estimator, training rows, its features, target, task, the [data] (None: adult's schema),
        # the schema's fields, classes)
        "onnx-rf-default-binary": (
            RandomForestClassifier(n_estimators=2, random_state=7), 8000, numeric,
            np.where(y == 1, ">50K", "<=50K"), "binary", None, fields, ["<=50K", ">50K"]),
        "onnx-rf-default-multiclass": (
            RandomForestClassifier(n_estimators=2, random_state=7), 3000, numeric,
            x["race"].astype(str).to_numpy(), "multiclass",
            {**ADULT, "header": columns, "label": "race", "task": "multiclass", "ignore": ["income"]},
            [c for c in fields if c != "race"], races),
        "onnx-rf-default-regression": (
            RandomForestRegressor(n_estimators=2, random_state=7), 2000, others,
            x["hours-per-week"].to_numpy(), "regression",
            {**ADULT, "header": columns, "label": "hours-per-week", "task": "regression", "ignore": ["income"]},
            [c for c in fields if c != "hours-per-week"], None),
    }
    for name, (estimator, count, features, target, task, data, test_fields, classes) in kinds.items():
        train = np.nan_to_num(x[features].to_numpy(np.float32))[:count]
        estimator.fit(train, target[:count])
        model = to_onnx(estimator, train[:1], options=onnx_fixtures.zipmap(estimator, task),
                        target_opset={"": 17, "ai.onnx.ml": 3})
        require_many(name, onnx_thresholds(model, features))
        onnx_fixtures.save(folder, name, model)
        scores, predicted = onnx_fixtures.predict(model, {"X": x_test[features].to_numpy(np.float32)}, task, classes)
        assert classes is None or sorted(set(target[:count])) == sorted(classes), f"{name}: a class is missing"
        test_rows = [[row[fields.index(c)] for c in test_fields] for row in rows]
        write(folder, name, name + ".onnx", library, data or schema, test_fields, test_rows, scores, predicted)


def boosters(folder, write, adult, schema):
    x, y, x_test, rows, fields = adult()

    booster = lgb.train(
        {"objective": "binary", "max_bin": 1023, "num_leaves": 255, "min_data_in_leaf": 2, "learning_rate": 0.2,
         "verbosity": -1, "seed": 7, "deterministic": True, "num_threads": 1},
        lgb.Dataset(x[BOOSTER_FIELDS], y, params={"max_bin": 1023}), num_boost_round=3)
    distinct = collections.defaultdict(set)

    def walk(node):
        if "split_feature" in node:
            distinct[BOOSTER_FIELDS[node["split_feature"]]].add(node["threshold"])
            walk(node["left_child"])
            walk(node["right_child"])

    for tree in booster.dump_model()["tree_info"]:
        walk(tree["tree_structure"])
    require_many("lightgbm-maxbin", {k: len(v) for k, v in distinct.items()})
    booster.save_model(os.path.join(folder, "lightgbm-maxbin.txt"))
    p = booster.predict(x_test[BOOSTER_FIELDS])
    write(folder, "lightgbm-maxbin", "lightgbm-maxbin.txt", "lightgbm " + lgb.__version__, schema, fields, rows,
          [[v] for v in p], [">50K" if v > 0.5 else "<=50K" for v in p])

    model = xgb.XGBClassifier(
        objective="binary:logistic", tree_method="exact", max_depth=10, n_estimators=2, learning_rate=0.3,
        min_child_weight=0.1, random_state=7, n_jobs=1).fit(x[BOOSTER_FIELDS], y)
    distinct = collections.defaultdict(set)
    trees = model.get_booster().trees_to_dataframe()
    for feature, split in zip(trees["Feature"], trees["Split"]):
        if feature != "Leaf":
            distinct[feature].add(split)
    require_many("xgboost-exact", {k: len(v) for k, v in distinct.items()})
    model.save_model(os.path.join(folder, "xgboost-exact.json"))
    p = model.predict_proba(x_test[BOOSTER_FIELDS])[:, 1]
    write(folder, "xgboost-exact", "xgboost-exact.json", "xgboost " + xgb.__version__, schema, fields, rows,
          [[v] for v in p], [">50K" if v > 0.5 else "<=50K" for v in p])
