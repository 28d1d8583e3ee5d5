"""Trains small models of every kind `modelpress import` reads on the shipped data sets and
writes each model file, with the source library's own predictions on test rows, into a folder.

Run through scripts/make-import-fixtures. Per model NAME:
- NAME.txt (LightGBM, Booster.save_model), NAME.json (XGBoost, save_model; xgboost-binary.ubj
  is the same model in UBJSON, which the importer refuses; xgboost-regression-OBJECTIVE are the
  other regression objectives whose prediction is the margin, see REGRESSION_OBJECTIVES) or NAME.onnx (scikit-learn through
  skl2onnx, scored by onnxruntime: scripts/import/onnx_fixtures.py; the models that split a field at
  more than 253 thresholds: scripts/import/wide_fixtures.py), the source file;
- NAME.expected.json: the library and its version, the file, the training.json whose schema the
  model is matched to (or, as `data`, the [data] declaration modelpress reads the schema from),
  the rows scored (cells as text, "" for a missing value) and per row the
  scores (binary: the positive-class probability; multiclass: every class's probability in the
  schema's class order; regression: the value) and, for classification, the predicted class.

The data are read as modelpress reads the pipelines (income_classifier: adult.data, adult.test;
penguins: penguins.csv without `year`): categories are the training values sorted by UTF-8
bytes, the classes too, so category and class numbers are the schema's. The exception is
{lightgbm,xgboost}-multiclass-integers, trained on adult's `education-num` (16 integer classes,
1 to 16): the libraries number those classes by value (y = education-num - 1), the schema orders
them by UTF-8 bytes (1, 10, 11, …, 16, 2, …), and the expected scores are in the schema's order.
lightgbm-bool reads its own data file, lightgbm-bool.csv, which the script writes beside it.
"""
import functools
import json
import os
import sys

import lightgbm as lgb
import numpy as np
import pandas as pd
import xgboost as xgb

import onnx_fixtures
import wide_fixtures

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
ADULT_COLUMNS = [
    "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
    "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country",
    "income",
]
ADULT_SCHEMA = "research/artifacts/income_classifier/random_forest/1.0.0/training.json"
SPECIES_SCHEMA = "research/artifacts/penguin_species/random_forest/1.0.0/training.json"
BODY_MASS_SCHEMA = "research/artifacts/penguin_body_mass/random_forest/1.0.0/training.json"
TEST_ROWS = 200


def read_adult(name):
    path = os.path.join(ROOT, "research/data/adult", name)
    frame = pd.read_csv(
        path, header=None, names=ADULT_COLUMNS, skipinitialspace=True, comment="|", dtype=str,
        keep_default_na=False)
    return frame


def read_penguins():
    path = os.path.join(ROOT, "research/data/penguins/penguins.csv")
    return pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns=["year"])


MISSING = {"", "NA", "N/A", "?", "null"}


def is_categorical(cells):
    """Whether a column is categorical as modelpress infers it: some present value is not a number."""
    present = cells[~cells.isin(MISSING)]
    return pd.to_numeric(present, errors="coerce").isna().any()


def typed(frame, categorical, categories):
    """The frame as the libraries take it: numbers as float (NaN missing), categorical columns
    with the training categories (a value outside them, or a missing one, is NaN)."""
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        cells = frame[column].where(~frame[column].isin(MISSING), None)
        if column in categorical:
            out[column] = pd.Categorical(cells, categories=categories[column])
        else:
            out[column] = pd.to_numeric(cells).astype(float)
    return out


def text_rows(frame):
    return [["" if cell in MISSING else cell for cell in row] for row in frame.itertuples(index=False)]


def write(folder, name, source_file, library, schema, fields, rows, scores, labels):
    expected = {
        "library": library,
        "model": source_file,
        "fields": fields,
        "rows": rows,
        "scores": [[float(v) for v in row] for row in scores],
    }
    expected["data" if isinstance(schema, dict) else "schema"] = schema
    if labels is not None:
        expected["labels"] = labels
    write_json(os.path.join(folder, name + ".expected.json"), expected)


def write_json(path, document):
    """Writes a JSON object one key per line, a table's rows one per line: small, and a change
    reads as a diff."""
    lines = []
    for key in sorted(document):
        value = document[key]
        if isinstance(value, list) and value and isinstance(value[0], list):
            lines.append(json.dumps(key) + ": [\n" + ",\n".join(json.dumps(row) for row in value) + "\n]")
        else:
            lines.append(json.dumps(key) + ": " + json.dumps(value))
    with open(path, "w") as out:
        out.write("{\n" + ",\n".join(lines) + "\n}\n")


@functools.cache
def adult():
    train, test = read_adult("adult.data"), read_adult("adult.test").head(TEST_ROWS)
    fields = ADULT_COLUMNS[:-1]
    categorical = [c for c in fields if is_categorical(train[c])]
    categories = {c: sorted(set(train[c]) - MISSING, key=lambda s: s.encode()) for c in categorical}
    y = (train["income"].str.rstrip(".") == ">50K").astype(int)
    return typed(train[fields], categorical, categories), y, typed(test[fields], categorical, categories), \
        text_rows(test[fields]), fields


# The [data] of a multiclass model of adult's education-num (1…16); `education` names the same.
EDUCATION_DATA = {
    "training": "research/data/adult/adult.data", "test": "research/data/adult/adult.test", "header": ADULT_COLUMNS,
    "label": "education-num", "task": "multiclass", "ignore": ["education", "income"], "separator": ",",
    "trim_spaces": True, "comment": "|",
}


@functools.cache
def adult_education():
    """adult for education-num's 16 classes: the libraries' labels 0…15 by value, and the
    classes as modelpress orders them (UTF-8 bytes: "1", "10", …). The first 8,000 training rows
    keep the script quick; categories and classes come from the whole file, as modelpress's do."""
    train, test = read_adult("adult.data"), read_adult("adult.test").head(TEST_ROWS)
    fields = [c for c in ADULT_COLUMNS if c not in ["education-num"] + EDUCATION_DATA["ignore"]]
    categorical = [c for c in fields if is_categorical(train[c])]
    categories = {c: sorted(set(train[c]) - MISSING, key=lambda s: s.encode()) for c in categorical}
    by_value = sorted(set(train["education-num"]), key=int)
    train = train.head(8000)
    y = train["education-num"].map({c: i for i, c in enumerate(by_value)})
    schema_classes = sorted(by_value, key=lambda s: s.encode())
    order = [by_value.index(c) for c in schema_classes]
    return typed(train[fields], categorical, categories), y, typed(test[fields], categorical, categories), \
        text_rows(test[fields]), fields, schema_classes, order


def write_integer_classes(folder, name, source_file, library, predict_proba):
    """A multiclass model of education-num: the library's probabilities moved to the schema's order."""
    x, y, x_test, rows, fields, classes, order = adult_education()
    p = np.asarray(predict_proba(x_test))[:, order]
    write(folder, name, source_file, library, EDUCATION_DATA, fields, rows, p,
          [classes[int(np.argmax(row))] for row in p])


def penguins(label):
    frame = read_penguins()
    frame = frame[~frame[label].isin(MISSING)].reset_index(drop=True)
    fields = [c for c in frame.columns if c != label]
    categorical = [c for c in fields if is_categorical(frame[c])]
    categories = {c: sorted(set(frame[c]) - MISSING, key=lambda s: s.encode()) for c in categorical}
    x = typed(frame[fields], categorical, categories)
    return frame, x, fields


def lightgbm_models(folder):
    library = "lightgbm " + lgb.__version__
    x, y, x_test, rows, fields = adult()
    common = {"verbosity": -1, "num_leaves": 15, "learning_rate": 0.2, "min_data_in_leaf": 20, "seed": 7,
              "deterministic": True, "num_threads": 1}
    binary_kinds = {
        "lightgbm-binary": {"objective": "binary"},
        "lightgbm-binary-sigmoid": {"objective": "binary", "sigmoid": 0.7},
        "lightgbm-binary-rf": {"objective": "binary", "boosting": "rf", "bagging_fraction": 0.7,
                               "bagging_freq": 1, "feature_fraction": 0.8},
        "lightgbm-binary-zero": {"objective": "binary", "zero_as_missing": True},
    }
    for name, params in binary_kinds.items():
        booster = lgb.train({**common, **params}, lgb.Dataset(x, y), num_boost_round=8)
        booster.save_model(os.path.join(folder, name + ".txt"))
        p = booster.predict(x_test)
        write(folder, name, name + ".txt", library, ADULT_SCHEMA, fields, rows, [[v] for v in p],
              [">50K" if v > 0.5 else "<=50K" for v in p])

    frame, x, fields = penguins("species")
    classes = sorted(set(frame["species"]), key=lambda s: s.encode())
    y = frame["species"].map({c: i for i, c in enumerate(classes)})
    small = {**common, "num_leaves": 7, "min_data_in_leaf": 5}
    for name, params in {
        "lightgbm-multiclass": {"objective": "multiclass", "num_class": len(classes)},
        "lightgbm-multiclassova": {"objective": "multiclassova", "num_class": len(classes)},
    }.items():
        booster = lgb.train({**small, **params}, lgb.Dataset(x, y), num_boost_round=5)
        booster.save_model(os.path.join(folder, name + ".txt"))
        p = booster.predict(x)
        write(folder, name, name + ".txt", library, SPECIES_SCHEMA, fields, text_rows(frame[fields]), p,
              [classes[int(np.argmax(row))] for row in p])

    x, y = adult_education()[:2]
    booster = lgb.train({**common, "objective": "multiclass", "num_class": 16}, lgb.Dataset(x, y), num_boost_round=4)
    booster.save_model(os.path.join(folder, "lightgbm-multiclass-integers.txt"))
    write_integer_classes(folder, "lightgbm-multiclass-integers", "lightgbm-multiclass-integers.txt", library,
                          booster.predict)

    frame, x, fields = penguins("body_mass_g")
    y = frame["body_mass_g"].astype(float)
    booster = lgb.train({**small, "objective": "regression"}, lgb.Dataset(x, y), num_boost_round=6)
    booster.save_model(os.path.join(folder, "lightgbm-regression.txt"))
    write(folder, "lightgbm-regression", "lightgbm-regression.txt", library, BODY_MASS_SCHEMA, fields,
          text_rows(frame[fields]), [[v] for v in booster.predict(x)], None)

    lightgbm_bool(folder, library, common)


# lightgbm-bool's data: penguins with a true/false column, as pandas writes one (`True`, `False`).
BOOL_CSV = "Tests/ModelsTests/Fixtures/import/lightgbm-bool.csv"
BOOL_DATA = {"training": BOOL_CSV, "label": "sex", "task": "binary"}


def lightgbm_bool(folder, library, common):
    """A binary model (sex) of penguins with a bool column made categorical, `late` (the year is
    2009): pandas reads the `True`/`False` cells it writes as bool, `astype("category")` makes
    categories [False, True], and LightGBM writes them in pandas_categorical as JSON booleans
    ([false, true], the list's order the codes' order), which modelpress reads as the
    categories `False` and `True` of the file (trial22 #2). The data file is written here too."""
    frame = read_penguins_with_year()
    frame = frame[~frame["sex"].isin(MISSING)].reset_index(drop=True)
    data = pd.DataFrame({
        "island": frame["island"],
        "bill_length_mm": pd.to_numeric(frame["bill_length_mm"].where(~frame["bill_length_mm"].isin(MISSING))),
        "flipper_length_mm": pd.to_numeric(frame["flipper_length_mm"].where(~frame["flipper_length_mm"].isin(MISSING))),
        "late": frame["year"] == "2009",
        "sex": frame["sex"],
    })
    data.to_csv(os.path.join(folder, os.path.basename(BOOL_CSV)), index=False, lineterminator="\n")
    read = pd.read_csv(os.path.join(folder, os.path.basename(BOOL_CSV)))
    assert read["late"].dtype == bool
    fields = ["island", "bill_length_mm", "flipper_length_mm", "late"]
    x = read[fields].copy()
    x["island"] = pd.Categorical(x["island"], categories=sorted(set(x["island"]), key=lambda s: s.encode()))
    x["late"] = x["late"].astype("category")
    y = (read["sex"] == "male").astype(int)
    small = {**common, "num_leaves": 7, "min_data_in_leaf": 5, "min_data_per_group": 5, "cat_smooth": 1}
    booster = lgb.train({**small, "objective": "binary"}, lgb.Dataset(x, y), num_boost_round=8)
    booster.save_model(os.path.join(folder, "lightgbm-bool.txt"))
    p = booster.predict(x)
    cells = pd.read_csv(os.path.join(folder, os.path.basename(BOOL_CSV)), dtype=str, keep_default_na=False)
    rows = text_rows(cells[fields])
    write(folder, "lightgbm-bool", "lightgbm-bool.txt", library, BOOL_DATA, fields, rows, [[v] for v in p],
          ["male" if v > 0.5 else "female" for v in p])


def read_penguins_with_year():
    path = os.path.join(ROOT, "research/data/penguins/penguins.csv")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def numeric_only(frame):
    return frame[[c for c in frame.columns if not isinstance(frame[c].dtype, pd.CategoricalDtype)]]


def xgboost_models(folder):
    """XGBoost on the numeric columns (the trees' inputs are a subset of the schema's fields).
    xgboost-binary-scalar is xgboost-binary with base_score written as XGBoost before 3.1 wrote
    it, a number in a string ("4.6E-1") rather than a one-element list ("[4.6E-1]")."""
    library = "xgboost " + xgb.__version__
    common = {"n_estimators": 6, "max_depth": 3, "learning_rate": 0.3, "random_state": 7, "n_jobs": 1,
              "tree_method": "hist"}
    x, y, x_test, rows, fields = adult()
    model = xgb.XGBClassifier(objective="binary:logistic", **common).fit(numeric_only(x), y)
    model.save_model(os.path.join(folder, "xgboost-binary.json"))
    model.save_model(os.path.join(folder, "xgboost-binary.ubj"))
    p = model.predict_proba(numeric_only(x_test))[:, 1]
    labels = [">50K" if v > 0.5 else "<=50K" for v in p]
    write(folder, "xgboost-binary", "xgboost-binary.json", library, ADULT_SCHEMA, fields, rows, [[v] for v in p],
          labels)
    with open(os.path.join(folder, "xgboost-binary.json")) as source:
        document = json.load(source)
    parameters = document["learner"]["learner_model_param"]
    parameters["base_score"] = parameters["base_score"].strip("[]")
    with open(os.path.join(folder, "xgboost-binary-scalar.json"), "w") as out:
        json.dump(document, out)
    write(folder, "xgboost-binary-scalar", "xgboost-binary-scalar.json", library, ADULT_SCHEMA, fields, rows,
          [[v] for v in p], labels)

    frame, x, fields = penguins("species")
    classes = sorted(set(frame["species"]), key=lambda s: s.encode())
    y = frame["species"].map({c: i for i, c in enumerate(classes)})
    model = xgb.XGBClassifier(objective="multi:softprob", **common).fit(numeric_only(x), y)
    model.save_model(os.path.join(folder, "xgboost-multiclass.json"))
    p = model.predict_proba(numeric_only(x))
    write(folder, "xgboost-multiclass", "xgboost-multiclass.json", library, SPECIES_SCHEMA, fields,
          text_rows(frame[fields]), p, [classes[int(np.argmax(row))] for row in p])

    x, y = adult_education()[:2]
    model = xgb.XGBClassifier(objective="multi:softprob", **{**common, "n_estimators": 4}).fit(numeric_only(x), y)
    model.save_model(os.path.join(folder, "xgboost-multiclass-integers.json"))
    write_integer_classes(folder, "xgboost-multiclass-integers", "xgboost-multiclass-integers.json", library,
                          lambda x_test: model.predict_proba(numeric_only(x_test)))

    frame, x, fields = penguins("body_mass_g")
    model = xgb.XGBRegressor(objective="reg:squarederror", **common).fit(
        numeric_only(x), frame["body_mass_g"].astype(float))
    model.save_model(os.path.join(folder, "xgboost-regression.json"))
    write(folder, "xgboost-regression", "xgboost-regression.json", library, BODY_MASS_SCHEMA, fields,
          text_rows(frame[fields]), [[v] for v in model.predict(numeric_only(x))], None)
    regression_objectives(folder, library, common)


# The regression objectives whose prediction is the margin (base_score plus the trees), as
# reg:squarederror's: xgboost-regression-NAME, with the target divided by SCALE. XGBoost 3.2
# estimates a base_score of 677,226 g for pseudohubererror on body masses of about 4,000 g, which
# leaves six trees one prediction for every row (no split tested), so it is given one;
# squaredlogerror's steps are tiny at 4,000 (its hessian is about 1/y²): it learns the mass in kg.
REGRESSION_OBJECTIVES = {
    "absoluteerror": {"objective": "reg:absoluteerror"},
    "pseudohubererror": {"objective": "reg:pseudohubererror", "huber_slope": 300.0, "base_score": 4000.0},
    "quantileerror": {"objective": "reg:quantileerror", "quantile_alpha": 0.8},
    "squaredlogerror": {"objective": "reg:squaredlogerror", "learning_rate": 1.0, "min_child_weight": 0, "SCALE": 1000},
}


def regression_objectives(folder, library, common):
    frame, x, fields = penguins("body_mass_g")
    for name, params in REGRESSION_OBJECTIVES.items():
        params = dict(params)
        scale = params.pop("SCALE", 1)
        model = xgb.XGBRegressor(**{**common, **params}).fit(
            numeric_only(x), frame["body_mass_g"].astype(float) / scale)
        full = "xgboost-regression-" + name
        model.save_model(os.path.join(folder, full + ".json"))
        write(folder, full, full + ".json", library, BODY_MASS_SCHEMA, fields, text_rows(frame[fields]),
              [[v] for v in model.predict(numeric_only(x))], None)


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    lightgbm_models(folder)
    xgboost_models(folder)
    schemas = {"binary": ADULT_SCHEMA, "multiclass": SPECIES_SCHEMA, "regression": BODY_MASS_SCHEMA}
    onnx_fixtures.numeric_models(folder, write, adult, penguins, schemas)
    onnx_fixtures.pipelines(folder, write, penguins, schemas)
    onnx_fixtures.one_column_pipelines(folder, write, text_rows)
    wide_fixtures.random_forests(folder, write, adult, ADULT_COLUMNS, ADULT_SCHEMA)
    wide_fixtures.boosters(folder, write, adult, ADULT_SCHEMA)


if __name__ == "__main__":
    main()
