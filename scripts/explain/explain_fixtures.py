"""Writes, per model, the TreeSHAP contributions its own library (or the shap package) computes for
rows of a shipped data set, for the tests of modelpress's TreeExplainer.

Run through scripts/make-explain-fixtures. Per model NAME, NAME.json holds:
- `library`: what computed the contributions, and its version;
- `import` (the name of a model of Tests/ModelsTests/Fixtures/import/, which the test imports as
  `modelpress import` does) or `model` (a modelpress model file, path from the repository root);
- `input_fields` and `rows`: the rows explained, cells as text ("" for a missing value);
- `fields`: the fields that have a column of contributions (XGBoost's models use only the numeric
  fields: every other field contributes 0);
- `expected`: per output (one, or one per class in the schema's order), the expected raw score;
- `contributions`: per row, output-major, `fields` values per output;
- `raw`: per row and output, the raw score (LightGBM's raw_score, XGBoost's margin; for shap, the
  expected value plus the contributions).

The models: LightGBM's pred_contrib on lightgbm-binary, lightgbm-binary-zero, lightgbm-binary-rf
(divided by its rounds, see lightgbm_fixtures), lightgbm-multiclass and lightgbm-regression; XGBoost's pred_contribs on xgboost-binary,
xgboost-multiclass and xgboost-regression; shap's TreeExplainer (path-dependent) on native models
exported to its dictionary tree format (scripts/explain/model_file.py): the shipped penguin
models (their artifacts are immutable, so they stay what the fixtures were made from) and
native-*.bin, binary models scripts/make-explain-fixtures trains on adult from
scripts/explain/*.toml.
"""
import os
import sys

import lightgbm as lgb
import numpy as np
import shap
import xgboost as xgb

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "import"))
import import_fixtures as imports  # noqa: E402
from model_file import ModelFile  # noqa: E402

ROOT = imports.ROOT
IMPORTS = os.path.join(ROOT, "Tests/ModelsTests/Fixtures/import")
ROWS = 40


def spread(count):
    """ROWS row indices spread over `count` rows (the penguins file is sorted by species)."""
    return sorted({round(i * (count - 1) / (ROWS - 1)) for i in range(ROWS)})


def write(folder, name, fixture):
    imports.write_json(os.path.join(folder, name + ".json"), fixture)


def floats(rows):
    return [[float(v) for v in row] for row in rows]


def library_fixture(library, source, fields, x, rows, contributions, raw, outputs):
    """A fixture from a library's contributions, (rows, outputs × (fields + 1)) with the bias last per output."""
    contributions = np.asarray(contributions).reshape(len(rows), outputs, len(fields) + 1)
    bias = contributions[:, :, -1]
    assert np.allclose(bias, bias[0]), "the bias differs between rows"
    return {
        "library": library, "import": source, "input_fields": list(x.columns), "rows": rows, "fields": fields,
        "expected": [float(v) for v in bias[0]],
        "contributions": floats(contributions[:, :, :-1].reshape(len(rows), -1)),
        "raw": floats(np.asarray(raw).reshape(len(rows), outputs)),
    }


def adult_rows():
    x, _, x_test, rows, _ = imports.adult()
    picked = spread(len(rows))
    return x_test.iloc[picked], [rows[i] for i in picked]


def penguin_rows(label):
    frame, x, fields = imports.penguins(label)
    picked = spread(len(frame))
    return x.iloc[picked], [imports.text_rows(frame[fields])[i] for i in picked]


def classes(label):
    return len(set(imports.penguins(label)[0][label]))


def lightgbm_fixtures(folder):
    library = "lightgbm " + lgb.__version__
    cases = {
        "lightgbm-binary": (adult_rows, 1), "lightgbm-binary-zero": (adult_rows, 1),
        "lightgbm-binary-rf": (adult_rows, 1),
        "lightgbm-multiclass": (lambda: penguin_rows("species"), classes("species")),
        "lightgbm-regression": (lambda: penguin_rows("body_mass_g"), 1),
    }
    for name, (data, outputs) in cases.items():
        path = os.path.join(IMPORTS, name + ".txt")
        booster = lgb.Booster(model_file=path)
        x, rows = data()
        # In random-forest mode (average_output) LightGBM's probabilities average the trees, but
        # its raw_score and pred_contrib sum them; modelpress's raw score is the mean.
        with open(path) as source:
            scale = outputs / booster.num_trees() if "average_output" in source.read() else 1
        write(folder, name, library_fixture(
            library, name, booster.feature_name(), x, rows, booster.predict(x, pred_contrib=True) * scale,
            booster.predict(x, raw_score=True) * scale, outputs))


def xgboost_fixtures(folder):
    library = "xgboost " + xgb.__version__
    cases = {
        "xgboost-binary": (adult_rows, 1),
        "xgboost-multiclass": (lambda: penguin_rows("species"), classes("species")),
        "xgboost-regression": (lambda: penguin_rows("body_mass_g"), 1),
    }
    for name, (data, outputs) in cases.items():
        booster = xgb.Booster(model_file=os.path.join(IMPORTS, name + ".json"))
        x, rows = data()
        matrix = xgb.DMatrix(imports.numeric_only(x))
        write(folder, name, library_fixture(
            library, name, booster.feature_names, x, rows, booster.predict(matrix, pred_contribs=True),
            booster.predict(matrix, output_margin=True), outputs))


def shap_fixture(path, frame):
    """shap's TreeExplainer on the model file at `path` (from the repository root), for the text
    rows of `frame` (every column a field of the model, by name)."""
    model = ModelFile(os.path.join(ROOT, path))
    names = [field["name"] for field in model.fields]
    picked = spread(len(frame))
    rows = imports.text_rows(frame[names].iloc[picked])
    trees = model.shap_trees()
    explainer = shap.TreeExplainer(
        {"trees": trees, "tree_output": "raw_value"}, feature_perturbation="tree_path_dependent")
    # shap's dictionary trees have only numeric splits: its categorical ones are set here.
    for i, tree in enumerate(trees):
        explainer.model.threshold_types[i, :len(tree["threshold_types"])] = tree["threshold_types"]
    x = np.array([model.row(cells) for cells in rows], dtype=np.float64)
    values = np.asarray(explainer.shap_values(x, check_additivity=False)).reshape(len(rows), len(names), -1)
    values = values.transpose(0, 2, 1)  # rows, outputs, fields
    expected = np.atleast_1d(explainer.expected_value).astype(np.float64)
    if model.output != "mean":
        expected = expected + model.base_scores
    return {
        "library": "shap " + shap.__version__, "model": path, "input_fields": names, "rows": rows,
        "fields": names, "expected": [float(v) for v in expected],
        "contributions": floats(values.reshape(len(rows), -1)),
        "raw": floats(expected + values.sum(axis=2)),
    }


def shap_fixtures(folder):
    penguins = imports.read_penguins()
    for endpoint, label in [("penguin_species", "species"), ("penguin_body_mass", "body_mass_g")]:
        for model in ["random_forest", "gradient_boosting"]:
            path = f"research/artifacts/{endpoint}/{model}/1.0.0/model.bin"
            frame = penguins[~penguins[label].isin(imports.MISSING)].reset_index(drop=True)
            write(folder, f"native-{endpoint}-{model}", shap_fixture(path, frame.drop(columns=[label])))
    adult = imports.read_adult("adult.test")
    for model in ["random_forest", "extra_trees", "gradient_boosting"]:
        path = f"Tests/ModelsTests/Fixtures/explain/native-income-{model}.bin"
        write(folder, f"native-income-{model}", shap_fixture(path, adult.drop(columns=["income", "native-country"])))


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    lightgbm_fixtures(folder)
    xgboost_fixtures(folder)
    shap_fixtures(folder)


if __name__ == "__main__":
    main()
